"""Sign 4, "Not listened to about barriers": are barriers answered by the date we promised? (docs/health.md)

Headline: of the barriers that were answered, or whose answer date had passed, the share (%) answered on
or before their answer date (``Barrier.due_on``, a London day; "answered" is the first answer,
``responded_at``). Figures: barriers waiting past their date, barriers closed as "not possible", the middle
number of days to an answer, and meetings booked at a time that did not suit some partners, with the
organiser's reason (``Meeting.booked_despite``). Read as at ``ctx.as_of``: two queries, whatever the
number of barriers or meetings.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.urls import reverse

from roundtable.feedback.models import BARRIER_DAYS, Barrier
from roundtable.health.models import Rating
from roundtable.health.registry import Action, Figure, Finding, HealthContext, Sign, Threshold, register_sign
from roundtable.lib.dates import zone
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

    A barrier counts once it was raised by ``as_of``. It was answered then if its first answer
    (``responded_at``) came by ``as_of``; on time if that answer came on or before its answer date (London).
    Closed as "not possible" counts only if it was closed by ``as_of``. Days to answer are whole days
    (24 hours) from raising to the first answer; the figure is the middle value.
    """
    project, as_of = ctx.project, ctx.as_of
    today = as_of.astimezone(zone()).date()
    rows = Barrier.objects.filter(project=project, created_at__lte=as_of).values_list(
        "created_at", "due_on", "responded_at", "status", "closed_at"
    )
    raised = counted = on_time = overdue = not_possible = 0
    waits: list[int] = []
    for created_at, due_on, responded_at, status, closed_at in rows:
        raised += 1
        answered_at: dt.datetime | None = responded_at if responded_at and responded_at <= as_of else None
        if answered_at is not None:
            counted += 1
            waits.append((answered_at - created_at).days)
            if answered_at.astimezone(zone()).date() <= due_on:
                on_time += 1
        elif today > due_on:
            counted += 1
            overdue += 1
        if status == Barrier.Status.NOT_POSSIBLE and closed_at and closed_at <= as_of:
            not_possible += 1
    booked_anyway = Meeting.objects.filter(project=project, created_at__lte=as_of).exclude(booked_despite="").count()
    value = (Decimal(on_time * 100) / counted).quantize(Decimal("1"), ROUND_HALF_UP) if counted else None
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
            _plural(int(median(waits)), "day", "days") if waits else "None answered yet",
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
        measures="The share of barriers answered by the date we promised.",
        threshold=THRESHOLD,
        measure=measure,
    )
)
