"""check_ledger finds every fault the full claim-by-claim scan found, in the same words and order.

``full_scan`` below is the check as it was before the database sifted the claims (every claim and every
ledger row read into Python). Each test breaks a healthy ledger one way, behind the services' backs, and
asks that ``ledger_problems`` says exactly what the full scan says, for everyone and per organisation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from roundtable.payments import services
from roundtable.payments.ledger import OWING, ledger_problems
from roundtable.payments.models import Claim, ClaimKind, ClaimStatus, LedgerEntry, PaymentRun
from roundtable.projects.models import Organisation

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)


def full_scan(*, organisation=None, limit: int = 50) -> list[str]:
    """The check before the database did the sifting: every claim and ledger row, in Python."""
    problems: list[str] = []
    entries, claims, runs = LedgerEntry.objects.all(), Claim.objects.all(), PaymentRun.objects.all()
    if organisation is not None:
        entries = entries.filter(organisation=organisation)
        claims = claims.filter(organisation=organisation)
        runs = runs.filter(organisation=organisation)
    book = {
        (c, k): (a, cur, r)
        for c, k, a, cur, r in entries.values_list("claim_id", "kind", "amount", "currency", "run_id")
    }
    run_sums: dict[int, Decimal] = {}
    owed_by_claim: dict[int, Decimal] = {}
    fields = ("id", "status", "payable", "currency", "run_id", "amount", "paid_in_advance")
    for cid, status, payable, currency, run_id, amount, in_advance in claims.values_list(*fields):
        owed, paid, advance = (book.pop((cid, kind), None) for kind in ("owed", "paid", "advance"))
        if owed is not None:
            owed_by_claim[cid] = owed[0]
        if in_advance and status in OWING:
            if payable != 0:
                problems.append(f"Claim {cid} was paid in advance but says {payable} is owed to the person")
            if advance is None or advance[0] != amount or advance[1] != currency:
                problems.append(f"Claim {cid}: paid in advance {advance and advance[0]} but the claim says {amount}")
        elif advance is not None:
            problems.append(f"Claim {cid} was not paid in advance but the ledger says {advance[0]} was")
        if run_id is not None:
            run_sums[run_id] = run_sums.get(run_id, Decimal("0")) + payable
        if status in OWING:
            if owed is None or owed[0] != payable or owed[1] != currency:
                problems.append(f"Claim {cid}: owed in the ledger {owed and owed[0]} but the claim says {payable}")
        elif owed is not None:
            problems.append(f"Claim {cid} is {status} but the ledger says it is owed {owed[0]}")
        if status == ClaimStatus.PAID:
            if paid is None or paid[0] != -payable or paid[2] != run_id:
                problems.append(f"Claim {cid}: paid in the ledger {paid and paid[0]} but the claim says {payable}")
        elif paid is not None:
            problems.append(f"Claim {cid} is {status} but the ledger says it was paid {paid[0]}")
        if len(problems) >= limit:
            return problems
    for (cid, kind), _row in list(book.items())[:limit]:
        problems.append(f"Ledger row for claim {cid} ({kind}) has no claim")
    corrections: dict[int, list[tuple[int, Decimal | None]]] = {}
    for cid, corrects_id, to in (
        claims.filter(kind=ClaimKind.CORRECTION, corrects__isnull=False)
        .order_by("id")
        .values_list("id", "corrects_id", "corrected_to")
    ):
        corrections.setdefault(corrects_id, []).append((cid, to))
    for original_id, rows in corrections.items():
        nets = owed_by_claim.get(original_id, Decimal("0")) + sum(
            (owed_by_claim.get(cid, Decimal("0")) for cid, _to in rows), Decimal("0")
        )
        if rows[-1][1] is None or nets != rows[-1][1]:
            problems.append(
                f"Claim {original_id}: its ledger nets to {nets} with {len(rows)} correction(s), "
                f"but it should come to {rows[-1][1]}"
            )
    paid_by_run = dict(
        entries.filter(kind="paid").values("run_id").annotate(s=Sum("amount")).values_list("run_id", "s")
    )
    for run_id, status, total in runs.values_list("id", "status", "total"):
        if run_sums.get(run_id, Decimal("0")) != total:
            problems.append(f"Run {run_id}: total {total} but its claims add up to {run_sums.get(run_id, 0)}")
        if status == PaymentRun.Status.PAID and paid_by_run.get(run_id, Decimal("0")) != -total:
            problems.append(f"Run {run_id}: paid {paid_by_run.get(run_id)} in the ledger but its total is {total}")
    return problems[:limit]


@pytest.fixture
def books(people, uplift):
    """A healthy ledger: a paid claim (corrected once), an approved one, one sent, a cost paid in advance."""
    with time_machine.travel(NOW, tick=False):

        def sent(key, hours):
            return services.claim_create(
                actor=people.partner, project=people.project, claimant=people.partner, kind="time",
                data={"work_date": dt.date(2026, 1, 12), "activity": "Reading", "hours": Decimal(hours)},
                submission_key=key,
            )  # fmt: skip

        paid = services.claim_approve(actor=people.organiser, claim=sent("paid", "2.1"))
        advance = services.advance_record(
            actor=people.organiser, project=people.project, person=people.partner, submission_key="adv",
            data={"work_date": dt.date(2026, 1, 14), "expense_kind": "travel", "amount": Decimal("38.10"),
                  "activity": "Taxi both ways"},
        )  # fmt: skip
        run = services.run_create(actor=people.finance, organisation=people.organisation)
        services.run_mark_paid(actor=people.finance, run=run, paid_on=dt.date(2026, 2, 1), reference="BACS 1")
        paid.refresh_from_db()
        correction = services.claim_correct(actor=people.finance, claim=paid, amount=Decimal("50.00"), reason="Left")
        approved = services.claim_approve(actor=people.organiser, claim=sent("approved", "0.3"))
        waiting = sent("waiting", "1")
    other = Organisation.objects.create(name="Other", slug="other-org")
    assert ledger_problems() == [] == full_scan()
    return dict(
        people=people, run=run, paid=paid, advance=advance, correction=correction, approved=approved,
        waiting=waiting, other=other,
    )  # fmt: skip


def _row(claim, kind):
    return LedgerEntry.objects.filter(claim=claim, kind=kind)


BREAKS = {
    "owed amount": lambda b: _row(b["approved"], "owed").update(amount=Decimal("8.24")),
    "owed currency": lambda b: _row(b["approved"], "owed").update(currency="EUR"),
    "owed row missing": lambda b: _row(b["approved"], "owed").delete(),
    "claim payable": lambda b: Claim.objects.filter(pk=b["approved"].pk).update(payable=Decimal("1.00")),
    "claim currency": lambda b: Claim.objects.filter(pk=b["approved"].pk).update(currency="USD"),
    "owed but not approved": lambda b: Claim.objects.filter(pk=b["approved"].pk).update(status="submitted"),
    "paid row missing": lambda b: _row(b["paid"], "paid").delete(),
    "paid amount": lambda b: _row(b["paid"], "paid").update(amount=Decimal("-57.74")),
    "paid in no run": lambda b: _row(b["paid"], "paid").update(run=None),
    "paid but approved": lambda b: Claim.objects.filter(pk=b["paid"].pk).update(status="approved"),
    "paid row for a claim not paid": lambda b: LedgerEntry.objects.create(
        organisation=b["people"].organisation,
        claim=b["approved"],
        person=b["people"].partner,
        kind="paid",
        amount=Decimal("-8.25"),
        currency="GBP",
    ),  # fmt: skip
    "advance amount": lambda b: Claim.objects.filter(pk=b["advance"].pk).update(amount=Decimal("1.00")),
    "advance payable": lambda b: Claim.objects.filter(pk=b["advance"].pk).update(payable=Decimal("38.10")),
    "advance row missing": lambda b: _row(b["advance"], "advance").delete(),
    "advance row currency": lambda b: _row(b["advance"], "advance").update(currency="EUR"),
    "advance row on a claim not in advance": lambda b: Claim.objects.filter(pk=b["advance"].pk).update(
        paid_in_advance=False
    ),
    "run total": lambda b: PaymentRun.objects.filter(pk=b["run"].pk).update(total=Decimal("1.00")),
    "run not paid in the ledger": lambda b: _row(b["advance"], "paid").delete() or _row(b["paid"], "paid").delete(),
    "a row in another organisation's ledger": lambda b: _row(b["approved"], "owed").update(organisation=b["other"]),
    "a kind the ledger does not have": lambda b: LedgerEntry.objects.create(
        organisation=b["people"].organisation,
        claim=b["approved"],
        person=b["people"].partner,
        kind="refund",
        amount=Decimal("1.00"),
        currency="GBP",
    ),  # fmt: skip
    "a correction netting wrong": lambda b: Claim.objects.filter(pk=b["correction"].pk).update(
        corrected_to=Decimal("49.00")
    ),
    "a correction's owed row missing": lambda b: _row(b["correction"], "owed").delete(),
    "a correction saying nothing": lambda b: Claim.objects.filter(pk=b["correction"].pk).update(corrected_to=None),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_each_fault_is_found_as_the_full_scan_finds_it(books, name):
    BREAKS[name](books)
    found = {None: ledger_problems()}
    assert found[None] == full_scan()
    for organisation in (books["people"].organisation, books["other"]):
        found[organisation] = ledger_problems(organisation=organisation)
        assert found[organisation] == full_scan(organisation=organisation)
    assert found[books["people"].organisation]  # a row moved to another organisation's ledger is missed there
    if found[None]:
        with pytest.raises(CommandError):
            call_command("check_ledger", stdout=StringIO(), stderr=StringIO())


def test_every_fault_at_once_in_the_same_order_and_cut_at_the_limit(books):
    for name in ("claim payable", "paid amount", "advance amount", "run total", "a kind the ledger does not have"):
        BREAKS[name](books)
    assert len(ledger_problems()) > 3 and ledger_problems() == full_scan()
    for limit in (1, 2, 3, 4):
        assert ledger_problems(limit=limit) == full_scan(limit=limit)


def test_a_balanced_ledger_is_checked_in_seven_queries_at_most(books, django_assert_num_queries):
    with django_assert_num_queries(7):
        assert ledger_problems(organisation=books["people"].organisation) == []
