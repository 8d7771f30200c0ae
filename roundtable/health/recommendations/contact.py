"""Recommendations on keeping in touch: preferences asked before the first message (10) and progress
updates on the promised cadence (15)."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, Subquery

from roundtable.health.recommendations._words import ago, count, days_words, link, share, share_of, were
from roundtable.health.registry import Evidence, Figure, HealthContext, Recommendation, register_recommendation
from roundtable.notifications.models import Message
from roundtable.notifications.withdraw import project_scope
from roundtable.projects.models import MemberRole, Membership
from roundtable.updates.models import DEFAULT_CADENCE_DAYS, Nudge, NudgeKind, ProgressUpdate, UpdateCadence


def preferences_evidence(ctx: HealthContext) -> Evidence:
    """Partners in the project at ``ctx.as_of``: how many had answered the questions on how to reach them
    (``CommunicationProfile.answered``), and how many of those answered before the project's first message
    to them (a message whose scope is this project, created by then).

    A profile's answers count from its last change (``updated_at``) or from when the person finished joining
    (``Membership.sharing_chosen_at``), whichever is earlier, since a profile keeps no date per answer. One
    query.
    """
    first_message = (
        Message.objects.filter(
            recipient=OuterRef("user"), scope=project_scope(ctx.project.pk), created_at__lte=ctx.as_of
        )
        .order_by("created_at")
        .values("created_at")[:1]
    )
    rows = (
        Membership.objects.filter(project=ctx.project, role=MemberRole.PARTNER, joined_at__lte=ctx.as_of)
        .filter(Q(left_at__isnull=True) | Q(left_at__gt=ctx.as_of))
        .annotate(first_message=Subquery(first_message))
        .values_list(
            "user__profile__answered", "user__profile__channels", "user__profile__updated_at",
            "sharing_chosen_at", "first_message",
        )
    )  # fmt: skip
    partners = asked = asked_first = chose_channel = 0
    for answered, channels, updated_at, sharing_chosen_at, first in rows:
        partners += 1
        moments = [m for m in (updated_at, sharing_chosen_at) if m is not None and m <= ctx.as_of]
        if not answered or not moments:
            continue
        asked += 1
        chose_channel += bool(channels)
        if first is None or min(moments) <= first:
            asked_first += 1
    members_url = link("projects:members", ctx)
    figures = (
        Figure("Partners asked how to reach them", share(asked, partners), members_url),
        Figure("Asked before the project's first message", share(asked_first, partners), members_url),
        Figure("Partners who chose how to be contacted", share(chose_channel, partners), members_url),
    )
    if not partners:
        return Evidence("Nothing yet: no partners have joined.", figures)
    summary = (
        f"{share_of(asked_first, partners, 'partners')} {were(asked_first)} asked how and when to contact them"
        " before the project sent them its first message."
    )
    return Evidence(summary, figures)


def updates_evidence(ctx: HealthContext) -> Evidence:
    """Progress updates published by ``ctx.as_of`` against the promised cadence (``UpdateCadence.days``, 30
    when the project has not chosen): how many came within the cadence of the one before (or of the project
    being published), days since the last one, and reminders sent to organisers when one was late
    (``Nudge``). Three queries."""
    days = next(iter(UpdateCadence.objects.filter(project=ctx.project).values_list("days", flat=True)),
                DEFAULT_CADENCE_DAYS)  # fmt: skip
    published = list(
        ProgressUpdate.objects.filter(project=ctx.project, published_at__lte=ctx.as_of)
        .order_by("published_at")
        .values_list("published_at", flat=True)
    )
    nudges = Nudge.objects.filter(project=ctx.project, kind=NudgeKind.UPDATE_OVERDUE, created_at__lte=ctx.as_of).count()
    cadence = dt.timedelta(days=days)
    previous = ctx.project.published_at or ctx.project.created_at
    on_cadence = 0
    for moment in published:
        on_cadence += (moment - previous) <= cadence
        previous = moment
    since_last = (ctx.as_of - published[-1]).days if published else None
    updates_url = link("updates:list", ctx)
    figures = (
        Figure("Promised", f"an update every {days} days", link("updates:cadence", ctx)),
        Figure("Updates sent", count(len(published), "update"), updates_url),
        Figure("Sent on time", share(on_cadence, len(published)), updates_url),
        Figure("Days since the last update", days_words(since_last) if since_last is not None else "none yet",
               updates_url),
        Figure("Reminders to organisers about a late update", count(nudges, "reminder"), updates_url),
    )  # fmt: skip
    if not published:
        return Evidence(
            f"Nothing yet: no progress updates have been sent. The project promises one every {days} days.", figures
        )
    summary = (
        f"The project promises an update every {days} days."
        f" {share_of(on_cadence, len(published), 'updates')} came on time."
        f" The last one was {ago(since_last or 0)}."
    )
    return Evidence(summary, figures)


register_recommendation(Recommendation(10, "Ask communication preferences in advance", preferences_evidence))
register_recommendation(Recommendation(15, "Keep people informed of progress", updates_evidence))
