"""How it felt, in partners' words: check-in answers summed up for the health check (issue 15).

Reads only. ``felt_summary`` gives, for "I felt heard", "I felt valued" and the four "how it felt"
questions (``models.FELT_QUESTIONS``), the average on the 1 to 5 scale, how many people answered and
the average of each London month, and the comments people wrote, without names. Partners see the
same figures as organisers, so any figure drawn from fewer than ``MIN_PEOPLE`` people is withheld:
its average and its count are both ``None``, and comments are shown only when at least
``MIN_PEOPLE`` people answered. ``selectors.py`` re-exports what is here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Aggregate, Avg, Count, DateField, Q, QuerySet
from django.db.models.functions import TruncMonth

from roundtable.feedback.models import SCALE_QUESTIONS, CheckInAnswer
from roundtable.lib.dates import zone
from roundtable.meetings.models import Meeting

# The fewest people a figure may be drawn from before we show it: with one or two, people could
# tell who gave which answer. The same rule as the health check's "not enough evidence yet".
MIN_PEOPLE = 3
# The questions summed up, in the order shown: the two the seed names first, then the four of our own.
FELT_KEYS = ("heard", "valued", "voice_changed", "enough_ways", "what_matters", "organisation_changed")
# A month's average must move by at least this many points from the month before to count as a change.
TREND_STEP = Decimal("0.25")
# The most comments returned, newest first.
COMMENTS_LIMIT = 50

_LABELS = dict(SCALE_QUESTIONS)


class Trend:
    """Which way a question's monthly average went, from the last month shown before to the latest."""

    UP = "up"
    DOWN = "down"
    SAME = "same"


@dataclass(frozen=True)
class FeltMonth:
    """One London month: ``month`` is its first day; ``average`` (1 to 5, two decimal places) and
    ``people`` are ``None`` when fewer than ``MIN_PEOPLE`` people answered the question that month."""

    month: dt.date
    average: Decimal | None
    people: int | None


@dataclass(frozen=True)
class FeltQuestion:
    """One question summed up: ``key`` (a ``CheckInAnswer`` field), ``label`` (the words people were
    asked), ``average`` (1 to 5, two decimal places) and ``people`` (how many different people answered
    it), both ``None`` when fewer than ``MIN_PEOPLE`` did; ``months`` in order, one per month with any
    answer to it."""

    key: str
    label: str
    average: Decimal | None
    people: int | None
    months: tuple[FeltMonth, ...]

    @property
    def shown(self) -> bool:
        return self.average is not None

    @property
    def trend(self) -> str | None:
        """``Trend.UP``, ``DOWN`` or ``SAME``: the latest month shown against the one shown before it
        (a move smaller than ``TREND_STEP`` points is the same). ``None`` with fewer than two months shown."""
        shown = [m.average for m in self.months if m.average is not None]
        if len(shown) < 2:
            return None
        change = shown[-1] - shown[-2]
        if change >= TREND_STEP:
            return Trend.UP
        if change <= -TREND_STEP:
            return Trend.DOWN
        return Trend.SAME


@dataclass(frozen=True)
class FeltComment:
    """Something a person wrote in a check-in, without their name: ``kind`` is ``"feeling"`` ("Anything
    else about how you feel?") or ``"change"`` ("What should we change?")."""

    kind: str
    text: str


@dataclass(frozen=True)
class FeltSummary:
    """``questions`` in the order of ``FELT_KEYS``; ``people`` how many different people answered any
    question (``None`` below ``MIN_PEOPLE``); ``comments`` newest first, empty below ``MIN_PEOPLE``."""

    questions: tuple[FeltQuestion, ...]
    people: int | None
    comments: tuple[FeltComment, ...]

    def question(self, key: str) -> FeltQuestion:
        return next(q for q in self.questions if q.key == key)


def _points(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _figures() -> dict[str, Aggregate]:
    figures: dict[str, Aggregate] = {}
    for key in FELT_KEYS:
        figures[f"{key}__avg"] = Avg(key)
        figures[f"{key}__people"] = Count("person", distinct=True, filter=Q(**{f"{key}__isnull": False}))
    return figures


def _withheld(average: float | None, people: int) -> tuple[Decimal | None, int | None]:
    if people < MIN_PEOPLE:
        return None, None
    return _points(average), people


def _answers(project, *, as_of: dt.datetime, since: dt.datetime | None) -> QuerySet[CheckInAnswer]:
    answers = CheckInAnswer.objects.filter(project=project, created_at__lte=as_of)
    if since is not None:
        answers = answers.filter(created_at__gte=since)
    return answers


def felt_summary(
    project, *, as_of: dt.datetime, since: dt.datetime | None = None, with_comments: bool = True
) -> FeltSummary:
    """How check-ins say it felt in ``project``: answers first given from ``since`` (if given) up to
    ``as_of`` (both aware; a changed answer counts from when it was first given).

    Each person's answer to each check-in counts once in an average; ``people`` counts different
    people. Months are London calendar months. Any average or count drawn from fewer than
    ``MIN_PEOPLE`` people is ``None``, and comments are empty unless ``MIN_PEOPLE`` people answered.
    ``with_comments=False`` skips reading the comments (``comments`` is then empty). Queries: two, and
    a third for the comments when they are wanted and there are enough people, whatever the amount of
    data (``tests/test_felt.py``).
    """
    answers = _answers(project, as_of=as_of, since=since)
    overall = answers.aggregate(**_figures(), people=Count("person", distinct=True))
    by_month = (
        answers.annotate(month=TruncMonth("created_at", tzinfo=zone(), output_field=DateField()))
        .order_by()
        .values("month")
        .annotate(**_figures())
        .order_by("month")
    )
    monthly: list[dict[str, Any]] = [dict(row) for row in by_month]
    questions = []
    for key in FELT_KEYS:
        average, people = _withheld(overall[f"{key}__avg"], overall[f"{key}__people"])
        months = tuple(
            FeltMonth(row["month"], *_withheld(row[f"{key}__avg"], row[f"{key}__people"]))
            for row in monthly
            if row[f"{key}__people"]
        )
        questions.append(FeltQuestion(key, str(_LABELS[key]), average, people, months))
    everyone = overall["people"]
    comments = _comments(answers) if with_comments and everyone >= MIN_PEOPLE else ()
    return FeltSummary(tuple(questions), everyone if everyone >= MIN_PEOPLE else None, comments)


def _comments(answers: QuerySet[CheckInAnswer]) -> tuple[FeltComment, ...]:
    comments: list[FeltComment] = []
    written = answers.exclude(feeling_text="", change_text="").order_by("-created_at", "-id")
    for feeling_text, change_text in written.values_list("feeling_text", "change_text")[:COMMENTS_LIMIT]:
        comments += [FeltComment(kind, text) for kind, text in (("feeling", feeling_text), ("change", change_text))
                     if text]  # fmt: skip
    return tuple(comments)


def felt_comments(project, *, as_of: dt.datetime, since: dt.datetime | None = None) -> tuple[FeltComment, ...]:
    """Only the comments of ``felt_summary`` (the same ones, by the same rule: none unless ``MIN_PEOPLE``
    people answered), without working out the averages. For a page that keeps the averages but reads what
    people wrote live. Two queries (one when fewer than ``MIN_PEOPLE`` answered)."""
    answers = _answers(project, as_of=as_of, since=since)
    people = answers.aggregate(people=Count("person", distinct=True))["people"]
    return _comments(answers) if people >= MIN_PEOPLE else ()


def next_meeting_for_check_in(project, *, as_of: dt.datetime) -> Meeting | None:
    """The project's next meeting going ahead that starts after ``as_of`` (aware), whose check-in an
    organiser can open once it has started; ``None`` when none is booked. One query."""
    return (
        Meeting.objects.filter(project=project, status=Meeting.Status.SCHEDULED, starts_at__gt=as_of)
        .order_by("starts_at", "pk")
        .first()
    )
