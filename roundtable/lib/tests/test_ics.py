"""roundtable.lib.ics: RFC 5545 calendars that parse back to what went in."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from roundtable.lib.ics import CalendarEntry, build_calendar

LONDON = ZoneInfo("Europe/London")
STAMP = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)


def entry(**kw) -> CalendarEntry:
    base = {
        "uid": "meeting-1@roundtable",
        "summary": "Planning, together; again",
        "dtstamp": STAMP,
        "start": dt.datetime(2026, 3, 10, 20, tzinfo=LONDON),
        "end": dt.datetime(2026, 3, 10, 21, 30, tzinfo=LONDON),
    }
    base.update(kw)
    return CalendarEntry(**base)


def test_round_trip_with_timezone_alarms_and_escaping():
    cal = Calendar.from_ical(
        build_calendar([entry(alarm_minutes=(60, 1440), sequence=3, description="Line 1\nLine 2")])
    )
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Planning, together; again"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART") == dt.datetime(2026, 3, 10, 20, tzinfo=LONDON)
    assert event.decoded("SEQUENCE") == 3 and str(event["STATUS"]) == "CONFIRMED"
    assert str(event["DESCRIPTION"]) == "Line 1\nLine 2"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert len(event.walk("VALARM")) == 2


def test_cancelled_entries_have_no_alarms():
    (event,) = Calendar.from_ical(build_calendar([entry(cancelled=True, alarm_minutes=(60,))])).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and not event.walk("VALARM")


def test_all_day_entries_need_no_timezone():
    cal = Calendar.from_ical(
        build_calendar([CalendarEntry(uid="m@x", summary="Milestone", dtstamp=STAMP, day=dt.date(2026, 5, 1))])
    )
    (event,) = cal.walk("VEVENT")
    assert event.decoded("DTSTART") == dt.date(2026, 5, 1) and not cal.walk("VTIMEZONE")


@pytest.mark.parametrize(
    "bad",
    [
        {"start": dt.datetime(2026, 3, 10, 20), "end": dt.datetime(2026, 3, 10, 21)},
        {"end": dt.datetime(2026, 3, 10, 19, tzinfo=LONDON)},
        {"start": None},
    ],
)
def test_bad_entries_are_refused(bad):
    with pytest.raises(ValueError):
        build_calendar([entry(**bad)])


@settings(max_examples=60, deadline=None)
@given(
    start=st.datetimes(
        min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2037, 12, 1), timezones=st.just(LONDON)
    ),
    minutes=st.integers(min_value=1, max_value=600),
    summary=st.text(min_size=1, max_size=80),
)
def test_any_meeting_survives_the_round_trip(start, minutes, summary):
    start = start.replace(second=0, microsecond=0, fold=0)
    end = start + dt.timedelta(minutes=minutes)
    cal = Calendar.from_ical(build_calendar([entry(start=start, end=end, summary=summary)]))
    (event,) = cal.walk("VEVENT")
    assert event.decoded("DTSTART").astimezone(dt.UTC) == start.astimezone(dt.UTC)
    assert event.decoded("DTEND").astimezone(dt.UTC) == end.astimezone(dt.UTC)
