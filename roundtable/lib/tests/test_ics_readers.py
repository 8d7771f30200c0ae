"""Every calendar file reads the same in ical.js, in Python icalendar and in zoneinfo, across clock changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from roundtable.lib.ics import CalendarEntry, build_calendar, clock_changes
from roundtable.lib.tests.ics_readers import disagreements, expected

LONDON = ZoneInfo("Europe/London")
STAMP = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
UTC = dt.UTC


def london(year, month, day, hour, minute=0, fold=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON, fold=fold)


# Either side of the clock changes on 25 October 2026, 28 March 2027 and 31 October 2027, and the two
# meetings from the fault report (15 June 2027 6pm read as 7pm; 21 October 2026 8pm out by an hour).
STARTS = {
    "before-oct-2026": london(2026, 10, 24, 18),
    "night-oct-2026": london(2026, 10, 25, 0, 30),
    "first-130-oct-2026": london(2026, 10, 25, 1, 30, fold=0),  # 1:30 BST
    "second-130-oct-2026": london(2026, 10, 25, 1, 30, fold=1),  # 1:30 GMT, an hour later
    "after-oct-2026": london(2026, 10, 25, 18),
    "report-oct-2026": london(2026, 10, 21, 20),
    "before-mar-2027": london(2027, 3, 27, 18),
    "night-mar-2027": london(2027, 3, 28, 0, 30),
    "just-after-mar-2027": london(2027, 3, 28, 3),
    "after-mar-2027": london(2027, 3, 29, 18),
    "report-jun-2027": london(2027, 6, 15, 18),
    "before-oct-2027": london(2027, 10, 30, 20),
    "first-130-oct-2027": london(2027, 10, 31, 1, 30, fold=0),
    "second-130-oct-2027": london(2027, 10, 31, 1, 30, fold=1),
    "after-oct-2027": london(2027, 10, 31, 18),
    "winter-2027": london(2027, 12, 1, 19),
}


def entry(uid: str, start: dt.datetime, minutes: int = 90) -> CalendarEntry:
    return CalendarEntry(
        uid=uid, summary=uid, dtstamp=STAMP, start=start, end=(start.astimezone(UTC) + dt.timedelta(minutes=minutes))
    )


def test_london_clock_changes_are_found_to_the_second():
    changes = clock_changes(LONDON, dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    assert changes == [
        (dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC), dt.timedelta(0)),
        (dt.datetime(2026, 10, 25, 1, 0, tzinfo=UTC), dt.timedelta(hours=1)),
        (dt.datetime(2027, 3, 28, 1, 0, tzinfo=UTC), dt.timedelta(0)),
        (dt.datetime(2027, 10, 31, 1, 0, tzinfo=UTC), dt.timedelta(hours=1)),
    ]
    assert clock_changes(ZoneInfo("Asia/Tokyo"), dt.date(2026, 1, 1), dt.date(2027, 12, 31)) == []


def test_each_one_off_file_reads_the_same_in_every_parser(tmp_path):
    entries = [entry(uid, start) for uid, start in STARTS.items()]
    bodies = [build_calendar([e]) for e in entries]
    truths = [expected({e.uid: (e.start, e.end)}) for e in entries]
    assert disagreements(bodies, truths, tmp_path) == []


def test_a_feed_across_three_clock_changes_reads_the_same_in_every_parser(tmp_path):
    entries = [entry(uid, start) for uid, start in STARTS.items()]
    entries.append(CalendarEntry(uid="milestone", summary="Plan agreed", dtstamp=STAMP, day=dt.date(2027, 3, 28)))
    body = build_calendar(entries, name="Feed")
    truth = expected(
        {e.uid: (e.start, e.end) if e.day is None else (e.day, e.day + dt.timedelta(days=1)) for e in entries}
    )
    assert disagreements([body], [truth], tmp_path) == []


def test_a_time_that_happens_twice_is_written_in_utc_and_others_on_the_london_clock():
    body = build_calendar([entry("a", STARTS["second-130-oct-2027"], 30), entry("b", STARTS["report-jun-2027"])])
    assert b"DTSTART:20271031T013000Z" in body  # 1:30 GMT is 1:30 UTC
    assert b"DTEND;TZID=Europe/London:20271031T020000" in body
    assert b"DTSTART;TZID=Europe/London:20270615T180000" in body


def test_a_zone_without_clock_changes_still_has_its_offset(tmp_path):
    start = dt.datetime(2027, 6, 15, 18, tzinfo=ZoneInfo("Asia/Tokyo"))
    body = build_calendar([entry("tokyo", start)], tz="Asia/Tokyo")
    assert disagreements([body], [expected({"tokyo": (start, start + dt.timedelta(minutes=90))})], tmp_path) == []
