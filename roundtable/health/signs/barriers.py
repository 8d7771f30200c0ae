"""Sign 4, "Not listened to about barriers": are barriers answered by the date we promised? (docs/health.md)

Headline: of the barriers that were answered, or whose answer date had passed, the share (%) answered on
or before their answer date (``Barrier.due_on``, a London day). "Answered" is defined once, in
``health.counting`` (the barrier log's first answer, or a "you said, we did" linked to it).
Figures: barriers waiting past their date, barriers closed as "not possible", the middle number of days
to an answer, and meetings booked at a time that did not suit some partners, with the organiser's reason
(``Meeting.booked_despite``). Read as at ``ctx.as_of``: two queries, whatever the number of barriers or
meetings.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roundtable.feedback.models import BARRIER_DAYS
from roundtable.health.counting import barrier_count
from roundtable.health.models import Rating
from roundtable.health.registry import Action, Figure, Finding, HealthContext, Sign, Threshold, register_sign
from roundtable.meetings.models import Meeting

THRESHOLD = Threshold(
    unit="%",
    good=Decimal("90"),
    at_risk=Decimal("70"),
    higher_is_better=True,
    min_evidence=3,
    evidence_noun="barriers",
    evidence_noun_one="barrier",
    source=(
        "Our own starting point, to be reviewed with partners. The answer date is the barrier log's own "
        f"promise: {BARRIER_DAYS} days after a barrier is raised, unless an organiser sets another."
    ),
)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def measure(ctx: HealthContext) -> Finding:
    """Sign 4 for ``ctx.project`` as at ``ctx.as_of``. Two queries (barriers, meetings), pinned in tests.

    Barriers are counted by the shared rules in ``health.counting`` (``barrier_count``; docs/health.md,
    "How we count"): answered, answered on time, waiting past the date, closed as "not possible". Days
    to answer are whole days (24 hours) from raising to the first answer; the figure is the middle value.
    """
    project, as_of = ctx.project, ctx.as_of
    count = barrier_count(project, as_of=as_of)
    raised, counted, on_time = count.raised, count.counted, count.on_time
    overdue, not_possible = count.overdue, count.not_possible
    booked_anyway = Meeting.objects.filter(project=project, created_at__lte=as_of).exclude(booked_despite="").count()
    value = count.on_time_share
    rating = THRESHOLD.rate(value, counted)

    if not raised:
        summary = "No barriers have been raised yet."
    elif rating == Rating.NOT_ENOUGH:
        summary = (
            f"{_plural(counted, 'barrier has', 'barriers have')} reached the date for an answer so far. "
            f"We need at least {THRESHOLD.min_evidence} to see a pattern."
        )
    else:
        summary = f"{on_time} of {_plural(counted, 'barrier was', 'barriers were')} answered by the date we promised."
    if overdue:
        summary += f" {_plural(overdue, 'barrier is', 'barriers are')} still waiting past the date."
    if booked_anyway:
        summary += (
            f" {_plural(booked_anyway, 'meeting was', 'meetings were')} booked at a time "
            "that did not suit some partners."
        )

    log = reverse("feedback:barriers", args=[project.pk])
    figures = (
        Figure("Barriers raised", str(raised), f"{log}?show=all"),
        Figure("Answered by the date we promised", f"{on_time} of {counted}", f"{log}?show=all"),
        Figure("Waiting past the date for an answer", str(overdue), log),
        Figure("Closed as not possible", str(not_possible), f"{log}?show=closed"),
        Figure(
            "Days to an answer (middle value)",
            "None answered yet" if count.middle_wait is None else _plural(count.middle_wait, "day", "days"),
            f"{log}?show=all",
        ),
        Figure(
            "Meetings booked at a time that did not suit some partners",
            str(booked_anyway),
            reverse("meetings:list", args=[project.pk]),
        ),
    )
    action = Action(
        "Answer the barriers that are waiting" if overdue else "Open the barrier log",
        log,
    )
    return Finding(rating=rating, value=value, evidence=counted, summary=summary, action=action, figures=figures)


SIGN = register_sign(
    Sign(
        number=4,
        key="barriers",
        title="Not listened to about barriers",
        plain=_("We were slow to answer what gets in the way"),
        measures="The share of barriers answered by the date we promised.",
        threshold=THRESHOLD,
        measure=measure,
    )
)
