from __future__ import annotations

from django.db.models import QuerySet

from roundtable.audit.models import AuditEvent


def audit_events_about(*, subject, limit: int = 50) -> QuerySet[AuditEvent]:
    """Acts recorded about a person, newest first, with who did them."""
    return AuditEvent.objects.filter(subject=subject).select_related("actor")[:limit]
