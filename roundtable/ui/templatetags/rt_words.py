"""Filters for words any page may need: lengths of time as people say them.

``{{ claim.hours|hours_words }}`` shows Decimal("1.5") as "1 hour 30 minutes";
``{{ n|minutes_as_words }}`` shows 90 as "1 hour 30 minutes". See ``roundtable.lib.i18n``.
"""

from __future__ import annotations

from django import template

from roundtable.lib.i18n import duration_words
from roundtable.lib.i18n import hours_words as hours_in_words

register = template.Library()


@register.filter
def hours_words(value) -> str:
    """Hours (Decimal("1.5")) as "1 hour 30 minutes"; empty for no value."""
    return hours_in_words(value)


@register.filter
def minutes_as_words(value) -> str:
    """Whole minutes (90) as "1 hour 30 minutes"; empty for no value."""
    if value is None or value == "":
        return ""
    return duration_words(int(value))
