"""The one rule for a window of days and hours (lib.dates.window_misses), past midnight and across a clock change."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from roundtable.lib.dates import MISSES_DAY, MISSES_FROM, MISSES_UNTIL, window_misses

LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=LONDON)  # 2 March 2026 is a Monday


EVENINGS = (["mon", "tue", "wed", "thu", "fri"], dt.time(20), None)
LATE = (["mon"], dt.time(20), dt.time(1))  # Monday 8pm until Tuesday 1am


@pytest.mark.parametrize(
    ("window", "start", "end", "misses"),
    [
        (EVENINGS, at(2, 20), at(2, 21), ""),
        (EVENINGS, at(7, 20), at(7, 21), MISSES_DAY),  # Saturday
        (EVENINGS, at(2, 19), at(2, 20), MISSES_FROM),
        ((["mon"], dt.time(9), dt.time(12)), at(2, 11), at(2, 12, 30), MISSES_UNTIL),
        ((["mon"], dt.time(9), dt.time(12)), at(2, 23), at(3, 0, 30), MISSES_UNTIL),  # into the next day
        (LATE, at(2, 21), at(2, 22), ""),
        (LATE, at(2, 23, 30), at(3, 0, 45), ""),  # across midnight, inside Monday's window
        (LATE, at(3, 0, 15), at(3, 0, 45), ""),  # Tuesday's small hours belong to Monday
        (LATE, at(2, 23, 30), at(3, 1, 30), MISSES_UNTIL),
        (LATE, at(3, 21), at(3, 22), MISSES_DAY),  # Tuesday evening: no window opens on Tuesday
        (LATE, at(2, 10), at(2, 11), MISSES_FROM),
        (LATE, at(3, 10), at(3, 11), MISSES_DAY),
        (([], None, None), at(7, 3), at(7, 4), ""),
    ],
)
def test_window_misses(window, start, end, misses):
    assert window_misses(*window, start, end) == misses


def test_the_window_is_on_the_london_clock_after_the_clocks_go_forward():
    # British Summer Time starts on 29 March 2026: 8pm that evening is 19:00 UTC.
    start = dt.datetime(2026, 3, 29, 19, 0, tzinfo=dt.UTC)
    assert window_misses([], dt.time(20), dt.time(22), start, start + dt.timedelta(hours=1)) == ""
    assert window_misses([], dt.time(20), dt.time(22), start - dt.timedelta(minutes=1), start) == MISSES_FROM
