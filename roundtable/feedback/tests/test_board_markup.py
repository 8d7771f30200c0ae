"""The board's notes are drawn with little work per note (addresses, hidden inputs and theme lists are
built once or in Python); these tests check that the page still says and links what it did."""

from __future__ import annotations

from django.urls import reverse

from roundtable.feedback import boards
from roundtable.feedback.models import Note, Theme
from roundtable.feedback.tests.conftest import EVIL, add_note


def test_each_note_links_to_its_own_addresses(client, people, board):
    note = add_note(people, board)
    p, b, n = people.project.pk, board.pk, note.pk
    client.force_login(people.organiser)
    html = client.get(reverse("feedback:board", args=[p, b]) + "?order=votes&page=1").content.decode()
    assert f'action="{reverse("feedback:note_vote", args=[p, b, n])}"' in html
    assert f'action="{reverse("feedback:note_theme", args=[p, b, n])}"' in html
    assert f'href="{reverse("feedback:note_hide", args=[p, b, n])}"' in html
    assert '<input type="hidden" name="order" value="votes">' in html
    client.force_login(people.joe)
    html = client.get(reverse("feedback:board", args=[p, b])).content.decode()
    assert f'href="{reverse("feedback:note_report", args=[p, b, n])}"' in html
    assert "Give a dot" in html and "Suggest a theme, or report" in html


def test_the_theme_list_marks_the_notes_theme_and_escapes_titles(client, people, board):
    note = add_note(people, board)
    theme = boards.theme_create(actor=people.organiser, board=board, title=EVIL)
    other = boards.theme_create(actor=people.organiser, board=board, title="Money")
    Note.objects.filter(pk=note.pk).update(theme=theme)
    client.force_login(people.organiser)
    html = client.get(reverse("feedback:board", args=[people.project.pk, board.pk])).content.decode()
    assert f'<option value="{theme.pk}" selected>' in html
    assert f'<option value="{other.pk}">Money</option>' in html
    assert "<script>alert" not in html
    assert Theme.objects.count() == 2


def test_waiting_page_names_each_input(client, people, board):
    add_note(people, board, text="Evenings are better")
    Note.objects.update(created_at="2020-01-01T00:00:00Z")
    client.force_login(people.organiser)
    html = client.get(reverse("feedback:unanswered", args=[people.project.pk])).content.decode()
    assert "Notes on boards" in html and "Evenings are better" in html
    assert '<span class="govuk-body-s">(note on After the meeting' in html
    assert "<script>alert" not in html
