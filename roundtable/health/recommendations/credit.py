"""Recommendation 20, credit input and intellectual property: contributions confirmed in the ledger, and
published outputs that credit them. Counts only, never who."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from roundtable.credits.models import Contribution, Output
from roundtable.health.recommendations._words import count, link, share, share_of, were
from roundtable.health.registry import Evidence, Figure, HealthContext, Recommendation, register_recommendation


def credit_evidence(ctx: HealthContext) -> Evidence:
    """Contributions recorded by ``ctx.as_of`` and confirmed by then (``checked_at``), the people they belong
    to, outputs published by then, and the confirmed contributions that at least one of those outputs
    credits. Two queries."""
    in_published = Output.contributions.through.objects.filter(
        contribution_id=OuterRef("pk"), output__published_at__lte=ctx.as_of
    )
    confirmed = Q(status=Contribution.Status.CONFIRMED, checked_at__lte=ctx.as_of)
    ledger = Contribution.objects.filter(project=ctx.project, created_at__lte=ctx.as_of).aggregate(
        total=Count("id"),
        confirmed=Count("id", filter=confirmed),
        people=Count("person", filter=confirmed, distinct=True),
        credited=Count("id", filter=confirmed & Q(Exists(in_published))),
    )
    outputs = Output.objects.filter(project=ctx.project, published_at__lte=ctx.as_of).count()
    ledger_url = link("credits:ledger", ctx)
    outputs_url = link("credits:outputs", ctx)
    figures = (
        Figure("Contributions recorded", count(ledger["total"], "contribution"), ledger_url),
        Figure("Confirmed", share(ledger["confirmed"], ledger["total"]), ledger_url),
        Figure("People with confirmed contributions", count(ledger["people"], "person", "people"), ledger_url),
        Figure("Outputs published", count(outputs, "output"), outputs_url),
        Figure("Confirmed contributions credited in a published output",
               share(ledger["credited"], ledger["confirmed"]), outputs_url),
    )  # fmt: skip
    if not ledger["total"]:
        return Evidence("Nothing yet: no contributions have been recorded.", figures)
    summary = (
        f"{share_of(ledger['confirmed'], ledger['total'], 'contributions')} recorded {were(ledger['confirmed'])}"
        " confirmed,"
        f" from {count(ledger['people'], 'person', 'people')}."
    )
    if outputs:
        summary += (
            f" {count(outputs, 'output').capitalize()} {were(outputs)} published."
            f" {share_of(ledger['credited'], ledger['confirmed'], 'confirmed contributions')}"
            f" {were(ledger['credited'])} credited in them."
        )
    else:
        summary += " No outputs have been published yet."
    return Evidence(summary, figures)


register_recommendation(Recommendation(20, "Credit input and intellectual property", credit_evidence))
