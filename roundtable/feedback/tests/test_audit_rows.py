"""Check-ins opened and responses that answer people say who did them (issue 20)."""

from __future__ import annotations

from roundtable.audit.models import AuditEvent
from roundtable.feedback import services
from roundtable.feedback.tests.conftest import raise_barrier


def test_opening_a_check_in_is_audited_once_with_who_opened_it(people, past_meeting):
    check_in = services.check_in_open(actor=people.organiser, meeting=past_meeting, days=7)
    services.check_in_open(actor=people.organiser, meeting=past_meeting, days=7)  # already open: the same one
    row = AuditEvent.objects.get(action="check_in.opened")
    assert (row.actor, row.object_id, row.details) == (people.organiser, str(check_in.pk), {"days": 7})


def test_a_response_linked_to_what_people_said_is_audited(people):
    barrier = raise_barrier(people)
    response = services.response_create(
        actor=people.organiser, project=people.project, title="Evening meetings", outcome="changed",
        what_we_did="Meetings start at 7pm.", inputs=[f"barrier:{barrier.pk}"],
    )  # fmt: skip
    row = AuditEvent.objects.get(action="response.linked")
    assert (row.actor, row.object_id, row.details) == (people.organiser, str(response.pk), {"linked": 1})


def test_an_organiser_sorting_notes_into_themes_is_audited(people, board):
    from roundtable.feedback import boards
    from roundtable.feedback.tests.conftest import add_note

    note = add_note(people, board)
    theme = boards.theme_create(actor=people.organiser, board=board, title="Timing")
    boards.note_theme_set(actor=people.organiser, note=note, theme=theme)
    boards.note_theme_set(actor=people.organiser, note=note, theme=theme)  # already there: no second row
    assert AuditEvent.objects.get(action="board.theme_added").object_id == str(theme.pk)
    row = AuditEvent.objects.get(action="board.note_theme_set")
    assert (row.actor, row.object_id, row.details) == (people.organiser, str(note.pk), {"theme": theme.pk})
