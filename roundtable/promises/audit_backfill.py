"""Give old audit rows their organisation, so they show in its audit log (promises migration 0003).

Rows written before audit migration 0003 have ``organisation_id`` empty. Where a row names the object it
was about (``object_type`` "app.model", ``object_id``) and that object still exists, its organisation is
known: the shortest chain of foreign keys from the object's model to ``projects.Organisation``, never
through a person (the same rule as ``projects/audit_scope.py``, worked out here on the model registry
given, so the migration can use the models as they were at that point). Rows about no object, about a
person only, or about an object since deleted stay empty: nothing says which organisation they belong to.

Idempotent (only empty rows are read, and each is written once) and batched (``batch`` rows per read,
one update per organisation per batch), so a log of millions does not fill the memory.
"""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Any

from django.core.exceptions import ValidationError

MAX_DEPTH = 4
BATCH = 2000


def path_in(model, organisation_model, user_label: str) -> tuple[str, ...] | None:
    """Field names from ``model`` to the organisation (() for an Organisation), or None. People are never crossed."""
    if model._meta.label_lower == organisation_model._meta.label_lower:
        return ()
    queue: deque[tuple[Any, tuple[str, ...]]] = deque([(model, ())])
    seen = {model._meta.label_lower}
    while queue:
        current, path = queue.popleft()
        if len(path) >= MAX_DEPTH:
            continue
        for field in current._meta.concrete_fields:
            if not (field.many_to_one or field.one_to_one) or field.related_model is None:
                continue
            label = field.related_model._meta.label_lower
            if label == user_label:
                continue
            if label == organisation_model._meta.label_lower:
                return (*path, field.name)
            if label not in seen:
                seen.add(label)
                queue.append((field.related_model, (*path, field.name)))
    return None


def _key(model, object_id: str):
    """The object's primary key as the model holds it, or None when ``object_id`` cannot be one."""
    try:
        return model._meta.pk.to_python(object_id)
    except (ValueError, TypeError, ValidationError):
        return None


def audit_organisations_fill(registry, *, user_label: str, batch: int = BATCH) -> int:
    """Fill ``organisation_id`` on audit rows that have none, where their object says which organisation.

    ``registry``: an app registry (``django.apps.apps``, or the migration's ``apps``); ``user_label``: the
    user model's label in lower case ("accounts.user"). Returns how many rows were filled.
    """
    event = registry.get_model("audit", "AuditEvent")
    organisation = registry.get_model("projects", "Organisation")
    paths: dict[str, tuple[str, ...] | None] = {}
    models: dict[str, Any] = {}
    filled = 0
    last = 0
    while True:
        rows = list(
            event.objects.filter(organisation_id__isnull=True, pk__gt=last)
            .exclude(object_type="")
            .order_by("pk")
            .values_list("pk", "object_type", "object_id")[:batch]
        )
        if not rows:
            return filled
        last = rows[-1][0]
        wanted: dict[str, dict[object, list[int]]] = defaultdict(lambda: defaultdict(list))
        for pk, object_type, object_id in rows:
            if object_type not in paths:
                app_label, _dot, model_name = object_type.partition(".")
                try:
                    models[object_type] = registry.get_model(app_label, model_name)
                except LookupError:  # a model since removed
                    paths[object_type] = None
                else:
                    paths[object_type] = path_in(models[object_type], organisation, user_label)
            if paths[object_type] is None:
                continue
            model = models[object_type]
            key = _key(model, object_id)
            if key is not None:  # an id that is not this model's kind of id: the row is left as it is
                wanted[object_type][key].append(pk)
        by_organisation: dict[int, list[int]] = defaultdict(list)
        for object_type, events in wanted.items():
            model = models[object_type]
            path = paths[object_type]
            assert path is not None
            lookup = "__".join(path) if path else "pk"
            found = model._base_manager.filter(pk__in=list(events)).values_list("pk", lookup)
            for object_pk, organisation_id in found:
                if organisation_id is not None:
                    by_organisation[organisation_id].extend(events[object_pk])
        for organisation_id, event_ids in by_organisation.items():
            filled += event.objects.filter(pk__in=event_ids, organisation_id__isnull=True).update(
                organisation_id=organisation_id
            )
