"""Build iCalendar (RFC 5545) files. Pure: no models, no database.

Calendars made here are accepted by Google Calendar, Outlook and Apple
Calendar: every event has a stable UID, a DTSTAMP, a SEQUENCE, a STATUS, and
timed events carry TZID=Europe/London with a matching VTIMEZONE component.
All-day entries (project milestones) use VALUE=DATE.

The VTIMEZONE lists every clock change from the year before the first event to
the year after the last, each change as its own STANDARD or DAYLIGHT block with
one DTSTART and no RDATE or RRULE. Readers differ on RDATE: ical.js (Thunderbird
and many web calendars) ignores a block's DTSTART when it has RDATEs, so a block
"DTSTART 2027, RDATE 2028" lost 2027 and put a June 2027 meeting an hour out.
A single DTSTART per block is read the same way by every parser
(roundtable/lib/tests/test_ics_readers.py checks ical.js and Python icalendar
against zoneinfo). A time that happens twice on the day the clocks go back is
written in UTC ("...Z"), so no reader has to guess which one is meant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

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
            event.add("dtstart", _wall_or_utc(entry.start, zone))
            event.add("dtend", _wall_or_utc(entry.end, zone))
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
        cal.add_component(vtimezone(zone, tz, first=_first(entries), last=_last(entries)))
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def _wall_or_utc(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The time on the zone's clock, or in UTC when that clock shows it twice (the hour the clocks go back)."""
    local = moment.astimezone(zone)
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return moment.astimezone(dt.UTC)
    return local


def _first(entries: list[CalendarEntry]) -> dt.date:
    starts = [e.start.date() for e in entries if e.start is not None]
    return dt.date(min(starts).year - 1, 1, 1) if starts else dt.date(1970, 1, 1)


def _last(entries: list[CalendarEntry]) -> dt.date:
    ends = [e.end.date() for e in entries if e.end is not None]
    return dt.date(max(ends).year + 1, 12, 31) if ends else dt.date(2038, 1, 1)


def clock_changes(zone: ZoneInfo, first: dt.date, last: dt.date) -> list[tuple[dt.datetime, dt.timedelta]]:
    """Every change of UTC offset from the start of ``first`` to the end of ``last`` (dates in UTC).

    Returns (instant of the change in UTC, offset before it) pairs, oldest first, to the second. Looks
    once a day, so two changes within one day (none in Europe/London since 1947) count as one.
    """
    changes: list[tuple[dt.datetime, dt.timedelta]] = []
    day = dt.datetime.combine(first, dt.time(0), tzinfo=dt.UTC)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC)
    before = _offset(day, zone)
    while day < end:
        following = day + dt.timedelta(days=1)
        after = _offset(following, zone)
        if after != before:
            low, high = day, following  # the offset is `before` at low and `after` at high
            while high - low > dt.timedelta(seconds=1):
                middle = low + dt.timedelta(seconds=(high - low) // dt.timedelta(seconds=2))
                if _offset(middle, zone) == before:
                    low = middle
                else:
                    high = middle
            changes.append((high, before))
        before, day = after, following
    return changes


def _offset(moment: dt.datetime, zone: ZoneInfo) -> dt.timedelta:
    """The UTC offset in ``zone`` at ``moment`` (aware). A ZoneInfo zone always has one, never None."""
    offset = moment.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _observance(moment: dt.datetime, zone: ZoneInfo, offset_from: dt.timedelta):
    """A STANDARD or DAYLIGHT block that starts at ``moment`` (UTC); DTSTART is on the clock before the change."""
    local = moment.astimezone(zone)
    block = TimezoneDaylight() if local.dst() else TimezoneStandard()
    block.add("dtstart", (moment + offset_from).replace(tzinfo=None))
    block.add("tzoffsetfrom", offset_from)
    block.add("tzoffsetto", local.utcoffset())
    block.add("tzname", local.tzname())
    return block


def vtimezone(zone: ZoneInfo, tzid: str, *, first: dt.date, last: dt.date) -> Timezone:
    """A VTIMEZONE for ``zone`` valid from ``first`` to ``last``: one block for the offset in force at the
    start, then one block per clock change (see the module docstring for why there is no RDATE or RRULE)."""
    component = Timezone()
    component.add("tzid", tzid)
    start = dt.datetime.combine(first, dt.time(0), tzinfo=dt.UTC)
    component.add_component(_observance(start, zone, _offset(start, zone)))
    for moment, offset_from in clock_changes(zone, first, last):
        component.add_component(_observance(moment, zone, offset_from))
    return component
