"""Issue 12: booking warns first. A time a partner's caring, contact hours or asked-for notice rules out
shows who and why before it is booked; booking anyway needs a reason, kept on the meeting.

Amira can meet Monday to Friday from 8pm and asked for 7 days' notice; Joe asked for 10. It is Monday
2 March 2026, 10am.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from roundtable.accounts.models import CommunicationProfile
from roundtable.audit.models import AuditEvent
from roundtable.meetings import services
from roundtable.meetings.availability import suggest
from roundtable.meetings.booking import BookingWarning, reasons_for
from roundtable.meetings.models import Meeting
from roundtable.meetings.tests.conftest import at, meeting_data
from roundtable.notifications.windows import next_window_start

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

FORM = {
    "title": "Planning",
    "purpose": "",
    "format": "online",
    "date": "07/03/2026",  # a Saturday, five days away (10am to 10am)
    "start_time": "10am",
    "end_time": "11am",
    "overrun_minutes": "15",
    "join_url": "https://meet.example/x",
}


def book(people, **kwargs):
    return services.meeting_create(actor=people.organiser, project=people.project, warn_first=True, **kwargs)


def test_a_time_that_suits_everyone_books_without_a_warning(people, clock):
    meeting = book(people, data=meeting_data())  # Tuesday 24 March, 8pm
    assert meeting.booking_warnings == [] and meeting.booked_despite == ""


def test_saturday_morning_at_short_notice_says_who_and_why(people, clock):
    with pytest.raises(BookingWarning) as raised:
        book(people, data=meeting_data(starts_at=at(7, 10), ends_at=at(7, 11)))
    found = {c.name: c.reasons for c in raised.value.conflicts}
    assert found == {
        "Amira Hassan": [
            "Their caring means they can meet: Monday, Tuesday, Wednesday, Thursday, Friday, from 8pm.",
            "They asked for 7 days' notice. This gives 5 days.",
        ],
        "Joe Bennett": ["They asked for 10 days' notice. This gives 5 days."],
    }  # Dr Lee is staff on the project, not a partner: not listed
    assert not Meeting.objects.exists()


def test_contact_hours_count_too(people, clock):
    CommunicationProfile.objects.filter(user=people.partner).update(
        meeting_days=[], meeting_from=None, notice_days=None, contact_from=dt.time(20), contact_until=dt.time(22, 30)
    )
    CommunicationProfile.objects.filter(user=people.joe).update(notice_days=None)
    with pytest.raises(BookingWarning) as raised:
        book(people, data=meeting_data(starts_at=at(24, 14), ends_at=at(24, 15)))
    assert [c.reasons for c in raised.value.conflicts] == [
        ["It is outside the hours they said we may contact them: 8pm to 10:30pm."]
    ]


def test_booking_anyway_keeps_the_reason_on_the_meeting_and_in_the_audit(people, clock):
    meeting = book(
        people, data=meeting_data(starts_at=at(7, 10), ends_at=at(7, 11)), despite="The funder visits that day."
    )
    assert meeting.booked_despite == "The funder visits that day."
    assert [w["name"] for w in meeting.booking_warnings] == ["Amira Hassan", "Joe Bennett"]
    event = AuditEvent.objects.get(action="meeting.created")
    assert event.details["booked_despite"] == "The funder visits that day."


def test_the_booking_page_warns_then_asks_why_then_books(people, clock):
    client = Client()
    client.force_login(people.organiser, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/projects/{people.project.pk}/meetings/new/"

    first = client.post(url, FORM)
    html = first.content.decode()
    assert first.status_code == 200 and not Meeting.objects.exists()
    assert "This time does not suit everyone taking part" in html
    assert "Joe Bennett" in html and "They asked for 10 days&#x27; notice. This gives 5 days." in html
    assert 'value="Planning"' in html  # nothing typed is lost

    no_reason = client.post(url, {**FORM, "warned": "1", "booked_despite": " "})
    assert "Say why you are booking this time anyway" in no_reason.content.decode()
    assert not Meeting.objects.exists()

    booked = client.post(url, {**FORM, "warned": "1", "booked_despite": "Only day the hall is free"})
    assert booked.status_code == 302
    assert Meeting.objects.get().booked_despite == "Only day the hall is free"


def test_moving_a_meeting_to_a_time_that_does_not_suit_warns_too(people, clock):
    meeting = book(people, data=meeting_data())
    with pytest.raises(BookingWarning) as raised:
        services.meeting_update(
            actor=people.organiser, meeting=meeting, data={"starts_at": at(28, 10), "ends_at": at(28, 11)},
            warn_first=True,
        )  # fmt: skip
    assert [c.name for c in raised.value.conflicts] == ["Amira Hassan"]  # a Saturday morning
    meeting.refresh_from_db()
    assert meeting.starts_at == at(24, 20)
    moved = services.meeting_update(
        actor=people.organiser, meeting=meeting, data={"starts_at": at(28, 10), "ends_at": at(28, 11)},
        warn_first=True, despite="Half term: the school hall is free.",
    )  # fmt: skip
    assert moved.booked_despite == "Half term: the school hall is free."
    # Changing only the place asks nothing.
    services.meeting_update(actor=people.organiser, meeting=moved, data={"dial_in": "0300 000 0000"}, warn_first=True)


def test_the_meeting_page_shows_organisers_why_it_was_booked_anyway(people, clock):
    meeting = book(
        people, data=meeting_data(starts_at=at(7, 10), ends_at=at(7, 11)), despite="The funder visits that day."
    )
    page = f"/projects/{people.project.pk}/meetings/{meeting.pk}/"
    client = Client()
    client.force_login(people.organiser, backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(page).content.decode()
    assert "This time does not suit 2 partners. It was booked anyway because:" in html
    assert "The funder visits that day." in html
    client.force_login(people.partner, backend="django.contrib.auth.backends.ModelBackend")
    assert "The funder visits that day." not in client.get(page).content.decode()  # organisers only


def test_an_hour_past_midnight_is_judged_as_the_messages_and_the_poll_judge_it():
    """A window from 8pm until 1am belongs to the day it opens: Monday's runs into Tuesday's first hour.
    Booking, the contact hours that hold messages back, and the poll's suggestion agree on it."""
    profile = CommunicationProfile(
        contact_days=["mon"], contact_from=dt.time(20), contact_until=dt.time(1),
        meeting_days=["mon"], meeting_from=dt.time(20), meeting_until=dt.time(1),
    )  # fmt: skip
    now = at(2, 10) - dt.timedelta(days=30)
    tuesday_small_hours = (at(3, 0, 15), at(3, 0, 45))  # inside Monday's windows
    assert reasons_for(profile, *tuesday_small_hours, now=now) == []
    assert next_window_start(profile, tuesday_small_hours[0]) is None
    assert suggest(profile, *tuesday_small_hours).answer == "yes"
    monday_evening = (at(2, 21), at(2, 22))
    assert reasons_for(profile, *monday_evening, now=now) == []
    assert suggest(profile, *monday_evening).answer == "yes"
    past_one = (at(2, 23, 30), at(3, 1, 30))  # runs on after the windows close at 1am
    assert reasons_for(profile, *past_one, now=now) == [
        "Their caring means they can meet: Monday, from 8pm, until 1am.",
        "It is outside the hours they said we may contact them: Monday, 8pm to 1am.",
    ]
    assert next_window_start(profile, at(3, 1, 15)) is not None
    assert suggest(profile, *past_one).reason == "caring"
    tuesday_evening = (at(3, 21), at(3, 22))  # Tuesday's window is not open
    assert len(reasons_for(profile, *tuesday_evening, now=now)) == 2
    assert next_window_start(profile, tuesday_evening[0]) is not None
