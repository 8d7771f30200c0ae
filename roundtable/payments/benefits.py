"""The benefits guard: which week a fee counts in, whether a week goes over the Carer's Allowance limit,
and which Universal Credit assessment period a payment lands in.

Fees count in the week the work was done (Monday to Sunday here). Costs (expenses) are not earnings
and never count. A fee the person declined, gave to charity or turned into "costs only" does not
reach them, so it does not count either. We only know about payments made through Roundtable, so
the page always says to count other work too, and to get free, independent advice.

We never suggest splitting a claim or an invoice to stay under a limit: that can be fraud.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from roundtable.lib.money import assessment_period, week_start
from roundtable.payments.models import (
    INCOME_CHOICES,
    BenefitRecord,
    Claim,
    ClaimKind,
    ClaimStatus,
    EarningsLimit,
    PaymentSettings,
)

COUNTED_STATUSES = [
    ClaimStatus.DRAFT,
    ClaimStatus.SUBMITTED,
    ClaimStatus.QUERIED,
    ClaimStatus.APPROVED,
    ClaimStatus.PAID,
]


@dataclass
class WeekWarning:
    claim_id: int
    week_from: dt.date
    week_to: dt.date
    total: Decimal
    limit: Decimal
    currency: str
    limit_source: str

    @property
    def over_by(self) -> Decimal:
        return self.total - self.limit

    @property
    def most_this_claim(self) -> Decimal:
        """The most this claim's fee could be for the week to stay within the limit (never below zero)."""
        return max(Decimal("0"), self.limit - (self.total - self._this))

    _this: Decimal = Decimal("0")


def ensure_default_limits() -> None:
    """Put back the dated limits from migration 0002 if they are missing (a test database flushed them)."""
    import importlib

    rows = importlib.import_module("roundtable.payments.migrations.0002_earnings_limits").ROWS
    for day, amount, note in rows:
        EarningsLimit.objects.get_or_create(
            benefit=EarningsLimit.Benefit.CARERS_ALLOWANCE,
            effective_from=day,
            defaults={"weekly_limit": amount, "source_note": note},
        )


def limits() -> list[EarningsLimit]:
    return list(
        EarningsLimit.objects.filter(benefit=EarningsLimit.Benefit.CARERS_ALLOWANCE).order_by("-effective_from")
    )


def limit_on(day: dt.date, rows: list[EarningsLimit]) -> EarningsLimit | None:
    for row in rows:  # newest first
        if row.effective_from <= day:
            return row
    return None


def counts_as_earnings(claim: Claim) -> bool:
    return claim.kind == ClaimKind.TIME and claim.choice in INCOME_CHOICES and claim.status in COUNTED_STATUSES


def week_warnings(claims: list[Claim]) -> dict[int, WeekWarning]:
    """Warnings for the given claims, keyed by claim id. A fixed number of queries for any number of claims.

    Only for people whose private record says they get Carer's Allowance.
    """
    fee_claims = [c for c in claims if c.kind == ClaimKind.TIME]
    if not fee_claims:
        return {}
    people = {c.claimant_id for c in fee_claims}
    with_ca = set(
        BenefitRecord.objects.filter(user_id__in=people, carers_allowance=True).values_list("user_id", flat=True)
    )
    fee_claims = [c for c in fee_claims if c.claimant_id in with_ca]
    if not fee_claims:
        return {}
    rows = limits()
    weeks = {week_start(c.work_date) for c in fee_claims}
    first, last = min(weeks), max(weeks) + dt.timedelta(days=6)
    others = Claim.objects.filter(
        claimant_id__in=with_ca,
        kind=ClaimKind.TIME,
        work_date__gte=first,
        work_date__lte=last,
        status__in=COUNTED_STATUSES,
        choice__in=list(INCOME_CHOICES),
    ).only("id", "claimant_id", "work_date", "payable", "status", "choice", "kind")
    totals: dict[tuple[int, dt.date], Decimal] = {}
    for other in others:
        key = (other.claimant_id, week_start(other.work_date))
        totals[key] = totals.get(key, Decimal("0")) + other.payable
    result = {}
    for claim in fee_claims:
        week = week_start(claim.work_date)
        total = totals.get((claim.claimant_id, week), Decimal("0"))
        limit = limit_on(week + dt.timedelta(days=6), rows)
        if limit is None or not counts_as_earnings(claim):
            continue
        if total > limit.weekly_limit:
            warning = WeekWarning(
                claim_id=claim.pk,
                week_from=week,
                week_to=week + dt.timedelta(days=6),
                total=total,
                limit=limit.weekly_limit,
                currency=limit.currency,
                limit_source=limit.source_note,
            )
            warning._this = claim.payable
            result[claim.pk] = warning
    return result


def expected_pay_day(claim: Claim, settings: PaymentSettings | None = None) -> dt.date:
    """When a payment should land: the day it was paid, or the organisation's target from when it was sent."""
    if claim.paid_on:
        return claim.paid_on
    days = settings.target_days if settings else 14
    start = (claim.submitted_at or timezone.now()).date() if claim.submitted_at else timezone.localdate()
    return start + dt.timedelta(days=days)


def uc_period(record: BenefitRecord | None, day: dt.date) -> tuple[dt.date, dt.date] | None:
    if record is None or not record.universal_credit or not record.uc_period_day:
        return None
    return assessment_period(day, record.uc_period_day)
