"""Filters for words any page may need: lengths of time as people say them.

``{{ claim.hours|hours_words }}`` shows Decimal("1.5") as "1 hour 30 minutes";
``{{ n|minutes_as_words }}`` shows 90 as "1 hour 30 minutes". See ``roundtable.lib.i18n``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

from roundtable.lib.i18n import duration_words

register = template.Library()


def hours_to_minutes(value) -> int | None:
    """Whole minutes in a number of hours (Decimal, int or string), rounded half up; None if not a number."""
    if value is None or value == "":
        return None
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not hours.is_finite():
        return None
    return int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@register.filter
def hours_words(value) -> str:
    """Hours (Decimal("1.5")) as "1 hour 30 minutes"; empty for no value."""
    minutes = hours_to_minutes(value)
    return "" if minutes is None else duration_words(minutes)


@register.filter
def minutes_as_words(value) -> str:
    """Whole minutes (90) as "1 hour 30 minutes"; empty for no value."""
    if value is None or value == "":
        return ""
    return duration_words(int(value))
