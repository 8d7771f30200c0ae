"""Recommendations on listening: many ways to feed back (12), themes that emerge (13), feedback after
meetings (16) and acting on what people said (17). Counts only, never who wrote what."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from roundtable.feedback.models import (
    Anonymity,
    Barrier,
    Board,
    CheckIn,
    CheckInAnswer,
    Feedback,
    Note,
    Response,
    Theme,
)
from roundtable.health.counting import barrier_count
from roundtable.health.recommendations._words import count, link, listed, share, share_of, were
from roundtable.health.recommendations.information import booked_by_then
from roundtable.health.registry import Evidence, Figure, HealthContext, Recommendation, register_recommendation
from roundtable.meetings.models import Meeting


def ways_evidence(ctx: HealthContext) -> Evidence:
    """The ways people fed back by ``ctx.as_of``: notes on boards (anonymous ones too), the anonymous form,
    check-ins after meetings, the barrier log, and any of these done for them by an organiser (by phone or
    post). Four queries."""
    at = ctx.as_of
    notes = Note.objects.filter(project=ctx.project, created_at__lte=at).aggregate(
        total=Count("id"), anonymous=Count("id", filter=Q(board__anonymity=Anonymity.ANONYMOUS))
    )
    form = Feedback.objects.filter(project=ctx.project, created_at__lte=at).count()
    answers = CheckInAnswer.objects.filter(project=ctx.project, created_at__lte=at).aggregate(
        total=Count("id"), by_proxy=Count("id", filter=Q(by_proxy=True))
    )
    barriers = Barrier.objects.filter(project=ctx.project, created_at__lte=at, source=Barrier.Source.RAISED).aggregate(
        total=Count("id"), by_proxy=Count("id", filter=Q(raised_by_proxy=True))
    )
    by_proxy = answers["by_proxy"] + barriers["by_proxy"]
    ways = {
        "notes on a board": notes["total"],
        "the anonymous form": form,
        "check-ins after meetings": answers["total"],
        "the barrier log": barriers["total"],
        "through an organiser (by phone or post)": by_proxy,
    }
    used = [way for way, n in ways.items() if n]
    figures = (
        Figure("Notes on boards", count(notes["total"], "note"), link("feedback:boards", ctx)),
        Figure("Of those, on anonymous boards", count(notes["anonymous"], "note"), link("feedback:boards", ctx)),
        Figure("Said through the anonymous form", count(form, "message"), link("feedback:feedback", ctx)),
        Figure("Check-in answers", count(answers["total"], "answer"), link("meetings:list", ctx)),
        Figure("Barriers raised", count(barriers["total"], "barrier"), link("feedback:barriers", ctx)),
        Figure("Given through an organiser, by phone or post", count(by_proxy, "time"), link("feedback:barriers", ctx)),
    )
    if not used:
        return Evidence("Nothing yet: nobody has fed back in any way.", figures)
    return Evidence(f"People fed back in {len(used)} of {len(ways)} ways: {listed(used)}.", figures)


def themes_evidence(ctx: HealthContext) -> Evidence:
    """Themes made on the project's boards by ``ctx.as_of`` (and how many are agreed now), and notes written
    by then that are grouped into a theme. Two queries."""
    themes = Theme.objects.filter(project=ctx.project, created_at__lte=ctx.as_of).aggregate(
        total=Count("id"), agreed=Count("id", filter=Q(status=Theme.Status.CONFIRMED))
    )
    notes = Note.objects.filter(project=ctx.project, created_at__lte=ctx.as_of).aggregate(
        total=Count("id"), grouped=Count("id", filter=Q(theme__created_at__lte=ctx.as_of))
    )
    boards_url = link("feedback:boards", ctx)
    figures = (
        Figure("Themes that came out of the notes", count(themes["total"], "theme"), boards_url),
        Figure("Themes agreed", count(themes["agreed"], "theme"), boards_url),
        Figure("Notes grouped into a theme", share(notes["grouped"], notes["total"]), boards_url),
    )
    if not notes["total"]:
        return Evidence("Nothing yet: no notes have been written on a board.", figures)
    if not themes["total"]:
        return Evidence(f"{count(notes['total'], 'note').capitalize()} written, not yet grouped into themes.", figures)
    summary = (
        f"{count(themes['total'], 'theme').capitalize()} came out of what people wrote."
        f" {share_of(notes['grouped'], notes['total'], 'notes')} {were(notes['grouped'])} grouped into a theme."
    )
    return Evidence(summary, figures)


def after_meetings_evidence(ctx: HealthContext) -> Evidence:
    """Meetings held by ``ctx.as_of`` (booked, not cancelled, planned end passed) and how many had a check-in
    or a board opened for them by then; check-in answers given by then. Two queries."""
    check_in = CheckIn.objects.filter(meeting=OuterRef("pk"), opens_at__lte=ctx.as_of)
    board = Board.objects.filter(meeting=OuterRef("pk"), opens_at__lte=ctx.as_of)
    held = Meeting.objects.filter(booked_by_then(ctx), project=ctx.project, ends_at__lte=ctx.as_of).aggregate(
        total=Count("id"),
        check_in=Count("id", filter=Exists(check_in)),
        either=Count("id", filter=Exists(check_in) | Exists(board)),
    )
    answers = CheckInAnswer.objects.filter(project=ctx.project, created_at__lte=ctx.as_of).count()
    meetings_url = link("meetings:list", ctx)
    figures = (
        Figure("Meetings held", count(held["total"], "meeting"), meetings_url),
        Figure("With a check-in opened after", share(held["check_in"], held["total"]), meetings_url),
        Figure("With a check-in or a board after", share(held["either"], held["total"]), link("feedback:boards", ctx)),
        Figure("Check-in answers", count(answers, "answer"), meetings_url),
    )
    if not held["total"]:
        return Evidence("Nothing yet: no meetings have been held.", figures)
    summary = (
        f"{share_of(held['either'], held['total'], 'meetings')} held had a check-in or a board opened after,"
        f" for people to say how it went. {count(answers, 'check-in answer').capitalize()} came back."
    )
    return Evidence(summary, figures)


def listening_evidence(ctx: HealthContext) -> Evidence:
    """Barriers raised by ``ctx.as_of``, counted as sign 4 counts them (``health.counting.barrier_count``):
    of those answered or past their date, how many were answered by it, and how many still wait past it;
    and "you said, we did" answers published by then, with how many changed something. Two queries."""
    barriers = barrier_count(ctx.project, as_of=ctx.as_of)
    raised, on_time, overdue, counted = barriers.raised, barriers.on_time, barriers.overdue, barriers.counted
    said = Response.objects.filter(project=ctx.project, created_at__lte=ctx.as_of).aggregate(
        total=Count("id"), changed=Count("id", filter=Q(outcome=Response.Outcome.CHANGED))
    )
    barriers_url = link("feedback:barriers", ctx)
    said_url = link("feedback:responses", ctx)
    figures = (
        Figure("Barriers raised", count(raised, "barrier"), barriers_url),
        Figure("Answered by the date promised", share(on_time, counted), barriers_url),
        Figure("Waiting past the date promised", count(overdue, "barrier"), barriers_url),
        Figure("\u201cYou said, we did\u201d answers", count(said["total"], "answer"), said_url),
        Figure("Of those, where something changed", share(said["changed"], said["total"]), said_url),
    )
    if not raised and not said["total"]:
        return Evidence("Nothing yet: no barriers raised and no \u201cyou said, we did\u201d answers.", figures)
    parts = []
    if raised:
        if counted:
            parts.append(
                f"{share_of(on_time, counted, 'barriers')} that reached their date"
                f" {were(on_time)} answered by the date promised."
            )
        else:
            parts.append(f"{count(raised, 'barrier').capitalize()} raised; none has reached its date yet.")
        if overdue:
            parts.append(f"{count(overdue, 'barrier').capitalize()} waited past it.")
    if said["total"]:
        parts.append(
            f"The project published {count(said['total'], 'answer')} saying \u201cyou said, we did\u201d;"
            f" {said['changed']} changed something."
        )
    return Evidence(" ".join(parts), figures)


register_recommendation(Recommendation(12, "Diverse ways to feed back", ways_evidence))
register_recommendation(Recommendation(13, "No preconceived ideas; let themes emerge", themes_evidence))
register_recommendation(Recommendation(16, "Feedback after meetings", after_meetings_evidence))
register_recommendation(Recommendation(17, "Actively listen", listening_evidence))
