"""Dates and times in plain words, in Europe/London: "Tuesday 10 March 2026", "8pm", "9:30pm"."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format

from roundtable.lib.i18n import duration_words


def clock(value: dt.datetime | dt.time) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).time()
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def day(value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return date_format(value, "l j F Y")


def when(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    return f"{day(starts_at)}, {clock(starts_at)} to {clock(ends_at)}"


def duration(minutes: int) -> str:
    """A length of time in whole minutes as people say it: "1 hour 30 minutes" (see lib.i18n)."""
    return duration_words(minutes)
