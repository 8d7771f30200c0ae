"""Calendar feeds pass the RFC 5545 checks Google, Outlook and Apple rely on. Every feed is parsed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from icalendar import Calendar

from roundtable.meetings import services
from roundtable.meetings.tests.conftest import at, meeting_data
from roundtable.projects import services as project_services


def parse(body: bytes) -> tuple[Calendar, list]:
    calendar = Calendar.from_ical(body)
    return calendar, [c for c in calendar.walk("VEVENT")]


def check_rfc5545(body: bytes) -> list:
    """The checks every feed must pass. Returns the events."""
    calendar, events = parse(body)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)), "UIDs must be unique"
    for event in events:
        assert event.get("UID") and event.get("DTSTAMP") and event.get("SUMMARY")
        assert event.get("SEQUENCE") is not None
        assert str(event["STATUS"]) in ("CONFIRMED", "CANCELLED")
        assert event.decoded("DTSTAMP").tzinfo is not None
        start = event["DTSTART"]
        if isinstance(start.dt, dt.datetime):
            # On the London clock, or in UTC for a time the clock shows twice (lib/ics.py).
            for prop in (start, event["DTEND"]):
                assert prop.params.get("TZID") == "Europe/London" or prop.dt.utcoffset() == dt.timedelta(0)
            assert "Europe/London" in zones
            assert event.decoded("DTEND") > event.decoded("DTSTART")
        for alarm in event.walk("VALARM"):
            assert str(alarm["ACTION"]) == "DISPLAY" and alarm.get("DESCRIPTION") and alarm.get("TRIGGER")
    return events


def feed(user):
    token = services.calendar_settings_for(user=user).feed_token
    return Client().get(f"/calendar/{token}.ics")


def test_the_personal_feed_has_meetings_milestones_and_alarms(people, meeting):
    project_services.milestone_add(
        actor=people.organiser, project=people.project, title="Plan agreed", due=dt.date(2026, 6, 1)
    )
    services.calendar_reminders_set(user=people.partner, minutes=[1440, 60])
    response = feed(people.partner)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = check_rfc5545(response.content)
    by_summary = {str(e["SUMMARY"]): e for e in events}
    event = by_summary["Planning the study"]
    assert str(event["UID"]) == f"meeting-{meeting.uid}@roundtable"
    assert event.decoded("DTSTART") == at(24, 20)
    assert event.decoded("DTEND") == at(24, 21, 45)  # the booked time includes the overrun
    assert sorted(a.decoded("TRIGGER") for a in event.walk("VALARM")) == [dt.timedelta(days=-1), dt.timedelta(hours=-1)]
    assert "Better sleep: Plan agreed" in by_summary
    assert by_summary["Better sleep: Plan agreed"].decoded("DTSTART") == dt.date(2026, 6, 1)


def test_changes_raise_sequence_and_keep_the_uid(people, meeting):
    first = check_rfc5545(feed(people.partner).content)[0]
    services.meeting_update(
        actor=people.organiser, meeting=meeting, data={"starts_at": at(25, 20), "ends_at": at(25, 21)}
    )
    second = check_rfc5545(feed(people.partner).content)[0]
    assert str(second["UID"]) == str(first["UID"])
    assert second.decoded("SEQUENCE") > first.decoded("SEQUENCE")
    services.meeting_cancel(actor=people.organiser, meeting=meeting)
    third = check_rfc5545(feed(people.partner).content)[0]
    assert str(third["STATUS"]) == "CANCELLED" and third.decoded("SEQUENCE") > second.decoded("SEQUENCE")
    assert not third.walk("VALARM")


def test_the_feed_crosses_the_clock_change(people):
    services.meeting_create(
        actor=people.organiser,
        project=people.project,
        data=meeting_data(title="Winter", starts_at=at(27, 20), ends_at=at(27, 21)),
    )
    services.meeting_create(
        actor=people.organiser,
        project=people.project,
        data=meeting_data(title="Summer", starts_at=at(31, 20), ends_at=at(31, 21)),
    )
    body = feed(people.partner).content
    check_rfc5545(body)
    text = body.decode()
    assert "DTSTART;TZID=Europe/London:20260327T200000" in text
    assert "DTSTART;TZID=Europe/London:20260331T200000" in text
    assert "TZNAME:BST" in text and "TZNAME:GMT" in text


def test_organisers_see_every_meeting_they_organise_outsiders_none(people, meeting):
    events = check_rfc5545(feed(people.organiser).content)
    # The project's dates (its milestones) are in the feed too; one event is the meeting.
    assert [str(e["SUMMARY"]) for e in events if str(e["UID"]).startswith("meeting-")] == [meeting.title]
    assert check_rfc5545(feed(people.outsider).content) == []


def test_a_reset_token_stops_the_old_address(people, meeting):
    old = services.calendar_settings_for(user=people.partner).feed_token
    services.calendar_token_reset(user=people.partner)
    assert Client().get(f"/calendar/{old}.ics").status_code == 404
    assert feed(people.partner).status_code == 200


def test_the_one_off_download(people, meeting):
    client = Client()
    client.force_login(people.joe, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(f"/projects/{people.project.pk}/meetings/{meeting.pk}/meeting.ics")
    assert response["Content-Disposition"].startswith("attachment")
    events = check_rfc5545(response.content)
    assert len(events) == 1 and str(events[0]["LOCATION"]) == "https://meet.example/abc"


@pytest.mark.parametrize("token", ["nope", "x" * 32])
def test_unknown_tokens_are_not_found(people, token):
    assert Client().get(f"/calendar/{token}.ics").status_code == 404


def test_the_calendar_page_lets_a_person_reset_and_choose_reminders(people):
    client = Client()
    client.force_login(people.partner, backend="django.contrib.auth.backends.ModelBackend")
    old = services.calendar_settings_for(user=people.partner).feed_token
    assert old in client.get("/calendar/").content.decode()
    client.post("/calendar/", {"action": "reset"})
    assert services.calendar_settings_for(user=people.partner).feed_token != old
    client.post("/calendar/", {"action": "reminders", "minutes": ["2880", "30"]})
    assert services.calendar_settings_for(user=people.partner).leads() == [2880, 30]
