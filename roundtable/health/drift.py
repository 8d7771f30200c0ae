"""Drift: which signs are getting worse, so a lead sees a project before partners walk away.

Two rules (docs/health.md, "Drift"), each read from the nightly snapshots at month ends:

* **Worse this month** (``is_worse``): the sign now needs attention or is at risk, and was rated better at
  the end of last month.
* **A slow slide** (``is_sliding``): over the last ``SLIDE_MONTHS`` months the sign's measure got worse
  at every month's end, and now, each step a real move, and by at least ``SLIDE_SHARE`` of the gap
  between the sign's "good" and "at risk" lines in all. Every one of those points has enough evidence.
  A one-off dip that comes back is not a slide, and nor is a sign that got worse and then stayed put.

A sign is drifting when either rule holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from roundtable.health.models import RISK_ORDER, Rating
from roundtable.health.registry import Threshold, amount_words

# How many months a slow slide is read over: the measure at the end of each of the last three months and
# now, so three steps, each worse than the one before.
SLIDE_MONTHS = 3
# How far the measure must fall in all, as a share of the gap between the "good" and "at risk" lines
# (for a sign good at 90% and at risk below 70%: 5 points in three months).
SLIDE_SHARE = Decimal("0.25")


_RANK = {rating.value: n for n, rating in enumerate(RISK_ORDER)}


def risk_rank(rating: str | None) -> int:
    """Where a rating sorts, worst first (``RISK_ORDER``); no rating at all sorts after every rating."""
    return _RANK[rating] if rating else len(RISK_ORDER)


def is_worse(now: str | None, before: str | None) -> bool:
    """Whether a sign got worse this month: it now needs attention or is at risk, and was rated better at
    the end of last month. A sign that had no snapshot then has not drifted (nothing to compare with)."""
    if now not in (Rating.AT_RISK, Rating.ATTENTION) or not before:
        return False
    return risk_rank(now) < risk_rank(before)


def slide_needed(threshold: Threshold) -> Decimal:
    """How far a measure must fall in ``SLIDE_MONTHS`` months to be a slide, in the threshold's unit."""
    return abs(threshold.good - threshold.at_risk) * SLIDE_SHARE


def is_sliding(points: Sequence[tuple[str | None, Decimal | None]], threshold: Threshold) -> bool:
    """Whether a sign slid slowly: ``points`` are (rating, measure) at the end of each of the last
    ``SLIDE_MONTHS`` months and now, oldest first (``SLIDE_MONTHS + 1`` of them).

    True when every point has a measure with enough evidence (not "not enough evidence yet"), each step is
    worse than the one before (lower when higher is better), and the whole fall is at least
    ``slide_needed(threshold)``. Fewer points (a month with no snapshot) is never a slide.
    """
    if len(points) != SLIDE_MONTHS + 1:
        return False
    values: list[Decimal] = []
    for rating, value in points:
        if value is None or not rating or rating == Rating.NOT_ENOUGH:
            return False
        values.append(value if threshold.higher_is_better else -value)
    steps_down = all(later < earlier for earlier, later in zip(values, values[1:], strict=False))
    return steps_down and values[0] - values[-1] >= slide_needed(threshold)


def slide_words(points: Sequence[tuple[str | None, Decimal | None]], threshold: Threshold) -> str:
    """The slide in words: ``"worse each month for 3 months, from 95% to 86%"``."""
    first, last = points[0][1], points[-1][1]
    if first is None or last is None:
        return ""
    return (
        f"worse each month for {SLIDE_MONTHS} months, from {amount_words(first, threshold.unit)}"
        f" to {amount_words(last, threshold.unit)}"
    )
