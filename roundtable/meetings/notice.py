"""How much notice a meeting's papers need, and so when they must go out. No queries.

The rule (docs/meetings.md): the meeting's own notice, or the project default (``DEFAULT_NOTICE_DAYS``),
or the longest anyone invited asked for in their profile, whichever is longest; counted in calendar
days on the London clock.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from roundtable.lib.dates import add_calendar_days
from roundtable.meetings.models import DEFAULT_NOTICE_DAYS, Meeting

if TYPE_CHECKING:
    from roundtable.meetings.selectors import Invitee


def notice_days_for(meeting: Meeting, people: list[Invitee]) -> int:
    """The notice papers need: the meeting's own, or the project default, or the longest anyone asked for."""
    base = meeting.notice_days if meeting.notice_days is not None else DEFAULT_NOTICE_DAYS
    asked = [getattr(getattr(p.user, "profile", None), "notice_days", None) or 0 for p in people]
    return max([base, *asked])


def release_deadline(meeting: Meeting, people: list[Invitee]) -> dt.datetime:
    """When papers must go out: the notice in calendar days before the start, at the same time on the
    London clock (8pm on 6 April, 10 days' notice: 8pm on 27 March, even across the clock change). UTC."""
    return add_calendar_days(meeting.starts_at, -notice_days_for(meeting, people))
