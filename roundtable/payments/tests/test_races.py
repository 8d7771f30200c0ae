"""Two presses at once, on PostgreSQL: two finance officers marking one run paid make one payment per claim;
a claim form sent twice at once makes one claim. Skipped (not faked) on SQLite, as projects/tests/test_races.py."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest

from roundtable.lib.tests.races import at_once as _twice_at_once
from roundtable.payments import services
from roundtable.payments.ledger import ledger_problems
from roundtable.payments.models import Claim, LedgerEntry, PaymentRun, Statement
from roundtable.projects import services as projects
from roundtable.projects.models import StaffRole
from roundtable.projects.tests.conftest import make_person

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL: two writers at once"
    ),
]


def test_two_finance_officers_mark_the_same_run_paid_at_once(people):
    other = make_person("sam2@example.com", "Second Finance")
    projects.staff_roles_set(
        actor=people.admin, organisation=people.organisation, user=other, roles={StaffRole.FINANCE}
    )
    for n in range(5):
        claim = services.claim_create(
            actor=people.partner, project=people.project, claimant=people.partner, kind="time",
            data={"work_date": dt.date(2026, 1, 12), "activity": "Work", "hours": Decimal("1")},
            submission_key=f"r{n}",
        )  # fmt: skip
        services.claim_approve(actor=people.organiser, claim=claim)
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    _twice_at_once(
        [
            lambda: services.run_mark_paid(
                actor=people.finance, run=PaymentRun.objects.get(pk=run.pk), paid_on=dt.date(2026, 2, 1), reference="A"
            ),
            lambda: services.run_mark_paid(
                actor=other, run=PaymentRun.objects.get(pk=run.pk), paid_on=dt.date(2026, 2, 1), reference="B"
            ),
        ]
    )
    assert LedgerEntry.objects.filter(run=run, kind="paid").count() == 5
    assert Statement.objects.filter(run=run).count() == 1
    assert ledger_problems() == []


def test_a_claim_form_sent_twice_at_once_makes_one_claim(people):
    data = {"work_date": dt.date(2026, 1, 12), "activity": "Reviewed", "hours": Decimal("2")}

    def send():
        return services.claim_create(
            actor=people.partner,
            project=people.project,
            claimant=people.partner,
            kind="time",
            data=data,
            submission_key="same",
        ).pk

    results = _twice_at_once([send, send])
    assert len(set(results)) == 1
    assert Claim.objects.filter(submission_key="same").count() == 1


def test_two_finance_officers_correcting_a_claim_to_40_at_once_make_one_correction(people):
    claim = services.claim_create(
        actor=people.partner, project=people.project, claimant=people.partner, kind="time",
        data={"work_date": dt.date(2026, 1, 12), "activity": "Work", "hours": Decimal("2")}, submission_key="c",
    )  # fmt: skip
    services.claim_approve(actor=people.organiser, claim=claim)
    run = services.run_create(actor=people.finance, organisation=people.organisation)
    services.run_mark_paid(actor=people.finance, run=run, paid_on=dt.date(2026, 2, 1), reference="R")

    def correct():
        return services.claim_correct(
            actor=people.finance, claim=Claim.objects.get(pk=claim.pk), amount=Decimal("40.00"), reason="Left early"
        )

    results = _twice_at_once([correct, correct])
    assert sum(r is not None for r in results) == 1
    assert Claim.objects.filter(corrects=claim).count() == 1
    assert services.corrected_amount(Claim.objects.get(pk=claim.pk)) == Decimal("40.00")
    assert ledger_problems() == []


def test_two_runs_made_at_once_are_numbered_one_after_the_other(people):
    for n in range(2):
        claim = services.claim_create(
            actor=people.partner, project=people.project, claimant=people.partner, kind="expense",
            data={"work_date": dt.date(2026, 1, 12), "expense_kind": "parking", "amount": Decimal("3")},
            submission_key=f"p{n}",
        )  # fmt: skip
        services.claim_approve(actor=people.organiser, claim=claim)
    made = _twice_at_once([lambda: services.run_create(actor=people.finance, organisation=people.organisation)] * 2)
    assert sorted(r is None for r in made) == [False, True]  # the second found nothing left to pay
    services.claim_approve(
        actor=people.organiser,
        claim=services.claim_create(
            actor=people.partner, project=people.project, claimant=people.partner, kind="expense",
            data={"work_date": dt.date(2026, 1, 12), "expense_kind": "parking", "amount": Decimal("3")},
            submission_key="p9",
        ),
    )  # fmt: skip
    services.run_create(actor=people.finance, organisation=people.organisation)
    assert list(PaymentRun.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
