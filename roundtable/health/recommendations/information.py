"""Recommendations on what partners are told: plain words (3), an honest offer up front (5), papers in
good time (7) and clear expectations (8).

Each reads the record as it stood at ``ctx.as_of``. The role offer keeps no history of its wording, so
recommendations 5 and 8 read the offer as it is now beside what was dated then (docs/health.md).
"""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from roundtable.glossary.models import GlossaryEntry, TermQuestion, WritingPolicy
from roundtable.health.recommendations._words import count, link, share, share_of, were, yes_no
from roundtable.health.registry import Evidence, Figure, HealthContext, Recommendation, register_recommendation
from roundtable.meetings.models import AgendaItem, Paper, PaperRecipient
from roundtable.projects.models import MemberRole, Membership
from roundtable.projects.offer import offer_missing


def booked_by_then(ctx: HealthContext, prefix: str = "") -> Q:
    """Meetings booked by ``ctx.as_of`` and not cancelled by then (``prefix`` is the path to the meeting)."""
    return Q(**{f"{prefix}created_at__lte": ctx.as_of}) & (
        Q(**{f"{prefix}cancelled_at__isnull": True}) | Q(**{f"{prefix}cancelled_at__gt": ctx.as_of})
    )


def plain_language_evidence(ctx: HealthContext) -> Evidence:
    """Words explained in the project's glossary, questions "what does this mean?" and how many were answered
    by ``ctx.as_of``, and whether the organisation asks writers to read the plain-words advice. Roundtable
    does not keep a record of each writing check, and says so. Three queries."""
    entries = GlossaryEntry.objects.filter(project=ctx.project, created_at__lte=ctx.as_of).aggregate(
        total=Count("id"), from_questions=Count("id", filter=Q(source=GlossaryEntry.Source.QUESTION))
    )
    questions = TermQuestion.objects.filter(project=ctx.project, created_at__lte=ctx.as_of).aggregate(
        asked=Count("id"), answered=Count("id", filter=Q(answered_at__lte=ctx.as_of))
    )
    policy = WritingPolicy.objects.filter(
        organisation_id=ctx.project.organisation_id, updated_at__lte=ctx.as_of, require_confirmation=True
    ).exists()
    glossary_url = link("glossary:project", ctx)
    figures = (
        Figure("Words explained in the glossary", count(entries["total"], "word"), glossary_url),
        Figure("Questions about words", count(questions["asked"], "question"), glossary_url),
        Figure("Questions answered", share(questions["answered"], questions["asked"]), glossary_url),
        Figure("Writers must read the plain-words advice", yes_no(policy)),
    )
    checks = "Roundtable does not record yet how often writing for partners was checked for plain words."
    if not entries["total"] and not questions["asked"]:
        return Evidence(f"Nothing yet: the glossary is empty and nobody has asked what a word means. {checks}", figures)
    summary = f"The project's glossary explains {count(entries['total'], 'word')}."
    if questions["asked"]:
        summary += (
            f" Members asked what {count(questions['asked'], 'word')} meant."
            f" {questions['answered']} of them {were(questions['answered'])} answered."
        )
    return Evidence(f"{summary} {checks}", figures)


def offer_evidence(ctx: HealthContext) -> Evidence:
    """Whether the role offer was published by ``ctx.as_of``, what it is missing (``projects.offer``), and how
    many partners joined after it was published. The offer's wording is read as it is now. Three queries."""
    project = ctx.project
    missing = offer_missing(project)
    published = project.published_at is not None and project.published_at <= ctx.as_of
    partners = Membership.objects.filter(project=project, role=MemberRole.PARTNER, joined_at__lte=ctx.as_of)
    joined = partners.aggregate(
        total=Count("id"), after_offer=Count("id", filter=Q(joined_at__gte=project.published_at or ctx.as_of))
    )
    if not published:
        joined["after_offer"] = 0
    offer_url = link("projects:offer", ctx)
    figures = (
        Figure("Role offer published", yes_no(published), offer_url),
        Figure("Things a partner needs that the offer does not say", count(len(missing), "thing"), offer_url),
        Figure("Partners who joined after reading the offer", share(joined["after_offer"], joined["total"]),
               link("projects:members", ctx)),
    )  # fmt: skip
    if not published:
        return Evidence("Nothing yet: the role offer had not been published.", figures)
    if missing:
        summary = "The role offer is missing: " + "; ".join(m.lower() for m in missing) + "."
    else:
        summary = "The role offer says everything a partner needs before joining."
    if joined["total"]:
        summary += f" {share_of(joined['after_offer'], joined['total'], 'partners')} joined after it was published."
    return Evidence(summary, figures)


def papers_evidence(ctx: HealthContext) -> Evidence:
    """Papers released by ``ctx.as_of`` and how many were released by their deadline (``Paper.is_late``), and
    how many times a person got a paper late (``PaperRecipient``). Two queries."""
    papers = Paper.objects.filter(project=ctx.project, released_at__lte=ctx.as_of).aggregate(
        released=Count("id"),
        on_time=Count("id", filter=Q(is_late=False)),
        meetings=Count("meeting", distinct=True),
    )
    late_to_people = PaperRecipient.objects.filter(
        project=ctx.project, released_at__lte=ctx.as_of, is_late=True
    ).count()
    meetings_url = link("meetings:list", ctx)
    figures = (
        Figure("Papers sent out", count(papers["released"], "paper"), meetings_url),
        Figure("Sent by the deadline", share(papers["on_time"], papers["released"]), meetings_url),
        Figure("Times a person got a paper late", str(late_to_people), meetings_url),
    )
    if not papers["released"]:
        return Evidence("Nothing yet: no papers have been sent out.", figures)
    summary = (
        f"{share_of(papers['on_time'], papers['released'], 'papers')} for {count(papers['meetings'], 'meeting')} "
        f"{were(papers['on_time'])} sent out by their deadline."
    )
    return Evidence(summary, figures)


def expectations_evidence(ctx: HealthContext) -> Evidence:
    """What the role offer says about time, tasks and pay (as it is now), and agenda items of meetings booked
    by ``ctx.as_of`` that say what to prepare and how long it takes. One query."""
    project = ctx.project
    offer_says = [
        bool(project.partner_activities.strip()),
        bool(project.hours_per_month and project.duration_months),
        project.pay_rate_id is not None or bool(project.unpaid_reason.strip()),
    ]
    items = AgendaItem.objects.filter(booked_by_then(ctx, "meeting__"), project=project).aggregate(
        total=Count("id"),
        with_prepare=Count("id", filter=~Q(prepare="")),
        timed=Count("id", filter=~Q(prepare="") & Q(prepare_minutes__gt=0)),
        minutes=Sum("prepare_minutes", filter=~Q(prepare="")),
    )
    figures = (
        Figure("The offer says what partners do, how long and the pay", f"{sum(offer_says)} of 3",
               link("projects:offer", ctx)),
        Figure("Agenda items that say what to prepare", share(items["with_prepare"], items["total"]),
               link("meetings:list", ctx)),
        Figure("Of those, saying how long it takes", share(items["timed"], items["with_prepare"]),
               link("meetings:list", ctx)),
        Figure("Time to prepare is paid", yes_no(project.preparation_paid), link("projects:offer", ctx)),
    )  # fmt: skip
    summary = f"The role offer says {sum(offer_says)} of 3 things: what partners do, how much time, and the pay."
    if items["with_prepare"]:
        summary += (
            f" {count(items['with_prepare'], 'agenda item')} told people what to prepare,"
            f" {items['timed']} of them with how long it takes."
        )
    elif items["total"]:
        summary += " No agenda item has said what to prepare yet."
    else:
        summary += " Nothing yet on the agendas: no items have been added."
    return Evidence(summary, figures)


register_recommendation(Recommendation(3, "Simple, jargon-free language", plain_language_evidence))
register_recommendation(Recommendation(5, "Transparent, upfront, honest", offer_evidence))
register_recommendation(Recommendation(7, "Information in advance", papers_evidence))
register_recommendation(Recommendation(8, "Clear expectations", expectations_evidence))
