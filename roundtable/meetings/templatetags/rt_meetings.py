"""Filters for meeting pages: clock times and dates in plain words, durations and countdowns."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from roundtable.meetings import words

register = template.Library()


@register.filter
def clock(value) -> str:
    return words.clock(value) if value else ""


@register.filter
def longday(value) -> str:
    return words.day(value) if value else ""


@register.filter
def minutes_words(value) -> str:
    return words.duration(value or 0)


@register.filter
def countdown(seconds: int) -> str:
    """'in 3 days and 4 hours', or 'passed 2 days ago'."""
    seconds = int(seconds)
    future = seconds >= 0
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours = rest // 3600
    parts = []
    if days:
        parts.append(ngettext("%(n)s day", "%(n)s days", days) % {"n": days})
    if hours or not days:
        parts.append(ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours})
    text = _(" and ").join(parts)
    return _("in %(time)s") % {"time": text} if future else _("%(time)s ago") % {"time": text}
