"""The agenda's clock times and breaks, profile suggestions, and file sniffing: pure functions."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roundtable.meetings.agenda import build_timeline
from roundtable.meetings.availability import suggest
from roundtable.meetings.uploads import sniff

LONDON = ZoneInfo("Europe/London")
START = dt.datetime(2026, 3, 10, 18, tzinfo=LONDON)


@dataclass
class Item:
    title: str
    minutes: int
    kind: str = "item"
    prepare_minutes: int = 0


def timeline(items, hours=2.5, **kw):
    args = {"break_every": 60, "break_minutes": 10, "open_minutes": 15, "overrun_minutes": 15}
    args.update(kw)
    return build_timeline(start=START, planned_end=START + dt.timedelta(hours=hours), items=items, **args)


def test_breaks_every_hour_open_discussion_and_overrun():
    t = timeline([Item("A", 40), Item("B", 40), Item("C", 30)])
    kinds = [(s.kind, s.start.strftime("%H:%M"), s.end.strftime("%H:%M")) for s in t.slots]
    assert kinds == [
        ("item", "18:00", "18:40"),
        ("auto_break", "18:40", "18:50"),
        ("item", "18:50", "19:30"),
        ("auto_break", "19:30", "19:40"),
        ("item", "19:40", "20:10"),
        ("open", "20:10", "20:25"),
        ("overrun", "20:30", "20:45"),
    ]
    assert t.over_by_minutes == 0 and t.spare_minutes == 5


def test_no_automatic_breaks_in_a_meeting_of_an_hour():
    t = timeline([Item("A", 45)], hours=1)
    assert [s.kind for s in t.slots] == ["item", "open", "overrun"]


def test_an_organisers_own_break_resets_the_clock():
    t = timeline([Item("A", 50), Item("Tea", 15, "break"), Item("B", 50)])
    assert [s.kind for s in t.slots][:3] == ["item", "break", "item"]


def test_too_long_an_agenda_is_reported():
    assert timeline([Item("A", 200)]).over_by_minutes > 0


@given(st.lists(st.integers(min_value=1, max_value=120), max_size=12))
def test_slots_follow_each_other_and_no_stretch_runs_past_the_break_rule(durations):
    t = timeline([Item(str(i), m) for i, m in enumerate(durations)], hours=8)
    body = [s for s in t.slots if s.kind != "overrun"]
    for before, after in zip(body, body[1:], strict=False):
        assert before.end == after.start
    stretch = 0
    for s in body:
        if s.kind in ("break", "auto_break"):
            stretch = 0
        else:
            stretch += s.minutes
            # only one long item on its own may exceed the hour
            assert stretch <= 60 or stretch == s.minutes
    assert sum(s.minutes for s in body if s.kind == "item") == sum(durations)


def profile(**kw):
    base = {"meeting_days": [], "meeting_from": None, "meeting_until": None, "avoid_school_holidays": False}
    base.update(kw)
    return SimpleNamespace(**base)


@pytest.mark.parametrize(
    ("prof", "start_hour", "day", "answer", "words"),
    [
        (profile(meeting_days=["mon", "tue"], meeting_from=dt.time(20)), 14, 10, "no", "from 8pm"),
        (profile(meeting_days=["mon", "tue"], meeting_from=dt.time(20)), 20, 10, "yes", "fits"),
        (profile(meeting_days=["mon"]), 20, 10, "no", "Monday"),
        (profile(meeting_until=dt.time(15)), 14, 10, "no", "until 3pm"),
        (profile(avoid_school_holidays=True), 10, 31, "no", "school holidays"),
        (profile(), 10, 10, "", ""),
    ],
)
def test_suggestions_from_the_profile(prof, start_hour, day, answer, words):
    start = dt.datetime(2026, 3, day, start_hour, tzinfo=LONDON)
    result = suggest(prof, start, start + dt.timedelta(hours=1.5), [(dt.date(2026, 3, 30), dt.date(2026, 4, 10))])
    assert result.answer == answer and words in result.note


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("ext", "body", "ok"),
    [
        ("pdf", b"%PDF-1.7\n", True),
        ("pdf", b"MZ\x90", False),
        ("doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", True),
        ("docx", _zip({"[Content_Types].xml": b"x", "word/document.xml": b"x"}), True),
        ("docx", _zip({"evil.sh": b"x"}), False),
        ("odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), True),
        ("png", b"\x89PNG\r\n\x1a\n....", True),
        ("jpg", b"\xff\xd8\xff\xe0", True),
        ("mp3", b"ID3\x04", True),
        ("m4a", b"\x00\x00\x00\x20ftypM4A ", True),
        ("wav", b"RIFF\x00\x00\x00\x00WAVEfmt ", True),
        ("wav", b"RIFF\x00\x00\x00\x00AVI ", False),
        ("exe", b"MZ", False),
    ],
)
def test_files_are_sniffed(ext, body, ok):
    assert sniff(body[:64], ext, io.BytesIO(body)) is ok
