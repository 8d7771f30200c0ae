"""Changes to a meeting's agenda and papers are audited with the person who made them (issue 20)."""

from __future__ import annotations

import pytest

from roundtable.audit.models import AuditEvent
from roundtable.meetings import services
from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory


def _actions(actor) -> list[str]:
    return list(AuditEvent.objects.filter(actor=actor).order_by("pk").values_list("action", flat=True))


@pytest.mark.django_db
def test_agenda_changes_and_a_removed_paper_are_audited_with_the_actor(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory()
    organiser = meeting.created_by
    first = AgendaItemFactory(meeting=meeting, title="Welcome and introductions")
    AgendaItemFactory(meeting=meeting, title="What helps at bedtime")
    services.agenda_item_move(actor=organiser, item=first, up=False)
    services.agenda_settings_set(actor=organiser, meeting=meeting, data={"break_minutes": 10})
    services.agenda_item_remove(actor=organiser, item=first)
    paper = PaperFactory(meeting=meeting, title="Draft report")
    services.paper_remove(actor=organiser, paper=paper)
    actions = _actions(organiser)
    for action in (
        "meeting.agenda_item_added",
        "meeting.agenda_item_moved",
        "meeting.agenda_settings_set",
        "meeting.agenda_item_removed",
        "meeting.paper_removed",
    ):
        assert action in actions, action
    removed = AuditEvent.objects.get(action="meeting.agenda_item_removed")
    assert removed.summary == "Welcome and introductions"
    assert AuditEvent.objects.get(action="meeting.paper_removed").summary == "Draft report"
