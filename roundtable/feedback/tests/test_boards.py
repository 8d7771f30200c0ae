"""Boards: notes, dot limits, themes suggested and agreed, hiding with a reason, reporting, htmx refresh."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from roundtable.feedback import boards, selectors
from roundtable.feedback.models import Note, NoteReport, Theme, ThemeSuggestion
from roundtable.feedback.tests.conftest import add_note, make_board
from roundtable.notifications.models import Message


def test_notes_are_escaped_and_limited_to_1000_letters(client, people, board):
    client.force_login(people.partner)
    url = reverse("feedback:board", args=[people.project.pk, board.pk])
    long = client.post(url, {"column": board.columns.first().pk, "text": "y" * 1001})
    assert long.status_code == 400
    text = long.content.decode()
    assert "This is 1 character too long. Please cut it to 1,000 or fewer." in text and "y" * 1001 in text
    assert "You can write up to 1,000 characters." in text
    add_note(people, board)
    html = client.get(url).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "<b>bold</b>" not in html


def test_dot_limit_per_person_and_taking_a_dot_back(people):
    board = make_board(people, votes_per_person=2)
    notes = [add_note(people, board, text=f"n{i}") for i in range(3)]
    assert boards.note_vote(actor=people.joe, note=notes[0]) is True
    assert boards.note_vote(actor=people.joe, note=notes[1]) is True
    with pytest.raises(ValidationError):
        boards.note_vote(actor=people.joe, note=notes[2])
    assert boards.note_vote(actor=people.joe, note=notes[0]) is False
    assert boards.note_vote(actor=people.joe, note=notes[2]) is True
    assert [Note.objects.get(pk=n.pk).votes for n in notes] == [0, 1, 1]


def test_dot_by_keyboard_form_without_javascript(client, people, board):
    note = add_note(people, board)
    client.force_login(people.joe)
    response = client.post(reverse("feedback:note_vote", args=[people.project.pk, board.pk, note.pk]), {"page": "1"})
    assert response.status_code == 302 and response["Location"].endswith(f"#note-{note.pk}")
    note.refresh_from_db()
    assert note.votes == 1


def test_member_suggests_theme_organiser_agrees(client, people, board):
    note = add_note(people, board)
    client.force_login(people.joe)
    client.post(reverse("feedback:note_theme", args=[people.project.pk, board.pk, note.pk]), {"theme_title": "Timing"})
    theme = Theme.objects.get()
    assert theme.status == "suggested"
    note.refresh_from_db()
    assert note.theme is None  # members only suggest
    suggestion = ThemeSuggestion.objects.get()
    client.force_login(people.organiser)
    client.post(reverse("feedback:suggestion_confirm", args=[people.project.pk, board.pk, suggestion.pk]))
    note.refresh_from_db()
    theme.refresh_from_db()
    assert note.theme == theme and theme.status == "confirmed"
    # An organiser moves a note by choosing from the list.
    other = add_note(people, board, text="Another")
    client.post(reverse("feedback:note_theme", args=[people.project.pk, board.pk, other.pk]), {"theme": theme.pk})
    other.refresh_from_db()
    assert other.theme == theme


def test_hide_with_a_reason_the_author_is_told_and_report_by_any_member(client, people, board):
    note = add_note(people, board)
    client.force_login(people.joe)
    url = reverse("feedback:note_report", args=[people.project.pk, board.pk, note.pk])
    client.post(url, {"reason": "It names my child"})
    client.post(url, {"reason": "It names my child"})
    assert NoteReport.objects.count() == 1
    assert Message.objects.filter(recipient=people.organiser, idempotency_key__startswith="note_report:").count() == 1
    client.force_login(people.partner)
    assert client.get(reverse("feedback:note_hide", args=[people.project.pk, board.pk, note.pk])).status_code == 403
    client.force_login(people.organiser)
    hide = reverse("feedback:note_hide", args=[people.project.pk, board.pk, note.pk])
    assert client.post(hide, {"reason": ""}).status_code == 200
    client.post(hide, {"reason": "It names a child."})
    note.refresh_from_db()
    assert note.is_hidden
    message = Message.objects.get(idempotency_key=f"note:{note.pk}:hidden")
    assert message.recipient == people.partner and "It names a child." in message.body
    client.force_login(people.joe)
    html = client.get(reverse("feedback:board", args=[people.project.pk, board.pk])).content.decode()
    assert "An organiser hid this note." in html and "Evenings are better" not in html


def test_htmx_refresh_returns_only_the_notes(client, people, board):
    add_note(people, board)
    client.force_login(people.joe)
    url = reverse("feedback:board", args=[people.project.pk, board.pk]) + "?part=notes"
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert html.startswith('<div id="board-notes"') and "<html" not in html
    full = client.get(reverse("feedback:board", args=[people.project.pk, board.pk])).content.decode()
    assert "htmx" in full and 'data-refresh="' in full


def test_a_meeting_board_opens_after_the_meeting_and_closes(people, past_meeting):
    board = make_board(people, meeting=past_meeting, open_days=3)
    assert board.is_open and board.closes_at is not None
    board.closes_at = board.opens_at
    with pytest.raises(ValidationError):
        boards.note_add(actor=people.joe, board=board, column=board.columns.first(), text="late")


def test_bad_page_numbers_do_not_break_the_board(client, people, board):
    client.force_login(people.joe)
    url = reverse("feedback:board", args=[people.project.pk, board.pk])
    for query in ("?page=abc", "?page=-4", "?page=99999999999999", "?column_id=x&order=<script>"):
        assert client.get(url + query).status_code == 200


def test_project_page_snippet_links_and_counts(rf, people, board):
    from django.template.loader import render_to_string

    from roundtable.feedback.tests.conftest import raise_barrier
    from roundtable.projects.permissions import project_access

    raise_barrier(people)
    for user in (people.organiser, people.partner):
        request = rf.get("/")
        request.user = user
        access = project_access(user, people.project)
        data = selectors.project_summary(project=people.project, access=access, user=user)
        html = render_to_string(
            "feedback/panels/project.html",
            {"project": people.project, "access": access, "data": data},
            request=request,
        )
        assert reverse("feedback:board", args=[people.project.pk, board.pk]) in html
        assert ("Waiting for an answer" in html) == (user == people.organiser)
        assert ("1 open" in html) == (user == people.organiser)  # Joe's barrier is not shared
