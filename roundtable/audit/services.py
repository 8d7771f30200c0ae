from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

from roundtable.audit.models import AuditEvent

# Given the object an act was done to, the id of the organisation it belongs to, or None. Registered by
# projects (which knows organisations) in ProjectsConfig.ready(); audit cannot import it.
OrganisationFinder = Callable[[models.Model], "int | None"]
_FINDERS: list[OrganisationFinder] = []


def register_organisation_finder(finder: OrganisationFinder) -> None:
    """Add a way to find the organisation of an audited object (first answer wins)."""
    if finder not in _FINDERS:
        _FINDERS.append(finder)


def organisation_of(obj: models.Model | None) -> int | None:
    """The organisation id the registered finders give for ``obj`` (None without an object or finder)."""
    if obj is None:
        return None
    for finder in _FINDERS:
        found = finder(obj)
        if found is not None:
            return found
    return None


def audit_kind(action: str) -> str:
    """The part of the product an action belongs to: its first word ("payments.claim_approved" -> "payments")."""
    return action.split(".", 1)[0][:40]


def audit_record(
    *,
    actor: Any,
    action: str,
    subject: Any = None,
    obj: models.Model | None = None,
    by_proxy: bool = False,
    summary: str = "",
    details: dict[str, Any] | None = None,
    organisation_id: int | None = None,
) -> AuditEvent:
    """Write one audit row. Call it inside the transaction of the act it records.

    ``organisation_id`` names the organisation whose audit log shows the row; without it, it is found from
    ``obj`` (``organisation_of``: from related objects already loaded, else one query).
    """
    if organisation_id is None:
        organisation_id = organisation_of(obj)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        subject=subject if getattr(subject, "pk", None) else None,
        action=action,
        kind=audit_kind(action),
        organisation_id=organisation_id,
        by_proxy=by_proxy,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        details=details or {},
    )
