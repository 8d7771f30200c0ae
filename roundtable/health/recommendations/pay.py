"""Recommendation 1, pay people for their time: how fast claims are paid against the organisation's target.

Source of the target: ``payments.PaymentSettings.target_days`` (the organisation sets it; 14 days when it
has not). Two queries whatever the number of claims.
"""

from __future__ import annotations

import statistics

from django.utils import timezone

from roundtable.health.recommendations._words import count, days_words, link, london_day, share, share_of, were
from roundtable.health.registry import Evidence, Figure, HealthContext, Recommendation, register_recommendation
from roundtable.payments.models import Claim, ClaimStatus, PaymentSettings

# A claim in one of these states will not be paid, so it is never "waiting".
NOT_TO_BE_PAID = {ClaimStatus.WITHDRAWN, ClaimStatus.REFUSED, ClaimStatus.DECLINED}


def target_days(ctx: HealthContext) -> int:
    """The organisation's target, in calendar days from a claim being sent to it being paid. One query."""
    found = PaymentSettings.objects.filter(organisation_id=ctx.project.organisation_id).values_list(
        "target_days", flat=True
    )
    default = PaymentSettings._meta.get_field("target_days").get_default()
    return next(iter(found), default)


def offer_pay_words(ctx: HealthContext) -> str:
    """What the role offer says about pay, in words (no query)."""
    project = ctx.project
    if project.pay_rate_id is not None:
        return "The role offer pays partners for their time."
    if project.unpaid_reason.strip():
        return "The role offer says the role is unpaid, and says why."
    return "The role offer does not say anything about pay."


def pay_evidence(ctx: HealthContext) -> Evidence:
    """Claims sent by ``ctx.as_of``: how many were paid by then, the middle number of days (London calendar
    days from the day it was sent to the day it was paid) and the share paid within the target; and claims
    still waiting longer than the target. Two queries."""
    target = target_days(ctx)
    today = london_day(ctx)
    rows = Claim.objects.filter(
        project=ctx.project, submitted_at__isnull=False, submitted_at__lte=ctx.as_of
    ).values_list("submitted_at", "paid_on", "status")
    days: list[int] = []
    waiting_too_long = 0
    for submitted_at, paid_on, status in rows:
        sent_on = timezone.localtime(submitted_at).date()
        if paid_on is not None and paid_on <= today:
            days.append((paid_on - sent_on).days)
        elif status not in NOT_TO_BE_PAID and (today - sent_on).days > target:
            waiting_too_long += 1
    on_time = sum(1 for d in days if d <= target)
    claims_url = link("payments:project_claims", ctx)
    figures = [
        Figure("Claims paid", count(len(days), "claim"), claims_url),
        Figure(f"Paid within the {target}-day target", share(on_time, len(days)), claims_url),
        Figure("Waiting longer than the target", count(waiting_too_long, "claim"), claims_url),
        Figure("Role offer", offer_pay_words(ctx), link("projects:offer", ctx)),
    ]
    if days:
        middle = statistics.median(days)
        figures.insert(1, Figure("Half the claims were paid within", days_words(middle), claims_url))
        summary = (
            f"{share_of(on_time, len(days), 'paid claims')} {were(on_time)} paid within {target} days,"
            " the organisation's target. "
            f"Half were paid in {days_words(middle)} or less."
        )
    elif waiting_too_long:
        summary = f"No claims have been paid yet. {count(waiting_too_long, 'claim')} waited longer than {target} days."
    else:
        summary = "Nothing yet: no claims have been paid for this project."
    if waiting_too_long and days:
        summary += f" {count(waiting_too_long, 'claim').capitalize()} waited longer than the target."
    return Evidence(f"{summary} {offer_pay_words(ctx)}", tuple(figures))


register_recommendation(Recommendation(1, "Pay people for their time", pay_evidence))
