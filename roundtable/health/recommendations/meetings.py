"""Recommendations about meetings: breaks and wellbeing (11), round-table discussions and one person, one
vote (14), time to overrun and a contact between meetings (18), and open discussion time (19).

Meetings count when they were booked by ``ctx.as_of`` and not cancelled by then. A meeting's breaks are
planned by its settings (a break every so many minutes, in meetings over an hour: ``meetings.agenda``) or
by a break the organiser put on the agenda.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q

from roundtable.decisions.models import HasVoted, Proposal, Side, Turn, TurnOutcome, TurnRole, Vote
from roundtable.health.recommendations._words import count, link, share, share_of, yes_no
from roundtable.health.recommendations.information import booked_by_then
from roundtable.health.registry import Evidence, Figure, HealthContext, Recommendation, register_recommendation
from roundtable.meetings.models import AgendaItem, Meeting

HOUR = dt.timedelta(hours=1)


def _meetings(ctx: HealthContext, kind: str):
    """Rows of the project's meetings booked by then, each with whether its agenda has an item of ``kind``."""
    item = AgendaItem.objects.filter(meeting=OuterRef("pk"), kind=kind)
    return Meeting.objects.filter(booked_by_then(ctx), project=ctx.project).annotate(has_item=Exists(item))


def breaks_evidence(ctx: HealthContext) -> Evidence:
    """Meetings over an hour (planned length) booked by ``ctx.as_of``, and how many had breaks planned; and
    whether the project names a person to contact for support. One query."""
    rows = _meetings(ctx, AgendaItem.Kind.BREAK).values_list(
        "starts_at", "ends_at", "break_every_minutes", "break_minutes", "has_item"
    )
    long_meetings = with_breaks = 0
    for starts_at, ends_at, every, minutes, has_item in rows:
        if ends_at - starts_at > HOUR:
            long_meetings += 1
            with_breaks += bool(has_item or (every and minutes))
    contact = ctx.project.contact_id is not None
    figures = (
        Figure("Meetings over an hour", count(long_meetings, "meeting"), link("meetings:list", ctx)),
        Figure("Of those, with breaks planned", share(with_breaks, long_meetings), link("meetings:list", ctx)),
        Figure("A named person to contact for support", yes_no(contact), link("projects:offer", ctx)),
    )
    if not long_meetings:
        return Evidence("Nothing yet: no meetings over an hour have been booked.", figures)
    return Evidence(f"{share_of(with_breaks, long_meetings, 'meetings')} over an hour had breaks planned.", figures)


def open_discussion_evidence(ctx: HealthContext) -> Evidence:
    """Meetings booked by ``ctx.as_of`` whose agenda keeps time for open discussion (``open_discussion_minutes``
    or a discussion item), and the minutes kept. One query."""
    rows = _meetings(ctx, AgendaItem.Kind.DISCUSSION).values_list("open_discussion_minutes", "has_item")
    meetings = with_time = minutes = 0
    for open_minutes, has_item in rows:
        meetings += 1
        with_time += bool(open_minutes or has_item)
        minutes += open_minutes
    figures = (
        Figure("Meetings booked", count(meetings, "meeting"), link("meetings:list", ctx)),
        Figure("With time kept for open discussion", share(with_time, meetings), link("meetings:list", ctx)),
        Figure("Minutes of open discussion kept in all", str(minutes), link("meetings:list", ctx)),
    )
    if not meetings:
        return Evidence("Nothing yet: no meetings have been booked.", figures)
    return Evidence(f"{share_of(with_time, meetings, 'meetings')} kept time for open discussion.", figures)


def overrun_evidence(ctx: HealthContext) -> Evidence:
    """Meetings booked by ``ctx.as_of`` with time kept in case they run over, meetings held by then that used
    it, and the named contact between meetings (``Project.contact`` and ``contact_how``). One query."""
    figures_row = Meeting.objects.filter(booked_by_then(ctx), project=ctx.project).aggregate(
        total=Count("id"),
        overrun=Count("id", filter=Q(overrun_minutes__gt=0)),
        used=Count("id", filter=Q(actual_ended_at__lte=ctx.as_of, overrun_used_minutes__gt=0)),
    )
    contact = ctx.project.contact_id is not None
    how = bool(ctx.project.contact_how.strip())
    figures = (
        Figure("Meetings with time kept to run over", share(figures_row["overrun"], figures_row["total"]),
               link("meetings:list", ctx)),
        Figure("Meetings that used it", count(figures_row["used"], "meeting"), link("meetings:list", ctx)),
        Figure("A named contact between meetings", yes_no(contact), link("projects:offer", ctx)),
        Figure("The offer says how to reach them", yes_no(how), link("projects:offer", ctx)),
    )  # fmt: skip
    contact_words = (
        "The project names a person to contact between meetings."
        if contact
        else "The project does not name a person to contact between meetings."
    )
    if not figures_row["total"]:
        return Evidence(f"Nothing yet: no meetings have been booked. {contact_words}", figures)
    summary = (
        f"{share_of(figures_row['overrun'], figures_row['total'], 'meetings')} kept time in case they ran over."
        f" {contact_words}"
    )
    return Evidence(summary, figures)


def round_table_evidence(ctx: HealthContext) -> Evidence:
    """Decisions closed by ``ctx.as_of`` in which partners voted (a named vote or an anonymous one, each
    person once), and partners' turns in round tables started by then: spoke, or passed (a right, never
    counted against anyone). Two queries."""
    partner_vote = Vote.objects.filter(proposal=OuterRef("pk"), side=Side.PARTNER, created_at__lte=ctx.as_of)
    partner_ballot = HasVoted.objects.filter(proposal=OuterRef("pk"), side=Side.PARTNER, created_at__lte=ctx.as_of)
    decisions = Proposal.objects.filter(project=ctx.project, closed_at__lte=ctx.as_of).aggregate(
        closed=Count("id"), partners_voted=Count("id", filter=Exists(partner_vote) | Exists(partner_ballot))
    )
    turns = Turn.objects.filter(
        project=ctx.project, role=TurnRole.PARTNER, recorded_at__lte=ctx.as_of, round_table__started_at__lte=ctx.as_of
    ).aggregate(
        spoke=Count("id", filter=Q(outcome=TurnOutcome.SPOKE)),
        passed=Count("id", filter=Q(outcome=TurnOutcome.PASSED)),
        rounds=Count("round_table", distinct=True),
    )
    decisions_url = link("decisions:log", ctx)
    meetings_url = link("meetings:list", ctx)
    figures = (
        Figure("Decisions made", count(decisions["closed"], "decision"), decisions_url),
        Figure("Decisions partners voted in", share(decisions["partners_voted"], decisions["closed"]), decisions_url),
        Figure("Round tables with partners", count(turns["rounds"], "round table"), meetings_url),
        Figure("Turns partners took to speak", str(turns["spoke"]), meetings_url),
        Figure("Times partners chose to pass", str(turns["passed"]), meetings_url),
    )
    if not decisions["closed"] and not turns["rounds"]:
        return Evidence("Nothing yet: no decisions have been made and no round tables held.", figures)
    parts = []
    if decisions["closed"]:
        parts.append(f"Partners voted in {share_of(decisions['partners_voted'], decisions['closed'], 'decisions')}.")
    if turns["rounds"]:
        parts.append(
            f"In {count(turns['rounds'], 'round table')}, partners took {count(turns['spoke'], 'turn')} to speak"
            f" and passed {count(turns['passed'], 'time')}."
        )
    return Evidence(" ".join(parts), figures)


register_recommendation(Recommendation(11, "Kindness and wellness, coffee breaks", breaks_evidence))
register_recommendation(Recommendation(14, "Round-table discussions", round_table_evidence))
register_recommendation(Recommendation(18, "Plan to overrun; contact outside meetings", overrun_evidence))
register_recommendation(Recommendation(19, "Time for open discussion", open_discussion_evidence))
