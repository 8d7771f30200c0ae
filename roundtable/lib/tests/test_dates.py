"""Times on the London clock: typed times, the hour the clocks skip, the hour they show twice, calendar days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from roundtable.lib.dates import (
    ClockError,
    TimeHappensTwice,
    TimeNotOnClock,
    add_calendar_days,
    clock_text,
    on_the_clock,
    parse_clock_time,
)

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
GMT = dt.timezone(dt.timedelta(0), "GMT")
BST = dt.timezone(dt.timedelta(hours=1), "BST")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("8pm", dt.time(20)),
        ("8 PM", dt.time(20)),
        ("20:00", dt.time(20)),
        ("20.00", dt.time(20)),
        ("2000", dt.time(20)),
        ("1:30am", dt.time(1, 30)),
        ("1:30am GMT", dt.time(1, 30, tzinfo=GMT)),
        ("01:30 bst", dt.time(1, 30, tzinfo=BST)),
        ("01:30 UTC", dt.time(1, 30, tzinfo=GMT)),
        ("25:00", None),
        ("GMT", None),
        ("soon", None),
        ("", None),
    ],
)
def test_typed_times(typed, expected):
    parsed = parse_clock_time(typed)
    assert parsed == expected
    if expected is not None:
        assert (parsed.tzinfo and parsed.tzinfo.utcoffset(None)) == (expected.tzinfo and expected.utcoffset())


def test_an_ordinary_time_is_on_the_london_clock():
    assert on_the_clock(dt.date(2027, 6, 15), dt.time(18)) == dt.datetime(2027, 6, 15, 17, tzinfo=UTC)
    assert on_the_clock(dt.date(2027, 12, 1), dt.time(18)) == dt.datetime(2027, 12, 1, 18, tzinfo=UTC)
    assert on_the_clock(dt.date(2027, 3, 28), dt.time(0, 59)) == dt.datetime(2027, 3, 28, 0, 59, tzinfo=UTC)
    assert on_the_clock(dt.date(2027, 3, 28), dt.time(2)) == dt.datetime(2027, 3, 28, 1, tzinfo=UTC)


@pytest.mark.parametrize("time", [dt.time(1), dt.time(1, 30), dt.time(1, 59), dt.time(1, 30, tzinfo=GMT)])
def test_a_time_the_clocks_skip_is_refused_in_plain_words(time):
    with pytest.raises(TimeNotOnClock) as error:
        on_the_clock(dt.date(2027, 3, 28), time)
    assert str(error.value) == (
        f"There is no {'1am' if time.minute == 0 else f'1:{time.minute:02d}am'} on 28 March 2027, "
        "because the clocks go forward that night. Choose another time."
    )


def test_a_time_that_happens_twice_asks_which_one_and_each_answer_is_kept():
    day, time = dt.date(2027, 10, 31), dt.time(1, 30)
    with pytest.raises(TimeHappensTwice) as error:
        on_the_clock(day, time)
    assert str(error.value) == (
        "1:30am happens twice on 31 October 2027, because the clocks go back that night. "
        "Type 1:30am BST for the first one, or 1:30am GMT for the second one."
    )
    assert on_the_clock(day, time.replace(tzinfo=BST)) == dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert on_the_clock(day, time.replace(tzinfo=GMT)) == dt.datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert on_the_clock(day, dt.time(2)) == dt.datetime(2027, 10, 31, 2, tzinfo=UTC)  # 2am comes once


def test_naming_the_wrong_zone_is_explained():
    with pytest.raises(ClockError, match="the clocks are on GMT, not BST"):
        on_the_clock(dt.date(2027, 12, 1), dt.time(18, tzinfo=BST))
    assert on_the_clock(dt.date(2027, 12, 1), dt.time(18, tzinfo=GMT)) == dt.datetime(2027, 12, 1, 18, tzinfo=UTC)


def test_clock_text_writes_back_what_can_be_typed_again():
    first = dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    second = dt.datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert (clock_text(first), clock_text(second)) == ("01:30 BST", "01:30 GMT")
    assert clock_text(dt.datetime(2027, 6, 15, 17, tzinfo=UTC)) == "18:00"
    for moment in (first, second):
        day = moment.astimezone(LONDON).date()
        assert on_the_clock(day, parse_clock_time(clock_text(moment))) == moment


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # The paper deadline from the fault report: 10 days before 8pm on 6 April 2027 is 8pm on 27 March.
        (dt.datetime(2027, 4, 6, 20, tzinfo=LONDON), -10, dt.datetime(2027, 3, 27, 20, tzinfo=LONDON)),
        (dt.datetime(2026, 10, 20, 9, tzinfo=LONDON), 7, dt.datetime(2026, 10, 27, 9, tzinfo=LONDON)),
        (dt.datetime(2027, 3, 27, 1, 30, tzinfo=LONDON), 1, dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC)),  # 2:30am
        (dt.datetime(2027, 10, 30, 1, 30, tzinfo=LONDON), 1, dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),  # first
        (dt.datetime(2027, 6, 15, 18, tzinfo=UTC), 0, dt.datetime(2027, 6, 15, 18, tzinfo=UTC)),
    ],
)
def test_calendar_days_keep_the_time_on_the_clock(start, days, expected):
    result = add_calendar_days(start, days)
    assert result == expected.astimezone(UTC)
    assert result.tzinfo == UTC
