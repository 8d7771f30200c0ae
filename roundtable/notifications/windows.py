"""Contact windows: the days and times a person said we may contact them.

A window is ``contact_days`` (empty: any day) and ``contact_from`` to
``contact_until`` in local time (Europe/London; either empty: from the start or
to the end of the day). A window that ends before it starts (8pm to 1am) runs
past midnight and belongs to the day it starts on.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import Weekday
from roundtable.lib.dates import WEEKDAY_CODES, clock_words, window_misses

_DAY_CODES = WEEKDAY_CODES  # mon..sun, Monday = 0
_LABELS = dict(Weekday.choices)


def _has_window(profile) -> bool:
    return bool(profile and (profile.contact_days or profile.contact_from or profile.contact_until))


def _spans(profile, day) -> list[tuple[datetime, datetime]]:
    """The window(s) that start on this local date, as aware datetimes."""
    days = [d for d in (profile.contact_days or []) if d in _DAY_CODES]
    if days and _DAY_CODES[day.weekday()] not in days:
        return []
    tz = timezone.get_current_timezone()
    start_time = profile.contact_from or time(0, 0)
    start = timezone.make_aware(datetime.combine(day, start_time), tz)
    if profile.contact_until is None:
        end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time(0, 0)), tz)
    elif profile.contact_until > start_time:
        end = timezone.make_aware(datetime.combine(day, profile.contact_until), tz)
    else:  # runs past midnight
        end = timezone.make_aware(datetime.combine(day + timedelta(days=1), profile.contact_until), tz)
    return [(start, end)]


def next_window_start(profile, now: datetime | None = None) -> datetime | None:
    """None if we may contact the person now; otherwise when their next window opens."""
    if not _has_window(profile):
        return None
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    for offset in range(-1, 8):
        for start, end in _spans(profile, today + timedelta(days=offset)):
            if start <= now < end:
                return None
            if start > now:
                return start
    return None  # days list had nothing we understand: do not hold the message forever


def outside_window(profile, starts_at: datetime, ends_at: datetime) -> bool:
    """True if the time from ``starts_at`` to ``ends_at`` is not all inside the person's contact window
    (False for no window). Past midnight it belongs to the day it starts on, as above
    (``lib.dates.window_misses``)."""
    if not _has_window(profile):
        return False
    return bool(window_misses(profile.contact_days, profile.contact_from, profile.contact_until, starts_at, ends_at))


def window_text(profile) -> str:
    """The window in words, for example "Monday, Tuesday, 8pm to 10:30pm"."""
    if not _has_window(profile):
        return ""
    parts = []
    days = [str(_LABELS[d]) for d in (profile.contact_days or []) if d in _LABELS]
    if days and len(days) < 7:
        parts.append(", ".join(days))
    if profile.contact_from or profile.contact_until:
        start = clock_words(profile.contact_from) if profile.contact_from else _("any time")
        end = clock_words(profile.contact_until) if profile.contact_until else _("the end of the day")
        parts.append(_("%(start)s to %(end)s") % {"start": start, "end": end})
    return ", ".join(parts) or _("any day")
