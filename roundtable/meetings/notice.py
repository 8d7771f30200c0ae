"""How much notice a meeting's papers need, and so when they must go out. No queries.

The rule (docs/meetings.md): the meeting's own notice, or the project default (``DEFAULT_NOTICE_DAYS``),
or the longest anyone invited asked for in their profile, whichever is longest; counted in calendar
days on the London clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from roundtable.lib.dates import add_calendar_days
from roundtable.meetings.models import DEFAULT_NOTICE_DAYS, Meeting

if TYPE_CHECKING:
    from roundtable.meetings.selectors import Invitee


def longest_notice(meeting: Meeting, asked: Iterable[int | None]) -> int:
    """The notice papers need, in calendar days: the meeting's own, or the project default, or the longest
    in ``asked`` (each invitee's ``notice_days`` from their profile; None when they gave none)."""
    base = meeting.notice_days if meeting.notice_days is not None else DEFAULT_NOTICE_DAYS
    return max([base, *(days or 0 for days in asked)])


def notice_days_for(meeting: Meeting, people: list[Invitee]) -> int:
    """The notice papers need: the meeting's own, or the project default, or the longest anyone asked for."""
    return longest_notice(meeting, (getattr(getattr(p.user, "profile", None), "notice_days", None) for p in people))


def deadline_after(meeting: Meeting, notice_days: int) -> dt.datetime:
    """When papers must go out given ``notice_days`` calendar days' notice: that many days before the start,
    at the same time on the London clock (8pm on 6 April, 10 days: 8pm on 27 March, even across the clock
    change). An aware datetime in UTC."""
    return add_calendar_days(meeting.starts_at, -notice_days)


def release_deadline(meeting: Meeting, people: list[Invitee]) -> dt.datetime:
    """When papers must go out for these invitees (``deadline_after`` their ``notice_days_for``). UTC."""
    return deadline_after(meeting, notice_days_for(meeting, people))
