"""The personal calendar feed covers a bounded window, is kept while nothing changes, and costs the same
number of queries however many meetings it holds (issue 19)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from roundtable.meetings import services
from roundtable.meetings.models import Meeting
from roundtable.meetings.selectors import FEED_PAST_DAYS
from roundtable.meetings.tests.conftest import NOW, MeetingFactory, meeting_data

pytestmark = pytest.mark.django_db


def _summaries(user) -> list[str]:
    token = services.calendar_settings_for(user=user).feed_token
    response = Client().get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]


def _meeting(people, title: str, starts_at: dt.datetime) -> Meeting:
    later = NOW + dt.timedelta(days=1)
    data = meeting_data(title=title, starts_at=later, ends_at=later + dt.timedelta(hours=1))
    meeting = MeetingFactory(project=people.project, created_by=people.organiser, **data)
    if starts_at != later:  # a past meeting cannot be planned: move it there afterwards
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1))
    return meeting


def test_the_feed_keeps_the_last_90_days_and_everything_to_come(people, clock):
    _meeting(people, "Long ago", NOW - dt.timedelta(days=FEED_PAST_DAYS + 5))
    _meeting(people, "Last month", NOW - dt.timedelta(days=30))
    _meeting(people, "Next year", NOW + dt.timedelta(days=400))
    assert sorted(_summaries(people.partner)) == ["Last month", "Next year"]


def test_a_changed_meeting_is_in_the_next_feed(people, clock):
    meeting = _meeting(people, "Planning", NOW + dt.timedelta(days=3))
    assert _summaries(people.partner) == ["Planning"]
    assert _summaries(people.partner) == ["Planning"]  # from the kept copy
    # Even a change that skips save() (and so updated_at) gives a new feed: every column counts.
    Meeting.objects.filter(pk=meeting.pk).update(title="Planning, moved")
    assert _summaries(people.partner) == ["Planning, moved"]
    people.project.title = "A new name"
    people.project.save()
    token = services.calendar_settings_for(user=people.partner).feed_token
    assert b"A new name" in Client().get(f"/calendar/{token}.ics").content


def test_the_query_count_does_not_grow_with_the_meetings(people, clock):
    token = services.calendar_settings_for(user=people.partner).feed_token
    counts = []
    for more in (2, 30):
        for n in range(more):
            _meeting(people, f"Meeting {len(counts)}-{n}", NOW + dt.timedelta(days=n + 1))
        for kept in (False, True):  # built afresh, then from the kept copy
            with CaptureQueriesContext(connection) as captured:
                assert Client().get(f"/calendar/{token}.ics").status_code == 200
            counts.append((kept, len(captured.captured_queries)))
    assert counts[0] == counts[2] and counts[1] == counts[3]
    assert counts[1][1] < counts[0][1]  # the kept copy skips the build
