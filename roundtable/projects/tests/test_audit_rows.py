"""Acts a person would care about leave an audit row saying who did them (issue 20)."""

from __future__ import annotations

import datetime as dt

from roundtable.audit.models import AuditEvent
from roundtable.projects import services


def _row(action: str) -> AuditEvent:
    """The latest row for ``action`` (the test world itself already makes some, such as the offer)."""
    return AuditEvent.objects.filter(action=action).latest("pk")


def test_invitations_sent_declined_and_withdrawn_say_who(people):
    sent = AuditEvent.objects.filter(action="invitation.sent", subject=people.partner).get()
    assert sent.actor == people.organiser and sent.details == {"role": "partner"}

    declined = services.invitation_create(actor=people.organiser, project=people.project, email="joe@example.com")
    services.invitation_decline(invitation=declined, reason="Too far to travel")
    assert _row("invitation.declined").object_id == str(declined.pk)

    withdrawn = services.invitation_create(actor=people.organiser, project=people.project, email="kim@example.com")
    services.invitation_withdraw(actor=people.admin, invitation=withdrawn)
    services.invitation_withdraw(actor=people.admin, invitation=withdrawn)  # already withdrawn: no second row
    assert _row("invitation.withdrawn").actor == people.admin
    assert AuditEvent.objects.filter(action="invitation.withdrawn").count() == 1


def test_the_offer_steps_milestones_and_announcements_are_audited(people):
    services.project_offer_update(actor=people.organiser, project=people.project, data={"travel_time_paid": True})
    assert _row("project.offer_changed").details == {"fields": ["travel_time_paid"]}

    step = services.step_add(actor=people.organiser, project=people.project, title="Plan the study")
    services.step_remove(actor=people.admin, project=people.project, step=step)
    assert (_row("project.step_added").actor, _row("project.step_removed").actor) == (people.organiser, people.admin)

    milestone = services.milestone_add(
        actor=people.organiser, project=people.project, title="Report", due=dt.date(2026, 9, 1)
    )
    assert _row("project.milestone_added").object_id == str(milestone.pk)

    services.announcement_send(actor=people.organiser, project=people.project, subject="Hello", body="News.")
    sent = _row("announcement.sent")
    assert sent.actor == people.organiser and sent.summary == "Hello" and sent.details == {"recipients": 2}
