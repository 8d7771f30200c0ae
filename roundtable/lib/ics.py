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
import re
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

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


# Control characters a calendar cannot carry: every one below space except tab and newline.
_UNCARRIED = re.compile(r"[\x00-\x08\x0b-\x1f]")


def _escape_free(text: str) -> str:
    # Escaping of commas, semicolons and newlines happens in _text; here we only drop characters a
    # calendar cannot carry.
    return _UNCARRIED.sub("", text)


def build_calendar(
    entries: list[CalendarEntry], *, name: str = "", tz: str = DEFAULT_TZ, method: str = "PUBLISH"
) -> bytes:
    """An RFC 5545 calendar with one VEVENT per entry and the VTIMEZONE its times need (UTF-8, CRLF).

    Raises ValueError for an entry with neither a day nor an aware start and end, or that ends before it
    starts. The events are written as text by ``event_text`` (a feed of hundreds of entries through
    icalendar's objects took over a second); the VTIMEZONE still comes from icalendar.
    """
    return calendar_text(
        [event_text(entry, tz=tz) for entry in entries], entries=entries, name=name, tz=tz, method=method
    )


def calendar_text(
    events: list[str], *, entries: list[CalendarEntry], name: str = "", tz: str = DEFAULT_TZ, method: str = "PUBLISH"
) -> bytes:
    """The calendar around events already written by ``event_text`` (for example kept from an earlier
    build); ``entries`` are the same entries, to choose the years the VTIMEZONE covers."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        _content_line("PRODID", PRODID),
        "CALSCALE:GREGORIAN",
        _content_line("METHOD", method),
    ]
    if name:
        lines.append(_content_line("NAME", _text(name)))
        lines.append(_content_line("X-WR-CALNAME", _text(name)))
    lines.append(_content_line("X-WR-TIMEZONE", tz))
    text = "\r\n".join(lines) + "\r\n"
    if any(entry.day is None for entry in entries):
        # A VTIMEZONE covering the years the events use, generated from the tz database; it comes first so
        # that readers meet the TZID before the events that use it.
        text += _vtimezone_text(tz, _first(entries), _last(entries))
    return (text + "".join(events) + "END:VCALENDAR\r\n").encode("utf-8")


def event_text(entry: CalendarEntry, *, tz: str = DEFAULT_TZ) -> str:
    """One VEVENT (with its VALARMs) as RFC 5545 text, folded, each line ending CRLF.

    Timed entries are written on the ``tz`` clock with TZID (or in UTC for a time the clock shows
    twice), all-day entries as VALUE=DATE. Raises ValueError for an entry that cannot be written.
    """
    lines = ["BEGIN:VEVENT", _content_line("SUMMARY", _text(entry.summary))]
    if entry.day is not None:
        lines.append(f"DTSTART;VALUE=DATE:{entry.day:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{entry.day + dt.timedelta(days=1):%Y%m%d}")
    else:
        if entry.start is None or entry.end is None:
            raise ValueError("A timed entry needs a start and an end")
        if entry.start.tzinfo is None or entry.end.tzinfo is None:
            raise ValueError("Times must be timezone-aware")
        if entry.end <= entry.start:
            raise ValueError("An entry must end after it starts")
        zone = ZoneInfo(tz)
        lines.append(_moment("DTSTART", entry.start, zone, tz))
        lines.append(_moment("DTEND", entry.end, zone, tz))
    lines.append(f"DTSTAMP:{entry.dtstamp.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}")
    lines.append(_content_line("UID", _text(entry.uid)))
    lines.append(f"SEQUENCE:{int(entry.sequence)}")
    if entry.description:
        lines.append(_content_line("DESCRIPTION", _text(entry.description)))
    if entry.location:
        lines.append(_content_line("LOCATION", _text(entry.location)))
    lines.append("STATUS:CANCELLED" if entry.cancelled else "STATUS:CONFIRMED")
    if entry.day is not None:
        lines.append("TRANSP:TRANSPARENT")
    if entry.url:
        lines.append(_content_line("URL", entry.url))
    if not entry.cancelled:
        summary = _content_line("DESCRIPTION", _text(entry.summary))
        for minutes in sorted(set(entry.alarm_minutes), reverse=True):
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                summary,
                f"TRIGGER:{_before(minutes)}",
                _content_line("UID", _text(f"{entry.uid}-alarm-{minutes}")),
                "END:VALARM",
            ]
    lines.append("END:VEVENT")
    return "\r\n".join(lines) + "\r\n"


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 section 3.3.11 says (after dropping characters it cannot carry)."""
    return _escape_free(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _content_line(name: str, value: str) -> str:
    """``NAME:value`` folded at 75 octets (RFC 5545 section 3.1), never between a backslash and what it escapes
    nor inside a character."""
    line = f"{name}:{value}"
    if len(line) <= 75 and (line.isascii() or len(line.encode("utf-8")) <= 75):
        return line
    parts: list[str] = []
    if line.isascii():  # one octet a character: cut by position
        start, room = 0, 75
        while len(line) - start > room:
            cut = start + room
            if line[cut - 1] == "\\" and cut - 1 > start:
                cut -= 1
            parts.append(line[start:cut])
            start, room = cut, 74
        parts.append(line[start:])
        return "\r\n ".join(parts)
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if current and size + width > (75 if not parts else 74):
            carry = current.pop() if len(current) > 1 and current[-1] == "\\" else ""
            parts.append("".join(current))
            current, size = ([carry], 1) if carry else ([], 0)
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _moment(name: str, moment: dt.datetime, zone: ZoneInfo, tzid: str) -> str:
    local = _wall_or_utc(moment, zone)
    if local.tzinfo is dt.UTC:
        return f"{name}:{local:%Y%m%dT%H%M%SZ}"
    return f"{name};TZID={tzid}:{local:%Y%m%dT%H%M%S}"


def _before(minutes: int) -> str:
    """A TRIGGER this many minutes before the start, as an RFC 5545 duration: -P1D, -PT1H30M, -P1DT2H."""
    if minutes <= 0:
        return "PT0S"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    text = "-P" + (f"{days}D" if days else "")
    if hours or mins:
        text += "T" + (f"{hours}H" if hours else "") + (f"{mins}M" if mins else "")
    return text


@lru_cache(maxsize=32)
def _vtimezone_text(tz: str, first: dt.date, last: dt.date) -> str:
    """The VTIMEZONE block as text, worked out once per zone and span of years in each process."""
    return vtimezone(ZoneInfo(tz), tz, first=first, last=last).to_ical().decode("utf-8")


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
