"""Sign 2, "Minimisation": is what people tell us answered? (docs/health.md, Sign 2)

Inputs are board notes (not hidden), anonymous feedback and named replies to what we sent (by email, text,
post or phone: ``feedback.Feedback`` with an author), check-in answers with a comment, barriers, and every
kind an app above feedback registers (``feedback.inputs``: the conversation's topics and replies by people
who are not the organisation's organisers). An input is answered when a "you said, we did" response is
linked to it (``feedback.ResponseLink``, ``answered_at``); a registered kind also when it was answered where
it was said (an organiser's reply later in the same topic); a barrier is answered by the one rule in
``health.counting`` (the barrier log's first answer, or a linked response).
Headline: of the inputs older than ``GRACE_DAYS``, the share (%) answered. Figures: inputs waiting, by
kind; the middle number of days to an answer; barriers sorted with no answer written and no response.
Read as at ``ctx.as_of``: four queries (one per kind of feedback's own inputs, themes aside), and one more per
registered kind, whatever the number of inputs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.db.models import DateTimeField, Min, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roundtable.feedback.inputs import input_kinds
from roundtable.feedback.models import UNANSWERED_AFTER_DAYS, CheckInAnswer, Feedback, Note, ResponseLink
from roundtable.health.counting import barrier_rows, closed_without_words, first_answer, share_percent
from roundtable.health.models import Rating
from roundtable.health.registry import Action, Figure, Finding, HealthContext, Sign, Threshold, register_sign
from roundtable.lib.dates import add_calendar_days

# The same wait as the "waiting for an answer" page (feedback.models.UNANSWERED_AFTER_DAYS).
GRACE_DAYS = UNANSWERED_AFTER_DAYS

THRESHOLD = Threshold(
    unit="%",
    good=Decimal("80"),
    at_risk=Decimal("50"),
    higher_is_better=True,
    min_evidence=5,
    evidence_noun="things people told us",
    evidence_noun_one="thing people told us",
    source=(
        "Our own starting point, to be reviewed with partners. The 14 days allowed for an answer are the "
        "same as on the page that lists what is waiting for an answer."
    ),
)


@dataclass
class _Tally:
    due: int = 0
    answered: int = 0
    waiting: int = 0


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def measure(ctx: HealthContext) -> Finding:
    """Sign 2 for ``ctx.project`` as at ``ctx.as_of``. Four queries (notes, feedback, check-in answers,
        barriers) and one per registered kind of input (``feedback.inputs``), pinned in tests.

        An input counts if it existed at ``as_of`` (a note only if it was not hidden then). It is answered if a
        response was linked to it by ``as_of`` (a barrier also if the barrier log's first answer came by then,
    ``counting.first_answer``). It is due
        once it is ``GRACE_DAYS`` calendar days old (London clock). Days to answer are whole days (24 hours)
        from the input to its first answer, over every input answered by ``as_of``; the figure is the middle
        value.
    """
    project, as_of = ctx.project, ctx.as_of
    cutoff = add_calendar_days(as_of, -GRACE_DAYS)
    first_link = Min("response_links__answered_at", filter=Q(response_links__answered_at__lte=as_of))
    kinds = {
        "note": Note.objects.filter(project=project, created_at__lte=as_of).filter(
            Q(hidden_at__isnull=True) | Q(hidden_at__gt=as_of)
        ),
        "feedback": Feedback.objects.filter(project=project, created_at__lte=as_of),
        "answer": CheckInAnswer.objects.filter(project=project, created_at__lte=as_of).exclude(
            feeling_text="", change_text=""
        ),
    }
    tallies = {kind: _Tally() for kind in (*kinds, "barrier")}
    waits: list[int] = []

    def count(kind: str, created_at: dt.datetime, answered_at: dt.datetime | None) -> None:
        if answered_at is not None:
            waits.append((answered_at - created_at).days)
        if created_at < cutoff:
            tallies[kind].due += 1
            if answered_at is not None:
                tallies[kind].answered += 1
            else:
                tallies[kind].waiting += 1

    for kind, rows in kinds.items():
        for created_at, answered_at in rows.annotate(first=first_link).values_list("created_at", "first"):
            count(kind, created_at, answered_at)
    registered = input_kinds()
    for other in registered:
        tallies[other.key] = _Tally()
        links = ResponseLink.objects.filter(input_kind=other.key, input_id=OuterRef("pk"), answered_at__lte=as_of)
        first = Subquery(links.order_by("answered_at").values("answered_at")[:1], output_field=DateTimeField())
        here = other.answered_here(project, as_of) if other.answered_here else Value(None, output_field=DateTimeField())
        rows = other.rows(project, as_of).annotate(first=first, here=here).values_list("created_at", "first", "here")
        for created_at, linked_at, here_at in rows:
            count(other.key, created_at, min((t for t in (linked_at, here_at) if t is not None), default=None))
    closed_silently = 0
    for created_at, _due_on, responded_at, linked_at, response, status, closed_at in barrier_rows(project, as_of=as_of):
        count("barrier", created_at, first_answer(responded_at, linked_at, as_of))
        closed = closed_at is not None and closed_at <= as_of
        if closed and closed_without_words(status=status, response=response, linked_at=linked_at):
            closed_silently += 1

    due = sum(t.due for t in tallies.values())
    answered = sum(t.answered for t in tallies.values())
    waiting = due - answered
    value = share_percent(answered, due)
    rating = THRESHOLD.rate(value, due)
    if rating == Rating.NOT_ENOUGH:
        summary = (
            f"{_plural(due, 'thing people told us is', 'things people told us are')} more than "
            f"{GRACE_DAYS} days old. We need at least {THRESHOLD.min_evidence} to see a pattern."
        )
    else:
        summary = (
            f"We answered {answered} of {_plural(due, 'thing', 'things')} people told us "
            f"more than {GRACE_DAYS} days ago."
        )
    if closed_silently:
        summary += f" {_plural(closed_silently, 'barrier was', 'barriers were')} closed with no written answer."

    waiting_page = reverse("feedback:unanswered", args=[project.pk])
    responses = reverse("feedback:responses", args=[project.pk])
    figures = (
        Figure(f"Told us more than {GRACE_DAYS} days ago", str(due), waiting_page),
        Figure("Answered with 'you said, we did' or in the barrier log", str(answered), responses),
        Figure("Still waiting for an answer", str(waiting), waiting_page),
        Figure("Board notes waiting", str(tallies["note"].waiting), waiting_page),
        Figure("Feedback and replies to what we sent waiting", str(tallies["feedback"].waiting), waiting_page),
        Figure("Check-in comments waiting", str(tallies["answer"].waiting), waiting_page),
        Figure("Barriers waiting", str(tallies["barrier"].waiting), waiting_page),
        *(Figure(f"{other.heading} waiting", str(tallies[other.key].waiting), waiting_page) for other in registered),
        Figure(
            "Days to an answer (middle value)",
            _plural(int(median(waits)), "day", "days") if waits else "None answered yet",
            responses,
        ),
        Figure(
            "Barriers closed with no written answer",
            str(closed_silently),
            reverse("feedback:barriers", args=[project.pk]) + "?show=closed",
        ),
    )
    action = Action("Answer what people told us", waiting_page)
    return Finding(rating=rating, value=value, evidence=due, summary=summary, action=action, figures=figures)


SIGN = register_sign(
    Sign(
        number=2,
        key="minimisation",
        title="Minimisation",
        plain=_("We did not answer what people told us"),
        measures="The share of things people told us that we answered.",
        threshold=THRESHOLD,
        measure=measure,
    )
)
