"""Credits acts a person would care about say who did them (issue 20)."""

from __future__ import annotations

from roundtable.audit.models import AuditEvent
from roundtable.credits import services


def test_setting_an_orcid_is_audited_once_per_change(people):
    services.orcid_set(actor=people.partner, orcid="0000-0002-1825-0097")
    services.orcid_set(actor=people.partner, orcid="0000-0002-1825-0097")  # the same again: no change
    services.orcid_set(actor=people.partner, orcid="")
    rows = AuditEvent.objects.filter(action="credits.orcid_set").order_by("pk")
    assert [(r.actor, r.subject, r.summary) for r in rows] == [
        (people.partner, people.partner, "0000-0002-1825-0097"),
        (people.partner, people.partner, "cleared"),
    ]
