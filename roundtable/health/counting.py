"""One definition for each count that the signs, the recommendations and the reports share.

docs/health.md, "How we count", says each rule once in words; ``health/tests/test_counting.py`` checks that
sign 4, recommendation 17 and the GRIPP2, funder and UK Standards reports give the same numbers for the
same record. Anything that counts barriers, or turns a part of a whole into a share, comes here.

* **A barrier is answered** once the barrier log holds its first answer (``Barrier.responded_at``: an
  answer written, the barrier sorted, or closed as "not possible" with the reason), or a "you said, we did"
  is linked to it (``ResponseLink.answered_at``), whichever came first, by the moment read. Each of these
  tells the person who raised it.
* It was **answered on time** when that first answer came on or before its answer date (a London day).
* It is **waiting past its date** when it was not answered by the moment and its date (London) has passed.
* It is **counted** for the share on time when it was answered or is waiting past its date.
* It was **closed without words** when it was sorted with no answer written and no "you said, we did"
  (closing as "not possible" always gives the reason in words).
* **A share** is a whole percentage, half rounded up, except that it is never 100% unless it is all of
  them, and never 0% unless it is none: those edges keep two decimal places (99.5 to 99.99, 0.01 to 0.49)
  and read as "over 99%" and "under 1%" (``share_words``, ``registry.amount_words``).
* **Hours** are shown to one decimal place, and hours that are not nothing never read as "0 hours"
  ("under 0.1 hours", ``hours_words``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from statistics import median

from django.db.models import Min, Q

from roundtable.feedback.models import Barrier
from roundtable.lib.dates import zone

ONE = Decimal("1")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


# --- Shares and hours -----------------------------------------------------------------------------


def share_percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """``part`` of ``whole`` as a percentage (0 to 100); ``None`` when ``whole`` is 0 (nothing to count).

    A whole number, half rounded up, except at the edges: a share that is not all of them is never 100 (it
    stays between 99.5 and 99.99, two decimal places), and a share that is not none is never 0 (between
    0.01 and 0.49). So a rating of "all of them" (good at 100%) needs all of them, and words never say
    "100% paid" while something was not paid. Accepts whole numbers or Decimal hours.
    """
    if not whole:
        return None
    exact = Decimal(part) * 100 / Decimal(whole)
    rounded = exact.quantize(ONE, rounding=ROUND_HALF_UP)
    if rounded >= 100 and part < whole:
        return min(exact.quantize(CENT, rounding=ROUND_DOWN), Decimal("99.99"))
    if rounded <= 0 and part > 0:
        return max(exact.quantize(CENT, rounding=ROUND_UP), CENT)
    return rounded


def percent_words(value: Decimal) -> str:
    """A share from ``share_percent`` in words: ``"45%"``, ``"over 99%"``, ``"under 1%"``."""
    if 99 < value < 100:
        return "over 99%"
    if 0 < value < 1:
        return "under 1%"
    return f"{value.normalize():f}%"


def share_words(part: int | Decimal, whole: int | Decimal) -> str:
    """``part`` of ``whole`` as a share in words (``percent_words``); ``""`` when ``whole`` is 0."""
    value = share_percent(part, whole)
    return "" if value is None else percent_words(value)


def hours_number(hours: Decimal) -> str:
    """Hours to one decimal place, without a trailing ``.0``: ``"7.5"``, ``"12"``; ``"under 0.1"`` for a
    little more than nothing (never ``"0"`` when it is not nothing)."""
    if 0 < hours < Decimal("0.05"):
        return "under 0.1"
    return f"{hours.quantize(TENTH, rounding=ROUND_HALF_UP).normalize():f}"


def hours_words(hours: Decimal) -> str:
    """Hours in words: ``"7.5 hours"``, ``"1 hour"``, ``"under 0.1 hours"``, ``"0 hours"``."""
    number = hours_number(hours)
    return f"{number} hour" if number == "1" else f"{number} hours"


# --- Barriers -------------------------------------------------------------------------------------


def first_answer(
    responded_at: dt.datetime | None, linked_at: dt.datetime | None, as_of: dt.datetime
) -> dt.datetime | None:
    """When a barrier was first answered, as known at ``as_of``: the earlier of its first answer in the
    barrier log and its first "you said, we did" link, each only if it came by ``as_of``; else None."""
    times = [t for t in (responded_at, linked_at) if t is not None and t <= as_of]
    return min(times, default=None)


@dataclass
class BarrierCount:
    """Barriers raised in a window, counted by the rules above (module docstring), as at one moment.

    ``waits`` are whole days (24 hours) from raising to the first answer, one per answered barrier.
    """

    raised: int = 0
    answered: int = 0
    counted: int = 0  # answered, or waiting past the date: what the share on time is drawn from
    on_time: int = 0
    overdue: int = 0
    not_possible: int = 0
    closed_without_words: int = 0
    waits: list[int] = field(default_factory=list)

    @property
    def on_time_share(self) -> Decimal | None:
        """The share (%) answered by the date promised, of those counted (``share_percent``)."""
        return share_percent(self.on_time, self.counted)

    @property
    def middle_wait(self) -> int | None:
        """The middle number of whole days to a first answer; None when none was answered."""
        return int(median(self.waits)) if self.waits else None


def barrier_rows(project, *, as_of: dt.datetime, since: dt.datetime | None = None):
    """The barriers of ``project`` raised by ``as_of`` (and at or after ``since``), as value rows
    (created_at, due_on, responded_at, linked_at, response, status, closed_at), with the first "you said,
    we did" link that came by ``as_of``. One query when read."""
    rows = Barrier.objects.filter(project=project, created_at__lte=as_of)
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    linked = Min("response_links__answered_at", filter=Q(response_links__answered_at__lte=as_of))
    return rows.annotate(linked_at=linked).values_list(
        "created_at", "due_on", "responded_at", "linked_at", "response", "status", "closed_at"
    )


def barrier_count(project, *, as_of: dt.datetime, since: dt.datetime | None = None) -> BarrierCount:
    """The barriers of ``project`` raised by ``as_of`` (aware; and at or after ``since`` when given),
    counted as at ``as_of`` by the rules in this module's docstring. One query.

    Used by sign 4, recommendation 17 and the reports (``reports.record``), so they cannot disagree.
    """
    today = as_of.astimezone(zone()).date()
    count = BarrierCount()
    for created_at, due_on, responded_at, linked_at, response, status, closed_at in barrier_rows(
        project, as_of=as_of, since=since
    ):
        count.raised += 1
        answered_at = first_answer(responded_at, linked_at, as_of)
        if answered_at is not None:
            count.answered += 1
            count.counted += 1
            count.waits.append((answered_at - created_at).days)
            count.on_time += answered_at.astimezone(zone()).date() <= due_on
        elif today > due_on:
            count.counted += 1
            count.overdue += 1
        closed = closed_at is not None and closed_at <= as_of
        if closed and status == Barrier.Status.NOT_POSSIBLE:
            count.not_possible += 1
        if closed and closed_without_words(status=status, response=response, linked_at=linked_at):
            count.closed_without_words += 1
    return count


def closed_without_words(*, status: str, response: str, linked_at: dt.datetime | None) -> bool:
    """A closed barrier that was sorted with no answer written and no "you said, we did" linked to it."""
    return status == Barrier.Status.RESOLVED and not response.strip() and linked_at is None
