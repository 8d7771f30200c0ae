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
from roundtable.meetings.availability import caring_misses, in_school_holidays
from roundtable.meetings.words import clock
from roundtable.notifications.windows import outside_window, window_text

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


def reasons_for(
    profile,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    *,
    now: dt.datetime,
    holidays: Sequence[tuple[dt.date, dt.date]] = (),
) -> list[str]:
    """Why this time does not suit the person with this profile (empty: it does), in the third person.

    The caring and holiday rules are the poll's (``availability.caring_misses``, ``in_school_holidays``),
    the contact hours are the messages' (``notifications.windows.outside_window``), so a time past midnight
    is judged the same way everywhere.
    """
    if profile is None:
        return []
    reasons = []
    if caring_misses(profile, starts_at, ends_at):
        parts = []
        if profile.meeting_days:
            parts.append(_days(profile.meeting_days))
        if profile.meeting_from:
            parts.append(_("from %(time)s") % {"time": clock(profile.meeting_from)})
        if profile.meeting_until:
            parts.append(_("until %(time)s") % {"time": clock(profile.meeting_until)})
        reasons.append(_("Their caring means they can meet: %(when)s.") % {"when": ", ".join(parts)})
    if in_school_holidays(profile, starts_at, holidays):
        reasons.append(_("It is in the school holidays, which they asked us to avoid."))
    if outside_window(profile, starts_at, ends_at):
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
