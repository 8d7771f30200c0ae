"""Recommendations on planning ahead: timelines (6) and a step-by-step process (9).

Steps and milestones carry no date of their own making, so they are read as they stand now; meetings,
memberships and the rest are read as they stood at ``ctx.as_of`` (docs/health.md).
"""

from __future__ import annotations

from django.db.models import Count, Q

from roundtable.health.recommendations._words import count, link, london_day, share, share_of
from roundtable.health.recommendations.information import booked_by_then
from roundtable.health.registry import Evidence, Figure, HealthContext, Recommendation, register_recommendation
from roundtable.meetings.models import Meeting
from roundtable.projects.models import MemberRole, Membership, Milestone, ProjectStep


def timeline_evidence(ctx: HealthContext) -> Evidence:
    """Steps and dates on the project's timeline (dates past and still to come at ``ctx.as_of``), and
    meetings booked by then for a later day, so people could plan. Three queries."""
    today = london_day(ctx)
    steps = ProjectStep.objects.filter(project=ctx.project).count()
    dates = Milestone.objects.filter(project=ctx.project).aggregate(
        total=Count("id"), to_come=Count("id", filter=Q(due__gte=today))
    )
    ahead = Meeting.objects.filter(booked_by_then(ctx), project=ctx.project, starts_at__gt=ctx.as_of).count()
    steps_url = link("projects:steps", ctx)
    figures = (
        Figure("Steps on the timeline", count(steps, "step"), steps_url),
        Figure("Dates on the timeline", count(dates["total"], "date"), steps_url),
        Figure("Dates still to come", count(dates["to_come"], "date"), steps_url),
        Figure("Meetings booked ahead", count(ahead, "meeting"), link("meetings:list", ctx)),
    )
    if not steps and not dates["total"] and not ahead:
        return Evidence("Nothing yet: the project has no steps, no dates and no meetings booked ahead.", figures)
    summary = (
        f"The project's timeline shows {count(steps, 'step')} and {count(dates['total'], 'date')}"
        f" ({dates['to_come']} still to come). {count(ahead, 'meeting').capitalize()} booked ahead."
    )
    return Evidence(summary, figures)


def process_evidence(ctx: HealthContext) -> Evidence:
    """The project's steps in order and which one it is on now; partners who joined by ``ctx.as_of`` and
    finished the joining steps by then (``Membership.sharing_chosen_at``). Two queries."""
    step_ids = list(
        ProjectStep.objects.filter(project=ctx.project).order_by("order", "id").values_list("id", flat=True)
    )
    partners = Membership.objects.filter(project=ctx.project, role=MemberRole.PARTNER, joined_at__lte=ctx.as_of)
    joining = partners.aggregate(total=Count("id"), finished=Count("id", filter=Q(sharing_chosen_at__lte=ctx.as_of)))
    current = ctx.project.current_step_id
    where = f"step {step_ids.index(current) + 1} of {len(step_ids)}" if current in step_ids else "not set"
    figures = (
        Figure("Steps shown to partners", count(len(step_ids), "step"), link("projects:steps", ctx)),
        Figure("Where the project is now", where, link("projects:project", ctx)),
        Figure("Partners who finished joining, step by step", share(joining["finished"], joining["total"]),
               link("projects:members", ctx)),
    )  # fmt: skip
    if not step_ids:
        summary = "Nothing yet: the project has not set out its steps."
    elif current in step_ids:
        summary = f"The project sets out {count(len(step_ids), 'step')} and shows it is on {where}."
    else:
        summary = f"The project sets out {count(len(step_ids), 'step')} but does not say which one it is on."
    if joining["total"]:
        summary += f" {share_of(joining['finished'], joining['total'], 'partners')} finished joining."
    return Evidence(summary, figures)


register_recommendation(Recommendation(6, "Timelines to plan ahead", timeline_evidence))
register_recommendation(Recommendation(9, "A step-by-step process", process_evidence))
