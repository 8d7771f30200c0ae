"""Recommendations Roundtable does not record in full yet: a safe place to talk (2) and trauma informed (4).

Ground rules and the story vault come in later issues. Until then each says so plainly and shows what
the record does hold: anonymous and hidden boards, notes taken down and reported, the anonymous form, the
right to pass at round tables, and people who left.
"""

from __future__ import annotations

from django.db.models import Count, Q

from roundtable.decisions.models import Turn, TurnOutcome, TurnRole
from roundtable.feedback.models import Anonymity, Board, FeedbackLink, NoteReport
from roundtable.health.recommendations._words import NOT_RECORDED, count, link, yes_no
from roundtable.health.registry import Evidence, Figure, HealthContext, Recommendation, register_recommendation
from roundtable.projects.models import MemberRole, Membership


def _boards(ctx: HealthContext) -> dict:
    """Boards opened by ``ctx.as_of``, by who can see who wrote a note. One query."""
    return Board.objects.filter(project=ctx.project, opens_at__lte=ctx.as_of).aggregate(
        total=Count("id"),
        anonymous=Count("id", filter=Q(anonymity=Anonymity.ANONYMOUS)),
        hidden=Count("id", filter=Q(anonymity=Anonymity.HIDDEN)),
    )


def safe_place_evidence(ctx: HealthContext) -> Evidence:
    """Ground rules are not recorded yet (a later issue). Shows boards where notes can be anonymous or hidden
    from other members, notes reported and notes taken down by ``ctx.as_of``, and whether the anonymous form
    was there by then. Three queries."""
    boards = _boards(ctx)
    reports = NoteReport.objects.filter(project=ctx.project, created_at__lte=ctx.as_of).aggregate(
        reported=Count("note", distinct=True),
        dealt_with=Count("note", filter=Q(dealt_with_at__lte=ctx.as_of), distinct=True),
    )
    form = FeedbackLink.objects.filter(project=ctx.project, created_at__lte=ctx.as_of).exists()
    boards_url = link("feedback:boards", ctx)
    figures = (
        Figure("Ground rules agreed", NOT_RECORDED),
        Figure("Anonymous boards", count(boards["anonymous"], "board"), boards_url),
        Figure("Boards where other members cannot see who wrote a note", count(boards["hidden"], "board"), boards_url),
        Figure("Notes reported to the organisers", count(reports["reported"], "note"), boards_url),
        Figure("Of those, dealt with", str(reports["dealt_with"]), boards_url),
        Figure("An anonymous form to say things", yes_no(form), link("feedback:feedback", ctx)),
    )
    start = "Roundtable does not record ground rules yet."
    if not boards["total"] and not form:
        return Evidence(f"{start} Nothing yet: no boards and no anonymous form.", figures)
    private = boards["anonymous"] + boards["hidden"]
    summary = (
        f"{start} It shows {count(private, 'board')} where people can write without other members seeing"
        f" their name{', and an anonymous form' if form else ''}."
    )
    if reports["reported"]:
        summary += f" {count(reports['reported'], 'note').capitalize()} reported; {reports['dealt_with']} dealt with."
    return Evidence(summary, figures)


def trauma_informed_evidence(ctx: HealthContext) -> Evidence:
    """The story vault is not built yet (a later issue), so Roundtable cannot show whether people were asked
    to retell their stories. Shows the times partners used their right to pass at a round table, anonymous
    boards, and partners who left (the right to withdraw) by ``ctx.as_of``. Three queries."""
    passed = Turn.objects.filter(
        project=ctx.project, role=TurnRole.PARTNER, outcome=TurnOutcome.PASSED, recorded_at__lte=ctx.as_of
    ).count()
    boards = _boards(ctx)
    left = Membership.objects.filter(project=ctx.project, role=MemberRole.PARTNER, left_at__lte=ctx.as_of).count()
    figures = (
        Figure("Stories told once and reused with consent", NOT_RECORDED),
        Figure("Times partners chose to pass at a round table", str(passed), link("meetings:list", ctx)),
        Figure("Anonymous boards", count(boards["anonymous"], "board"), link("feedback:boards", ctx)),
        Figure("Partners who chose to leave", count(left, "partner"), link("projects:members", ctx)),
    )
    start = "Roundtable does not keep people's stories yet, so it cannot show if anyone was asked to tell theirs again."
    if not passed and not boards["anonymous"] and not left:
        return Evidence(f"{start} Nothing yet from round tables or anonymous boards.", figures)
    summary = (
        f"{start} Partners used their right to pass {count(passed, 'time')} at round tables,"
        f" and there {'is' if boards['anonymous'] == 1 else 'are'} {count(boards['anonymous'], 'anonymous board')}."
    )
    return Evidence(summary, figures)


register_recommendation(Recommendation(2, "A safe place to talk", safe_place_evidence))
register_recommendation(Recommendation(4, "Trauma informed", trauma_informed_evidence))
