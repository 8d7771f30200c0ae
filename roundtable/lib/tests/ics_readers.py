"""Read iCalendar files the way calendar apps do, to check every time against zoneinfo.

Three readings of each DTSTART and DTEND, as seconds since 1970 in UTC (all-day entries as "YYYY-MM-DD"):
- ``icaljs``: ical.js, the parser in Thunderbird and many web calendars (npm dev dependency), run through
  node with scripts/ics_instants.mjs. It uses only the file's own VTIMEZONE.
- ``icalendar_vtimezone``: Python icalendar, with the file's own VTIMEZONE (through dateutil), as a reader
  that does not know the zone's name would do.
- ``icalendar_named``: Python icalendar as it reads by default (a known TZID is looked up in zoneinfo).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

from icalendar import Calendar

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "ics_instants.mjs"

Instants = dict[str, tuple[int | str, int | str]]  # uid -> (start, end)


def _value(value: dt.date | dt.datetime) -> int | str:
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    assert value.tzinfo is not None, f"floating time {value}: each reader would show it in its own zone"
    return int(value.timestamp())


def expected(entries: dict[str, tuple[dt.datetime | dt.date, dt.datetime | dt.date]]) -> Instants:
    """The true instants, from aware datetimes (zoneinfo) or dates, in the shape the readers give."""
    return {uid: (_value(start), _value(end)) for uid, (start, end) in entries.items()}


def icaljs(bodies: list[bytes], tmp_path: Path) -> list[Instants]:
    """ical.js's reading of each file (one node process for all of them)."""
    paths = []
    for number, body in enumerate(bodies):
        path = tmp_path / f"calendar-{number}.ics"
        path.write_bytes(body)
        paths.append(str(path))
    done = subprocess.run(  # noqa: S603 - fixed program and our own files
        ["node", str(SCRIPT), *paths], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    return [{row["uid"]: (row["start"], row["end"]) for row in read[path]} for path in paths]


def icalendar_readings(body: bytes) -> dict[str, Instants]:
    """Python icalendar's two readings of one file: with its own VTIMEZONE, and by zone name."""
    calendar = Calendar.from_ical(body)
    own = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in calendar.walk("VTIMEZONE")}
    by_vtimezone: Instants = {}
    by_name: Instants = {}
    for event in calendar.walk("VEVENT"):
        pair_own, pair_named = [], []
        for name in ("DTSTART", "DTEND"):
            prop = event[name]
            value = prop.dt
            pair_named.append(_value(value))
            if isinstance(value, dt.datetime) and "TZID" in prop.params:
                value = value.replace(tzinfo=own[str(prop.params["TZID"])])
            pair_own.append(_value(value))
        by_vtimezone[str(event["UID"])] = tuple(pair_own)
        by_name[str(event["UID"])] = tuple(pair_named)
    return {"icalendar_vtimezone": by_vtimezone, "icalendar_named": by_name}


def disagreements(bodies: list[bytes], truths: list[Instants], tmp_path: Path) -> list[str]:
    """Every reading of every file that differs from the truth, in words; empty when all readers agree."""
    faults = []
    for body, truth, js in zip(bodies, truths, icaljs(bodies, tmp_path), strict=True):
        readings = {"icaljs": js, **icalendar_readings(body)}
        for reader, got in readings.items():
            assert set(got) == set(truth), f"{reader} read events {sorted(got)}, expected {sorted(truth)}"
            for uid, (start, end) in truth.items():
                for which, want, have in (("DTSTART", start, got[uid][0]), ("DTEND", end, got[uid][1])):
                    if want != have:
                        faults.append(f"{reader} {uid} {which}: {_words(have)} instead of {_words(want)}")
    return faults


def _words(value: int | str) -> str:
    return value if isinstance(value, str) else dt.datetime.fromtimestamp(value, dt.UTC).isoformat()
