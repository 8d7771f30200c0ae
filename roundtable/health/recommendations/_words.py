"""Small helpers the recommendation modules share: plain counts and shares, London days, links.

A module whose name starts with ``_`` is not a recommendation of its own (``registry.discover`` skips it).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils import timezone

from roundtable.health.counting import share_words
from roundtable.health.registry import HealthContext

NOT_RECORDED = "Roundtable does not record this yet."


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` things in words: ``"no meetings"``, ``"1 meeting"``, ``"3 meetings"``."""
    noun = singular if n == 1 else (plural or f"{singular}s")
    return f"no {plural or singular + 's'}" if n == 0 else f"{n} {noun}"


def percent(part: int, whole: int) -> str:
    """``part`` as a share of ``whole`` in words (``health.counting.share_words``: ``"75%"``, ``"over
    99%"``, ``"under 1%"``, never 100% or 0% unless exact); ``""`` when ``whole`` is 0."""
    return share_words(part, whole)


def share(part: int, whole: int) -> str:
    """``"3 of 4 (75%)"``; ``"none yet"`` when there is nothing to count."""
    if not whole:
        return "none yet"
    return f"{part} of {whole} ({percent(part, whole)})"


def yes_no(value: bool) -> str:
    """``"Yes"`` or ``"No"``."""
    return "Yes" if value else "No"


def london_day(ctx: HealthContext) -> dt.date:
    """The London calendar day of ``ctx.as_of``."""
    return timezone.localtime(ctx.as_of).date()


def days_words(days: int | Decimal | float) -> str:
    """A number of days in words: ``"1 day"``, ``"2.5 days"``."""
    value = Decimal(str(days)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP).normalize()
    text = f"{value:f}"
    return f"{text} day" if text == "1" else f"{text} days"


def link(name: str, ctx: HealthContext) -> str:
    """The path of the project page ``name`` (a URL name taking ``project_id``), for ``ctx``'s project."""
    return reverse(name, kwargs={"project_id": ctx.project.pk})


def share_of(part: int, whole: int, noun: str) -> str:
    """``"3 of 4 meetings (75%)"``, ``"1 of 1 meeting (100%)"``: ``noun`` is a plural ending in s."""
    said = noun[:-1] if whole == 1 and noun.endswith("s") else noun
    return f"{part} of {whole} {said} ({percent(part, whole)})"


def were(n: int) -> str:
    """The verb after a count: ``"was"`` for 1, ``"were"`` otherwise."""
    return "was" if n == 1 else "were"


def listed(items: list[str]) -> str:
    """``["a", "b", "c"]`` as ``"a, b and c"``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def ago(days: int) -> str:
    """How long ago, in whole days: ``"today"``, ``"1 day ago"``, ``"5 days ago"``."""
    return "today" if days == 0 else f"{days_words(days)} ago"
