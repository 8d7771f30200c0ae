"""Which organisation an audited act belongs to, so its admins see it in their audit log.

``audit`` sits below ``projects`` and cannot know organisations, so ``ProjectsConfig.ready`` registers
``organisation_for`` with ``audit.services.register_organisation_finder``. For any model it finds, once,
the shortest chain of foreign keys to ``Organisation`` (a claim: ``project`` -> ``organisation``; a paper:
``meeting`` -> ``project`` -> ``organisation``), never through a person. It then follows the chain
through related objects already loaded, and asks the database (one query) only when one is not.
"""

from __future__ import annotations

from collections import deque
from functools import cache

from django.conf import settings
from django.db import models

MAX_DEPTH = 4


def _organisation_model() -> type[models.Model]:
    from roundtable.projects.models import Organisation

    return Organisation


@cache
def path_to_organisation(model: type[models.Model]) -> tuple[str, ...] | None:
    """The field names from ``model`` to its organisation (("project", "organisation")), () for an
    Organisation itself, or None when no chain of at most MAX_DEPTH foreign keys leads there.
    People (the user model) are never crossed: a person belongs to no single organisation."""
    target = _organisation_model()
    if model is target:
        return ()
    user_label = settings.AUTH_USER_MODEL.lower()
    queue: deque[tuple[type[models.Model], tuple[str, ...]]] = deque([(model, ())])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        if len(path) >= MAX_DEPTH:
            continue
        for field in current._meta.concrete_fields:
            if not field.many_to_one and not field.one_to_one:
                continue
            related = field.related_model
            if related is None or related._meta.label_lower == user_label:
                continue
            if related is target:
                return (*path, field.name)
            if related not in seen:
                seen.add(related)
                queue.append((related, (*path, field.name)))
    return None


def organisation_for(obj: models.Model) -> int | None:
    """The id of the organisation ``obj`` belongs to, or None (see the module docstring)."""
    path = path_to_organisation(type(obj))
    if path is None:
        return None
    if not path:
        return obj.pk
    current: models.Model | None = obj
    for index, name in enumerate(path):
        assert current is not None
        field = current._meta.get_field(name)
        if index == len(path) - 1:
            return getattr(current, field.attname)  # type: ignore[union-attr]
        if getattr(current, field.attname) is None:  # type: ignore[union-attr]
            return None
        if field.is_cached(current):  # type: ignore[union-attr]
            current = getattr(current, name)
            continue
        if current.pk is None:
            return None
        rest = "__".join(path[index:])
        return type(current)._base_manager.filter(pk=current.pk).values_list(rest, flat=True).first()
    return None
