"""Booking warns first: who a proposed meeting time leaves out, and why, before it is booked.

For each partner taking part, the time is checked against their own profile: the days and hours
their caring allows (``meeting_days``, ``meeting_from``, ``meeting_until``), school holidays if they
avoid them, the hours they said we may contact them (``contact_days``, ``contact_from``,
``contact_until``), and the notice they asked for (``notice_days``). Booking anyway needs a reason,
which is kept on the meeting (``Meeting.booked_despite``, with the warnings in ``booking_warnings``)
so the health check can count it. All times are Europe/London.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from roundtable.accounts.models import Weekday
from roundtable.meetings.availability import LONDON, WEEKDAY_CODES
from roundtable.meetings.words import clock
from roundtable.notifications.windows import window_text

_DAY_LABELS = dict(Weekday.choices)


@dataclass
class Conflict:
    """One partner the proposed time does not suit, with every reason in plain words."""

    user_id: int
    name: str
    reasons: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"user": self.user_id, "name": self.name, "reasons": self.reasons}


class BookingWarning(ValidationError):
    """The time does not suit some partners. ``conflicts`` says who and why; book anyway with a reason."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__(_("This time does not suit everyone taking part."), code="booking_warning")
        self.conflicts = conflicts


def _days(codes) -> str:
    return ", ".join(str(_DAY_LABELS[c]) for c in codes if c in _DAY_LABELS)


def _outside_window(days, start_time, end_time, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    start, end = starts_at.astimezone(LONDON), ends_at.astimezone(LONDON)
    if days and WEEKDAY_CODES[start.weekday()] not in days:
        return True
    if start_time and end_time and end_time <= start_time:  # runs past midnight: inside if after the start
        return not (start.time() >= start_time or end.time() <= end_time)
    if start_time and start.time() < start_time:
        return True
    return bool(end_time and (end.time() > end_time or end.date() > start.date()))


def reasons_for(
    profile,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    *,
    now: dt.datetime,
    holidays: Sequence[tuple[dt.date, dt.date]] = (),
) -> list[str]:
    """Why this time does not suit the person with this profile (empty: it does), in the third person."""
    if profile is None:
        return []
    reasons = []
    start = starts_at.astimezone(LONDON)
    if profile.meeting_days or profile.meeting_from or profile.meeting_until:
        if _outside_window(profile.meeting_days, profile.meeting_from, profile.meeting_until, starts_at, ends_at):
            parts = []
            if profile.meeting_days:
                parts.append(_days(profile.meeting_days))
            if profile.meeting_from:
                parts.append(_("from %(time)s") % {"time": clock(profile.meeting_from)})
            if profile.meeting_until:
                parts.append(_("until %(time)s") % {"time": clock(profile.meeting_until)})
            reasons.append(_("Their caring means they can meet: %(when)s.") % {"when": ", ".join(parts)})
    if profile.avoid_school_holidays and any(first <= start.date() <= last for first, last in holidays):
        reasons.append(_("It is in the school holidays, which they asked us to avoid."))
    if profile.contact_days or profile.contact_from or profile.contact_until:
        if _outside_window(profile.contact_days, profile.contact_from, profile.contact_until, starts_at, ends_at):
            when = window_text(profile)
            reasons.append(_("It is outside the hours they said we may contact them: %(when)s.") % {"when": when})
    if profile.notice_days:
        given = (starts_at - now).days
        if given < profile.notice_days:
            reasons.append(
                ngettext(
                    "They asked for %(asked)s days' notice. This gives %(given)s day.",
                    "They asked for %(asked)s days' notice. This gives %(given)s days.",
                    given,
                )
                % {"asked": profile.notice_days, "given": max(given, 0)}
            )
    return reasons


def booking_conflicts(
    *, people, starts_at: dt.datetime, ends_at: dt.datetime, holidays=(), now: dt.datetime | None = None
) -> list[Conflict]:
    """The partners among ``people`` (``services.Invitee`` rows) this time does not suit. No queries."""
    now = now or timezone.now()
    conflicts = []
    for person in people:
        if not person.is_partner:
            continue
        profile = getattr(person.user, "profile", None)
        reasons = reasons_for(profile, starts_at, ends_at, now=now, holidays=list(holidays))
        if reasons:
            conflicts.append(Conflict(user_id=person.user.pk, name=str(person.user), reasons=reasons))
    return conflicts
