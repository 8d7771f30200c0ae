from __future__ import annotations

from typing import Any

from django.db import models

from roundtable.audit.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    subject: Any = None,
    obj: models.Model | None = None,
    by_proxy: bool = False,
    summary: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row. Call it inside the transaction of the act it records."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        subject=subject if getattr(subject, "pk", None) else None,
        action=action,
        by_proxy=by_proxy,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        details=details or {},
    )
