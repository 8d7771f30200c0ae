"""Long lists come a page at a time: the board (newest or most dots first), barriers, inputs waiting for an answer."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse
from django.utils import timezone

from roundtable.feedback.models import Barrier, Note
from roundtable.feedback.selectors import LIST_PER_PAGE, PER_PAGE


def _notes(people, board, n, *, start=0, votes=lambda i: 0):
    column = board.columns.first()
    return Note.objects.bulk_create(
        [
            Note(project=people.project, board=board, column=column, text=f"Note number {i}.", author=people.joe,
                 votes=votes(i))
            for i in range(start, start + n)
        ]
    )  # fmt: skip


def test_board_shows_newest_first_and_page_two_has_the_next_notes(client, people, board):
    _notes(people, board, PER_PAGE + 2)
    client.force_login(people.partner)
    url = reverse("feedback:board", args=[people.project.pk, board.pk])
    first = client.get(url + "?page=1").content.decode()
    assert f"Note number {PER_PAGE + 1}." in first and "Note number 1." not in first
    assert 'href="?page=2" rel="next"' in first
    second = client.get(url + "?page=2").content.decode()
    assert "Note number 0." in second and "Note number 1." in second and f"Note number {PER_PAGE + 1}." not in second
    assert 'href="?page=1" rel="prev"' in second


def test_board_most_dots_first_keeps_its_order_in_the_pager(client, people, board):
    _notes(people, board, PER_PAGE + 2, votes=lambda i: 5 if i == 0 else 0)
    client.force_login(people.partner)
    html = client.get(reverse("feedback:board", args=[people.project.pk, board.pk]) + "?order=votes").content.decode()
    assert "Note number 0." in html  # the oldest note, with the most dots, comes first
    assert 'href="?order=votes&amp;page=2" rel="next"' in html


def test_barriers_page_two_shows_the_next_barriers(client, people):
    today = timezone.localdate()
    Barrier.objects.bulk_create(
        [
            Barrier(project=people.project, raised_by=people.joe, category="meeting_times",
                    description=f"Barrier number {i}.", due_on=today + dt.timedelta(days=i))
            for i in range(LIST_PER_PAGE + 2)
        ]
    )  # fmt: skip
    client.force_login(people.organiser)
    url = reverse("feedback:barriers", args=[people.project.pk])
    first = client.get(url).content.decode()
    assert "Barrier number 0." in first and f"Barrier number {LIST_PER_PAGE}." not in first
    assert f"Showing 1 to {LIST_PER_PAGE} of {LIST_PER_PAGE + 2}." in first
    second = client.get(url + "?show=open&page=2").content.decode()
    assert f"Barrier number {LIST_PER_PAGE}." in second and "Barrier number 0." not in second
    assert 'href="?show=open" rel="prev"' in second


def test_waiting_page_shows_one_kind_a_page_at_a_time_with_every_kind_counted(client, people, board):
    _notes(people, board, LIST_PER_PAGE + 3)
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        client.force_login(people.organiser)
        url = reverse("feedback:unanswered", args=[people.project.pk])
        first = client.get(url).content.decode()  # barriers come first, but none wait: the notes are shown
        assert f"Notes on boards: {LIST_PER_PAGE + 3} waiting too long" in first
        assert "?kind=barrier#waiting" in first and "Barriers: 0 waiting too long" in first
        assert f"Note number {LIST_PER_PAGE - 1}." in first and f"Note number {LIST_PER_PAGE}." not in first
        second = client.get(url + "?kind=note&page=2").content.decode()
        assert f"Note number {LIST_PER_PAGE}." in second and "Note number 0." not in second
        assert 'href="?kind=note" rel="prev"' in second
        barriers = client.get(url + "?kind=barrier").content.decode()
        assert "Nothing of this kind is waiting too long." in barriers and "Note number 0." not in barriers
        assert client.get(url + "?kind=nonsense&page=zz").status_code == 200
