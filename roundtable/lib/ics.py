"""Build iCalendar (RFC 5545) files. Pure: no models, no database.

Calendars made here are accepted by Google Calendar, Outlook and Apple
Calendar: every event has a stable UID, a DTSTAMP, a SEQUENCE, a STATUS, and
timed events carry TZID=Europe/London with a matching VTIMEZONE component.
All-day entries (project milestones) use VALUE=DATE.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone

PRODID = "-//Roundtable//Meetings//EN"
DEFAULT_TZ = "Europe/London"


@dataclass(frozen=True)
class CalendarEntry:
    """One VEVENT. Give ``start``/``end`` as aware datetimes, or ``day`` for an all-day entry."""

    uid: str
    summary: str
    dtstamp: dt.datetime
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    day: dt.date | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0
    cancelled: bool = False
    alarm_minutes: tuple[int, ...] = field(default_factory=tuple)


def _escape_free(text: str) -> str:
    # icalendar escapes commas, semicolons and newlines itself; we only drop characters it cannot carry.
    return "".join(ch for ch in text if ch == "\n" or ch == "\t" or ord(ch) >= 32)


def build_calendar(
    entries: list[CalendarEntry], *, name: str = "", tz: str = DEFAULT_TZ, method: str = "PUBLISH"
) -> bytes:
    """An RFC 5545 calendar with one VEVENT per entry and the VTIMEZONE its times need."""
    zone = ZoneInfo(tz)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", _escape_free(name))
        cal.add("name", _escape_free(name))
    cal.add("x-wr-timezone", tz)
    timed = False
    events = []
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", entry.dtstamp.astimezone(dt.UTC))
        if entry.day is not None:
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        else:
            if entry.start is None or entry.end is None:
                raise ValueError("A timed entry needs a start and an end")
            if entry.start.tzinfo is None or entry.end.tzinfo is None:
                raise ValueError("Times must be timezone-aware")
            if entry.end <= entry.start:
                raise ValueError("An entry must end after it starts")
            event.add("dtstart", entry.start.astimezone(zone))
            event.add("dtend", entry.end.astimezone(zone))
            timed = True
        event.add("summary", _escape_free(entry.summary))
        event.add("sequence", entry.sequence)
        event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
        if entry.description:
            event.add("description", _escape_free(entry.description))
        if entry.location:
            event.add("location", _escape_free(entry.location))
        if entry.url:
            event.add("url", entry.url)
        if not entry.cancelled:
            for minutes in sorted(set(entry.alarm_minutes), reverse=True):
                alarm = Alarm()
                alarm.add("uid", f"{entry.uid}-alarm-{minutes}")
                alarm.add("action", "DISPLAY")
                alarm.add("description", _escape_free(entry.summary))
                alarm.add("trigger", dt.timedelta(minutes=-minutes))
                event.add_component(alarm)
        events.append(event)
    if timed:
        # A VTIMEZONE covering the years the events use, generated from the tz database; it comes first so
        # that readers meet the TZID before the events that use it.
        cal.add_component(Timezone.from_tzinfo(zone, tz, first_date=_first(entries), last_date=_last(entries)))
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def _first(entries: list[CalendarEntry]) -> dt.date:
    starts = [e.start.date() for e in entries if e.start is not None]
    return dt.date(min(starts).year, 1, 1) if starts else dt.date(1970, 1, 1)


def _last(entries: list[CalendarEntry]) -> dt.date:
    ends = [e.end.date() for e in entries if e.end is not None]
    return dt.date(max(ends).year + 1, 12, 31) if ends else dt.date(2038, 1, 1)
