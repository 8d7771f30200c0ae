"""The benefits guard: which week a fee counts in, whether a week goes over the Carer's Allowance limit,
and which Universal Credit assessment period a payment lands in.

Which week a fee counts in is a dated, sourced rule (``EarningsAttribution``; shared/domain.md section 4):
DWP decisions count some fees in the week the work was done (Monday to Sunday) and others in the week
they are due to be paid, so by default we check both and warn about either. A run that pays several
weeks' fees on one day can go over the limit in the week it pays, even if no week of work did.

Costs (expenses) are not earnings and never count. A fee the person declined, gave to charity or turned
into "costs only" does not reach them, so it does not count either. We only know about payments made
through Roundtable, so the page always says to count other work too, and to get free, independent advice.

We never suggest splitting a claim or an invoice to stay under a limit: that can be fraud.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from roundtable.lib.money import assessment_period, week_start
from roundtable.payments.models import (
    INCOME_CHOICES,
    BenefitRecord,
    Claim,
    ClaimKind,
    ClaimStatus,
    EarningsAttribution,
    EarningsLimit,
    PaymentSettings,
)

DEFAULT_TARGET_DAYS = 14  # PaymentSettings.target_days when an organisation has not set its own

COUNTED_STATUSES = [
    ClaimStatus.DRAFT,
    ClaimStatus.SUBMITTED,
    ClaimStatus.QUERIED,
    ClaimStatus.APPROVED,
    ClaimStatus.PAID,
]


@dataclass
class WeekWarning:
    """One week that goes over the limit for one claim.

    ``basis`` is ``"worked"`` (the week the work was done) or ``"paid"`` (the week the money is due to be
    paid). Money is ``Decimal`` in ``currency`` (pounds for GBP); weeks run Monday (``week_from``) to Sunday.
    """

    claim_id: int
    week_from: dt.date
    week_to: dt.date
    total: Decimal
    limit: Decimal
    currency: str
    limit_source: str
    basis: str = "worked"
    this_claim: Decimal = Decimal("0")

    @property
    def over_by(self) -> Decimal:
        return self.total - self.limit

    @property
    def most_this_claim(self) -> Decimal:
        """The most this claim's fee could be for the week to stay within the limit (never below zero)."""
        return max(Decimal("0"), self.limit - (self.total - self.this_claim))

    @property
    def is_pay_week(self) -> bool:
        return self.basis == "paid"


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
    attribution = importlib.import_module("roundtable.payments.migrations.0004_money_guard_corrections_runs")
    for day, rule, note in attribution.ATTRIBUTION:
        EarningsAttribution.objects.get_or_create(effective_from=day, defaults={"rule": rule, "source_note": note})


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


def attribution_on(day: dt.date, rows: list[EarningsAttribution]) -> EarningsAttribution:
    """The attribution rule in force on ``day`` (rows newest first). With no row at all: check both weeks."""
    for row in rows:
        if row.effective_from <= day:
            return row
    return EarningsAttribution(rule=EarningsAttribution.Rule.BOTH, effective_from=day, source_note="")


def pay_day(claim: Claim, *, target_days: int, today: dt.date, run_pay_on: dict[int, dt.date] | None = None) -> dt.date:
    """The day a claim's money is (or is due to be) paid, London time.

    Paid: the day it was paid. In a run not paid yet: the day finance says it will pay the run
    (``run_pay_on``), else today. Otherwise: the day it was sent (or today, if not sent) plus the
    organisation's target days to pay (``PaymentSettings.target_days``).
    """
    if claim.paid_on:
        return claim.paid_on
    if claim.run_id is not None:
        return (run_pay_on or {}).get(claim.run_id, today)
    start = timezone.localtime(claim.submitted_at).date() if claim.submitted_at else today
    return start + dt.timedelta(days=target_days)


def claim_warnings(
    claims: list[Claim], *, run_pay_on: dict[int, dt.date] | None = None
) -> dict[int, list[WeekWarning]]:
    """Every week (worked and paid, as the attribution rule says) that goes over the limit, per claim id.

    ``claims``: any claims; only time claims of people whose private record says they get Carer's
    Allowance, and whose fee reaches them, can warn. ``run_pay_on``: for runs not paid yet, the day
    finance will pay them (``{run id: date}``). A fixed number of queries for any number of claims.
    The worked-week warning comes first.
    """
    fee_claims = [c for c in claims if c.kind == ClaimKind.TIME]
    if not fee_claims:
        return {}
    people = {c.claimant_id for c in fee_claims}
    with_ca = set(
        BenefitRecord.objects.filter(user_id__in=people, carers_allowance=True).values_list("user_id", flat=True)
    )
    fee_claims = [c for c in fee_claims if c.claimant_id in with_ca and counts_as_earnings(c)]
    if not fee_claims:
        return {}
    rows = limits()
    rules = list(EarningsAttribution.objects.order_by("-effective_from"))
    today = timezone.localdate()
    weeks = {week_start(c.work_date) for c in fee_claims}
    first, last = min(weeks), max(weeks) + dt.timedelta(days=6)
    income = Claim.objects.filter(
        claimant_id__in=with_ca, kind=ClaimKind.TIME, status__in=COUNTED_STATUSES, choice__in=list(INCOME_CHOICES)
    ).only("id", "claimant_id", "organisation_id", "work_date", "payable", "status", "choice", "kind", "run_id",
           "paid_on", "submitted_at")  # fmt: skip
    # Every fee of these people that could be paid in a week we look at: those worked in the weeks of the
    # claims, those paid around them, and every fee not paid yet (a person has few of those).
    around = (
        Q(work_date__gte=first, work_date__lte=last)
        | ~Q(status=ClaimStatus.PAID)
        | Q(paid_on__gte=min(first, today) - dt.timedelta(days=7))
    )
    others = {c.pk: c for c in income.filter(around)}
    for claim in fee_claims:  # as saved; a claim only in memory counts as it is
        others.setdefault(claim.pk, claim)
    orgs = {c.organisation_id for c in others.values()}
    target = dict(
        PaymentSettings.objects.filter(organisation_id__in=orgs).values_list("organisation_id", "target_days")
    )

    def paid_on(claim: Claim) -> dt.date:
        return pay_day(
            claim,
            target_days=target.get(claim.organisation_id, DEFAULT_TARGET_DAYS),
            today=today,
            run_pay_on=run_pay_on,
        )

    worked: dict[tuple[int, dt.date], Decimal] = {}
    paid: dict[tuple[int, dt.date], Decimal] = {}
    for other in others.values():
        key = (other.claimant_id, week_start(other.work_date))
        worked[key] = worked.get(key, Decimal("0")) + other.payable
        key = (other.claimant_id, week_start(paid_on(other)))
        paid[key] = paid.get(key, Decimal("0")) + other.payable
    result: dict[int, list[WeekWarning]] = {}
    for asked in fee_claims:
        claim = others[asked.pk]
        for basis, week, totals in (
            ("worked", week_start(claim.work_date), worked),
            ("paid", week_start(paid_on(claim)), paid),
        ):
            week_end = week + dt.timedelta(days=6)
            rule = attribution_on(week_end, rules)
            if not (rule.checks_worked if basis == "worked" else rule.checks_paid):
                continue
            limit = limit_on(week_end, rows)
            total = totals.get((claim.claimant_id, week), Decimal("0"))
            if limit is None or total <= limit.weekly_limit:
                continue
            result.setdefault(claim.pk, []).append(
                WeekWarning(
                    claim_id=claim.pk,
                    week_from=week,
                    week_to=week_end,
                    total=total,
                    limit=limit.weekly_limit,
                    currency=limit.currency,
                    limit_source=limit.source_note,
                    basis=basis,
                    this_claim=claim.payable,
                )
            )
    return result


def week_warnings(claims: list[Claim], *, run_pay_on: dict[int, dt.date] | None = None) -> dict[int, WeekWarning]:
    """The first warning for each claim that has one (see ``claim_warnings``), keyed by claim id."""
    return {pk: found[0] for pk, found in claim_warnings(claims, run_pay_on=run_pay_on).items()}


def expected_pay_day(claim: Claim, settings: PaymentSettings | None = None) -> dt.date:
    """When a payment should land (London date): see ``pay_day``; ``settings`` gives the target days."""
    days = settings.target_days if settings else DEFAULT_TARGET_DAYS
    return pay_day(claim, target_days=days, today=timezone.localdate())


def uc_period(record: BenefitRecord | None, day: dt.date) -> tuple[dt.date, dt.date] | None:
    if record is None or not record.universal_credit or not record.uc_period_day:
        return None
    return assessment_period(day, record.uc_period_day)
