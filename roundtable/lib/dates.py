"""Dates and times on the London clock: typed times, times that do not exist or happen twice, and
counting calendar days. Pure: no models, no database.

Every time a person types is a time on the clock in Europe/London (the project's TIME_ZONE). Twice a
year that clock is not a simple line (source: the tz database, which follows the Summer Time Act 1972
and the EU rule of the last Sunday in March and October at 01:00 UTC):

- the clocks go forward: on the last Sunday in March, 1am becomes 2am, so 1:00am to 1:59am does not
  exist (``TimeNotOnClock``). Django's ``make_aware`` would silently save 1:30am as 2:30am;
- the clocks go back: on the last Sunday in October, 2am BST becomes 1am GMT, so 1:00am to 1:59am
  happens twice (``TimeHappensTwice``). A person says which one by typing "1:30am BST" (the first) or
  "1:30am GMT" (the second), and ``clock_text`` writes such a time back the same way.

``add_calendar_days`` counts days on the calendar at the same time on the clock: ten days before 8pm
on 6 April 2027 is 8pm on 27 March 2027, although that is 239 hours, not 240, because the clocks
go forward in between.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from roundtable.lib.i18n import day_words

# The names the clock goes by in summer and winter, and their offsets from UTC.
ZONE_NAMES = {"BST": dt.timedelta(hours=1), "GMT": dt.timedelta(0)}
TIME_FORMATS = ["%H:%M", "%H.%M", "%I:%M%p", "%I.%M%p", "%I%p", "%H%M"]
_SAID = re.compile(r"^(?P<time>.*?)(?P<zone>BST|GMT|UTC)?$")


class ClockError(ValueError):
    """A typed date and time that cannot be turned into one instant. ``str()`` is the message for the person."""


class TimeNotOnClock(ClockError):
    """The time does not exist on that day: the clocks go forward past it."""


class TimeHappensTwice(ClockError):
    """The time happens twice on that day (the clocks go back); the person must say which one."""


def zone() -> ZoneInfo:
    """The zone people's times are in (settings.TIME_ZONE, Europe/London)."""
    return ZoneInfo(settings.TIME_ZONE)


def clock_words(time: dt.time) -> str:
    """A time as people say it: "8pm", "1:30am", "12pm"."""
    hour = time.hour % 12 or 12
    suffix = "am" if time.hour < 12 else "pm"
    return f"{hour}{suffix}" if time.minute == 0 else f"{hour}:{time.minute:02d}{suffix}"


def parse_clock_time(text: str) -> dt.time | None:
    """A typed time ("8pm", "8 PM", "20:00", "20.00", "2000", "1:30am GMT") or None if it is not one.

    A time that names its zone ("BST" or "GMT", or "UTC" for GMT) comes back with a fixed-offset tzinfo
    (BST: UTC+1, GMT: UTC+0); otherwise the time is naive, meaning "on the London clock".
    """
    compact = (text or "").strip().upper().replace(" ", "")
    match = _SAID.match(compact)
    if not match or not match.group("time"):
        return None
    said = match.group("zone")
    said = "GMT" if said == "UTC" else said
    for fmt in TIME_FORMATS:
        try:
            parsed = dt.datetime.strptime(match.group("time"), fmt).time()  # noqa: DTZ007 - a time on the clock
        except ValueError:
            continue
        if said:
            return parsed.replace(tzinfo=dt.timezone(ZONE_NAMES[said], said))
        return parsed
    return None


def on_the_clock(day: dt.date, time: dt.time, tz: ZoneInfo | None = None) -> dt.datetime:
    """The instant when the London clock shows ``time`` on ``day``, as an aware datetime in UTC.

    UTC, because Python compares two datetimes in the same zone by the clock alone (1:30am BST and
    1:30am GMT would be equal), and says two datetimes that fall in the repeated hour are never equal
    across zones (PEP 495).

    ``time`` may carry a fixed-offset tzinfo from ``parse_clock_time`` ("1:30am GMT"), which says which
    of two equal times is meant. Raises TimeNotOnClock if the clock skips that time, TimeHappensTwice if
    it shows it twice and the time does not say which, and ClockError if it names a zone the clock is
    not on at that time (for example BST in December). Messages are for the person who typed the time.
    """
    tz = tz or zone()
    said = time.tzinfo
    wall = dt.datetime.combine(day, time.replace(tzinfo=None))
    first, second = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
    if _round_trips(first) is None and _round_trips(second) is None:
        raise TimeNotOnClock(
            _("There is no %(time)s on %(date)s, because the clocks go forward that night. Choose another time.")
            % {"time": clock_words(time), "date": day_words(day)}
        )
    options = [c for c in (first, second) if _round_trips(c) is not None]
    options = list({c.utcoffset(): c for c in options}.values())
    if said is not None:
        offset = said.utcoffset(None)
        chosen = [c for c in options if c.utcoffset() == offset]
        if not chosen:
            name = said.tzname(None)
            actual = options[0].tzname()
            raise ClockError(
                _("On %(date)s at %(time)s the clocks are on %(actual)s, not %(said)s. Leave out %(said)s.")
                % {"date": day_words(day), "time": clock_words(time), "actual": actual, "said": name}
            )
        return chosen[0].astimezone(dt.UTC)
    if len(options) == 2:
        raise TimeHappensTwice(
            _(
                "%(time)s happens twice on %(date)s, because the clocks go back that night. "
                "Type %(time)s BST for the first one, or %(time)s GMT for the second one."
            )
            % {"time": clock_words(time), "date": day_words(day)}
        )
    return options[0].astimezone(dt.UTC)


def _round_trips(moment: dt.datetime) -> dt.datetime | None:
    """The moment if the clock really shows its wall time (it is not in the gap), else None."""
    back = moment.astimezone(dt.UTC).astimezone(moment.tzinfo)
    return moment if back.replace(tzinfo=None) == moment.replace(tzinfo=None) else None


def clock_text(moment: dt.datetime, tz: ZoneInfo | None = None) -> str:
    """The time part of ``moment`` as typed in our forms, "20:00"; "01:30 GMT" when the clock shows it twice.

    What a form shows back can be sent again unchanged and means the same instant.
    """
    tz = tz or zone()
    local = moment.astimezone(tz)
    text = local.strftime("%H:%M")
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        text += " " + ("BST" if local.dst() else "GMT")
    return text


def add_calendar_days(moment: dt.datetime, days: int, tz: ZoneInfo | None = None) -> dt.datetime:
    """``days`` calendar days after ``moment`` (before it if negative), at the same time on the London clock.

    Returns an aware datetime in UTC (see ``on_the_clock`` for why). If that time does not exist on the
    new day (the clocks go forward past it), it is the time an hour later on the clock, the same instant
    a kitchen clock would show; if it happens twice, the first. Use this, not
    ``moment + timedelta(days=N)``, for any deadline or window said in days ("papers 10 days before",
    "open for 7 days"): a timedelta counts 24-hour blocks and moves the time on the clock by an hour
    across a clock change.
    """
    tz = tz or zone()
    local = moment.astimezone(tz)
    wall = local.replace(tzinfo=None) + dt.timedelta(days=days)
    return wall.replace(tzinfo=tz, fold=0).astimezone(dt.UTC)


# --- Windows of days and hours ----------------------------------------------------------------------
#
# A person's profile gives two windows: when their caring lets them meet (``meeting_days``,
# ``meeting_from``, ``meeting_until``) and when we may contact them (``contact_days``, ``contact_from``,
# ``contact_until``). Both read the same way, on the London clock: ``days`` (codes "mon".."sun"; empty:
# any day), from a time (empty: the start of the day) until a time (empty: no end). A window that ends
# before it starts (8pm until 1am) runs past midnight and belongs to the day it starts on, as in
# ``notifications.windows``: Monday's window runs from Monday 8pm to Tuesday 1am.

WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = date.weekday()
MISSES_DAY, MISSES_FROM, MISSES_UNTIL = "day", "from", "until"


def window_misses(days, start_time: dt.time | None, end_time: dt.time | None, starts_at, ends_at) -> str:
    """Which part of a window the time from ``starts_at`` to ``ends_at`` (aware datetimes) falls outside.

    Returns "" when it fits, ``MISSES_DAY`` when it is on a day the window is not open, ``MISSES_FROM``
    when it starts before the window opens, ``MISSES_UNTIL`` when it ends after the window closes.
    ``days``: weekday codes (``WEEKDAY_CODES``), empty for any day; times on the London clock (see above).
    """
    start, end = starts_at.astimezone(zone()), ends_at.astimezone(zone())
    if start_time and end_time and end_time <= start_time:  # runs past midnight
        if end_time <= start.time() < start_time:  # between the window's close and its next opening
            if days and WEEKDAY_CODES[start.weekday()] not in days:
                return MISSES_DAY
            return MISSES_FROM
        opened = start.date() if start.time() >= start_time else start.date() - dt.timedelta(days=1)
        if days and WEEKDAY_CODES[opened.weekday()] not in days:
            return MISSES_DAY
        closes = dt.datetime.combine(opened + dt.timedelta(days=1), end_time)
        return MISSES_UNTIL if end.replace(tzinfo=None) > closes else ""
    if days and WEEKDAY_CODES[start.weekday()] not in days:
        return MISSES_DAY
    if start_time and start.time() < start_time:
        return MISSES_FROM
    if end_time and (end.time() > end_time or end.date() > start.date()):
        return MISSES_UNTIL
    return ""
