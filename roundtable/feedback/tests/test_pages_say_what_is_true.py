"""Each page says what is true for the person reading it (issue 13, "Pages that fit every screen").

* A partner never sees a warning only an organiser can act on ("The agenda is 5 minutes longer").
* A meeting board that has not opened yet says when it opens, not "This board is closed".
* The meeting page links to its check-in.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from roundtable.feedback import services
from roundtable.feedback.tests.conftest import make_board
from roundtable.meetings import services as meeting_services
from roundtable.meetings.models import Meeting
from roundtable.meetings.tests.factories import MeetingFactory

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def meeting_at(people, start: dt.datetime, minutes: int = 60) -> Meeting:
    return MeetingFactory(
        project=people.project,
        title="Planning",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
        created_by=people.organiser,
        already_held=start <= timezone.now(),
        notify=False,
    )


def meeting_url(people, meeting) -> str:
    return reverse("meetings:meeting", args=[people.project.pk, meeting.pk])


def test_only_organisers_see_that_the_agenda_is_too_long(people):
    meeting = meeting_at(people, timezone.now() + dt.timedelta(days=7), minutes=30)
    meeting_services.agenda_item_add(
        actor=people.organiser, meeting=meeting, data={"title": "Everything", "minutes": 35, "kind": "discussion"}
    )
    warning = "longer than the meeting"
    assert warning in client_for(people.organiser).get(meeting_url(people, meeting)).content.decode()
    partner_page = client_for(people.partner).get(meeting_url(people, meeting)).content.decode()
    assert "Everything" in partner_page  # the partner sees the agenda itself
    assert warning not in partner_page


def test_a_meeting_board_that_has_not_opened_says_when_it_opens(people):
    meeting = meeting_at(people, timezone.now() + dt.timedelta(days=2))
    board = make_board(people, meeting=meeting, open_days=3)
    assert not board.is_open and board.opens_later
    html = client_for(people.partner).get(reverse("feedback:board", args=[people.project.pk, board.pk])).content
    html = html.decode()
    assert "This board is closed" not in html
    opens = timezone.localtime(board.opens_at)
    assert f"This board opens on {opens:%-d %B} at" in html
    with time_machine.travel(board.closes_at + dt.timedelta(minutes=1), tick=False):
        later = client_for(people.partner).get(reverse("feedback:board", args=[people.project.pk, board.pk]))
        assert "This board is closed" in later.content.decode()


def test_the_meeting_page_links_to_its_check_in(people):
    meeting = meeting_at(people, timezone.now() - dt.timedelta(hours=3))
    check_in_url = reverse("feedback:check_in", args=[people.project.pk, meeting.pk])
    # Before a check-in is opened: the organiser is offered one, a partner is shown nothing to follow.
    assert check_in_url in client_for(people.organiser).get(meeting_url(people, meeting)).content.decode()
    assert check_in_url not in client_for(people.partner).get(meeting_url(people, meeting)).content.decode()
    services.check_in_open(actor=people.organiser, meeting=meeting, days=7)
    html = client_for(people.partner).get(meeting_url(people, meeting)).content.decode()
    assert f'href="{check_in_url}"' in html and "Tell us how the meeting went for you" in html
