"""Sign 6, "No information in advance": were meeting papers with every member by their release deadline?

A held meeting counts when it had papers (uploaded before it started): its papers reached every member
in time when each was released before the meeting and none was late (``Paper.is_late``, kept by
``meetings.services.papers_release`` against the deadline in force: 7 days by default or the longest
notice anyone asked for, the seed's recommendation 7). ``PaperRecipient`` rows give who got papers late.
Everything is read as at ``ctx.as_of``: a paper released after that moment was not released then.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roundtable.health.counting import share_percent
from roundtable.health.models import Rating
from roundtable.health.registry import Action, Figure, Finding, HealthContext, Sign, Threshold, register_sign
from roundtable.meetings.models import Meeting, Paper, PaperRecipient
from roundtable.projects.models import Project

THRESHOLD = Threshold(
    unit="%",
    good=Decimal("90"),
    at_risk=Decimal("70"),
    higher_is_better=True,
    min_evidence=3,
    evidence_noun="meetings with papers",
    evidence_noun_one="meeting with papers",
    source="The 7-day deadline is a parent carer's recommendation 7. The 90% and 70% are our own starting point, "
    "to be reviewed with partners.",
)


def _share(part: int, whole: int) -> Decimal | None:
    return share_percent(part, whole)


def _meetings_then(ctx: HealthContext) -> list[tuple[int, dt.datetime]]:
    """(id, starts_at) of the project's meetings booked by ``as_of`` and not cancelled by then, oldest
    first (one query)."""
    return list(
        Meeting.objects.filter(project=ctx.project, created_at__lte=ctx.as_of)
        .filter(Q(cancelled_at__isnull=True) | Q(cancelled_at__gt=ctx.as_of))
        .exclude(status=Meeting.Status.CANCELLED, cancelled_at__isnull=True)
        .order_by("starts_at", "id")
        .values_list("id", "starts_at")
    )


def measure(ctx: HealthContext) -> Finding:
    """Share (%) of held meetings with papers whose papers all reached every member by the deadline.

    Evidence: meetings that started by ``ctx.as_of`` and had papers uploaded before they started.
    Figures: late papers and the meetings they were for, people who got papers late, and papers of the
    next meeting not yet released. Three queries whatever the amount of data.
    """
    meetings = _meetings_then(ctx)
    starts = dict(meetings)
    papers = list(
        Paper.objects.filter(project=ctx.project, meeting_id__in=list(starts), uploaded_at__lte=ctx.as_of).values(
            "meeting_id", "uploaded_at", "released_at", "is_late"
        )
    )
    late_people = set(
        PaperRecipient.objects.filter(project=ctx.project, released_at__lte=ctx.as_of, is_late=True).values_list(
            "user_id", flat=True
        )
    )
    held = {mid for mid, starts_at in starts.items() if starts_at <= ctx.as_of}
    with_papers: set[int] = set()
    late_meetings: set[int] = set()
    late_papers = 0
    for paper in papers:
        mid = paper["meeting_id"]
        if mid not in held or paper["uploaded_at"] >= starts[mid]:
            continue  # papers of meetings still to come, or notes added afterwards
        with_papers.add(mid)
        released_at = paper["released_at"]
        in_time = released_at is not None and released_at <= min(ctx.as_of, starts[mid]) and not paper["is_late"]
        if not in_time:
            late_papers += 1
            late_meetings.add(mid)
    on_time = len(with_papers - late_meetings)
    value = _share(on_time, len(with_papers))
    rating = THRESHOLD.rate(value, len(with_papers))

    project_id = ctx.project.pk
    upcoming = [mid for mid, starts_at in meetings if starts_at > ctx.as_of]
    next_id = upcoming[0] if upcoming else None
    next_papers = [p for p in papers if p["meeting_id"] == next_id]
    next_unreleased = sum(1 for p in next_papers if p["released_at"] is None or p["released_at"] > ctx.as_of)
    latest_late = max(late_meetings, key=lambda mid: (starts[mid], mid)) if late_meetings else None
    figures = (
        Figure(
            label="Late papers",
            value=_late_words(late_papers, len(late_meetings), len(with_papers)),
            url=reverse("meetings:papers", args=[project_id, latest_late])
            if latest_late
            else reverse("meetings:list", args=[project_id]),
        ),
        Figure(
            label="People who got papers late",
            value=_people(len(late_people)),
            url=reverse("meetings:list", args=[project_id]),
        ),
        Figure(
            label="Papers for the next meeting not sent yet",
            value=str(next_unreleased) if next_id else "No meeting booked",
            url=reverse("meetings:papers", args=[project_id, next_id])
            if next_id
            else reverse("meetings:list", args=[project_id]),
        ),
    )
    # An ended project books no more meetings: its next step is in the other signs (pay, outcome).
    ended = ctx.project.status == Project.Status.ENDED
    next_step = None if ended else _action(project_id, next_id, len(next_papers), next_unreleased, rating)
    return Finding(
        rating=rating,
        value=value,
        evidence=len(with_papers),
        summary=_summary(on_time, len(with_papers)),
        action=next_step,
        figures=figures,
    )


def _late_words(papers: int, meetings: int, out_of: int) -> str:
    if not papers:
        return "None"
    paper_word = "paper" if papers == 1 else "papers"
    return f"{papers} {paper_word} late, for {meetings} of {out_of} meetings"


def _people(count: int) -> str:
    return "Nobody" if not count else ("1 person" if count == 1 else f"{count} people")


def _summary(on_time: int, meetings: int) -> str:
    if not meetings:
        return "No meeting with papers has happened yet."
    return f"Papers reached everyone in time for {on_time} of {meetings} meetings."


def _action(project_id: int, next_id: int | None, papers: int, unreleased: int, rating: str) -> Action | None:
    """The next meeting's papers page: send what is not sent, or add papers when it has none yet. With no
    meeting booked and papers late so far, booking the next one is the step (its papers then go out on time)."""
    if next_id is None:
        if rating in (Rating.AT_RISK, Rating.ATTENTION):
            return Action(
                text="Book the next meeting, and send its papers at least 7 days before",
                url=reverse("meetings:new", args=[project_id]),
            )
        return None
    if papers and not unreleased:
        return None
    text = (
        "Send out the papers for the next meeting in good time" if unreleased else "Add the papers for the next meeting"
    )
    return Action(text=text, url=reverse("meetings:papers", args=[project_id, next_id]))


SIGN = register_sign(
    Sign(
        number=6,
        key="papers",
        title="No information in advance",
        plain=_("Papers came too late to read"),
        measures="The share of meetings whose papers reached every member by the deadline.",
        threshold=THRESHOLD,
        measure=measure,
    )
)
