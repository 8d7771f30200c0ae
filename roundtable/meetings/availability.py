"""What a person's profile says about a possible meeting time, and how poll options are ranked.

Pure functions over plain values. ``suggest`` pre-fills a poll answer from the person's own caring
constraints (meeting days, earliest start, latest finish, school holidays); the person sees why and
can change it. ``rank_options`` puts first the times all partners can make: a partner's "no" weighs
more than a staff member's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from roundtable.accounts.models import Weekday
from roundtable.lib.dates import MISSES_DAY, MISSES_FROM, MISSES_UNTIL, window_misses

if TYPE_CHECKING:
    from roundtable.meetings.models import PollOption

LONDON = ZoneInfo("Europe/London")

# How much one answer counts against an option. A partner's "no" weighs three times a staff member's.
WEIGHTS = {
    ("partner", "no"): 30,
    ("partner", "if_need_be"): 5,
    ("staff", "no"): 10,
    ("staff", "if_need_be"): 2,
}


@dataclass(frozen=True)
class Suggestion:
    answer: str  # yes, if_need_be or no
    reason: str = ""  # a Reason value
    note: str = ""


def _time_words(value: dt.time) -> str:
    from roundtable.meetings.words import clock

    return clock(value)


def caring_misses(profile, starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """Which part of the person's caring window (``meeting_days``, ``meeting_from``, ``meeting_until``) a
    time falls outside: "" if it fits or they gave none, else ``lib.dates.MISSES_DAY``, ``MISSES_FROM`` or
    ``MISSES_UNTIL``. The rule, past midnight too, is ``lib.dates.window_misses``."""
    if profile is None:
        return ""
    return window_misses(profile.meeting_days, profile.meeting_from, profile.meeting_until, starts_at, ends_at)


def in_school_holidays(profile, starts_at: dt.datetime, holidays) -> bool:
    """True if the person asked us to avoid school holidays and the time starts (London date) in one.
    ``holidays``: (first day, last day) pairs, both included."""
    if profile is None or not profile.avoid_school_holidays:
        return False
    day = starts_at.astimezone(LONDON).date()
    return any(first <= day <= last for first, last in holidays)


def suggest(
    profile,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    holidays: Sequence[tuple[dt.date, dt.date]] = (),
) -> Suggestion:
    """The answer a person's profile points to for one option, with the reason in plain words."""
    if profile is None:
        return Suggestion("")
    days = list(profile.meeting_days or [])
    misses = caring_misses(profile, starts_at, ends_at)
    if misses == MISSES_DAY:
        labels = ", ".join(str(Weekday(d).label) for d in days if d in Weekday.values)
        return Suggestion("no", "caring", _("Your profile says you can meet on: %(days)s.") % {"days": labels})
    if misses == MISSES_FROM:
        return Suggestion(
            "no",
            "caring",
            _("Your profile says you can meet from %(time)s.") % {"time": _time_words(profile.meeting_from)},
        )
    if misses == MISSES_UNTIL:
        return Suggestion(
            "no",
            "caring",
            _("Your profile says you can meet until %(time)s.") % {"time": _time_words(profile.meeting_until)},
        )
    if in_school_holidays(profile, starts_at, holidays):
        return Suggestion("no", "childcare", _("Your profile says you avoid school holidays."))
    if days or profile.meeting_from or profile.meeting_until:
        return Suggestion("yes", "", _("This fits the times in your profile."))
    return Suggestion("")


@dataclass
class OptionScore:
    option: PollOption
    answers: list = field(default_factory=list)  # rows with .answer, .reason, .is_partner, .name
    yes: int = 0
    if_need_be: int = 0
    no: int = 0
    partners_no: int = 0
    partners_if_need_be: int = 0
    weight: int = 0
    left_out: list = field(default_factory=list)  # names of people who said no
    costs: dict = field(default_factory=dict)  # reason label -> how many people (no or if need be)

    @property
    def all_partners_can(self) -> bool:
        return self.partners_no == 0


def score_option(option, answers: list) -> OptionScore:
    from roundtable.meetings.models import Reason

    labels = dict(Reason.choices)
    score = OptionScore(option=option, answers=answers)
    for row in answers:
        who = "partner" if row.is_partner else "staff"
        if row.answer == "yes":
            score.yes += 1
        elif row.answer == "if_need_be":
            score.if_need_be += 1
            score.partners_if_need_be += row.is_partner
        elif row.answer == "no":
            score.no += 1
            score.partners_no += row.is_partner
            score.left_out.append(row.name)
        score.weight += WEIGHTS.get((who, row.answer), 0)
        if row.answer in ("no", "if_need_be") and row.reason:
            label = str(labels.get(row.reason, row.reason))
            score.costs[label] = score.costs.get(label, 0) + 1
    return score


def rank_options(scores: list[OptionScore]) -> list[OptionScore]:
    """Best first: no partner left out, then the lightest weight of no and if-need-be, then the earliest."""
    return sorted(scores, key=lambda s: (s.partners_no, s.weight, s.partners_if_need_be, s.option.starts_at))
