"""Check the append-only ledger against claims and payment runs. Used by ``manage.py check_ledger``."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from roundtable.payments.models import Claim, ClaimKind, ClaimStatus, LedgerEntry, PaymentRun

OWING = {ClaimStatus.APPROVED, ClaimStatus.PAID}


def ledger_problems(*, organisation=None, limit: int = 50) -> list[str]:
    """Every mismatch (up to ``limit``), in words. An empty list means the books balance.

    Each claim's ledger rows must match its state and ``payable``; each run's total must match its claims
    and payments; and a corrected claim's owed rows (its own plus every correction's) must net to what the
    latest correction says the claim comes to now (``corrected_to``), so a doubled correction is caught.
    """
    problems: list[str] = []
    entries = LedgerEntry.objects.all()
    claims = Claim.objects.all()
    runs = PaymentRun.objects.all()
    if organisation is not None:
        entries = entries.filter(organisation=organisation)
        claims = claims.filter(organisation=organisation)
        runs = runs.filter(organisation=organisation)
    book: dict[tuple[int, str], tuple[Decimal, str, int | None]] = {}
    for claim_id, kind, amount, currency, run_id in entries.values_list(
        "claim_id", "kind", "amount", "currency", "run_id"
    ).iterator(chunk_size=10000):
        book[(claim_id, kind)] = (amount, currency, run_id)
    run_sums: dict[int, Decimal] = {}
    owed_by_claim: dict[int, Decimal] = {}
    for cid, status, payable, currency, run_id, amount, in_advance in claims.values_list(
        "id", "status", "payable", "currency", "run_id", "amount", "paid_in_advance"
    ).iterator(chunk_size=10000):
        owed = book.pop((cid, LedgerEntry.Kind.OWED), None)
        paid = book.pop((cid, LedgerEntry.Kind.PAID), None)
        advance = book.pop((cid, LedgerEntry.Kind.ADVANCE), None)
        if owed is not None:
            owed_by_claim[cid] = owed[0]
        # A cost paid for the person in advance: the organisation spent ``amount``; the person is owed nothing.
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
    problems.extend(_correction_problems(claims, owed_by_claim))
    paid_by_run = dict(
        entries.filter(kind=LedgerEntry.Kind.PAID).values("run_id").annotate(s=Sum("amount")).values_list("run_id", "s")
    )
    for run_id, status, total in runs.values_list("id", "status", "total"):
        if run_sums.get(run_id, Decimal("0")) != total:
            problems.append(f"Run {run_id}: total {total} but its claims add up to {run_sums.get(run_id, 0)}")
        if status == PaymentRun.Status.PAID and paid_by_run.get(run_id, Decimal("0")) != -total:
            problems.append(f"Run {run_id}: paid {paid_by_run.get(run_id)} in the ledger but its total is {total}")
    return problems[:limit]


def _correction_problems(claims, owed_by_claim: dict[int, Decimal]) -> list[str]:
    """Corrected claims whose ledger does not net to what they come to now."""
    problems = []
    corrections: dict[int, list[tuple[int, Decimal | None]]] = {}
    for cid, corrects_id, corrected_to in (
        claims.filter(kind=ClaimKind.CORRECTION, corrects__isnull=False)
        .order_by("id")
        .values_list("id", "corrects_id", "corrected_to")
    ):
        corrections.setdefault(corrects_id, []).append((cid, corrected_to))
    for original_id, rows in corrections.items():
        nets = owed_by_claim.get(original_id, Decimal("0")) + sum(
            (owed_by_claim.get(cid, Decimal("0")) for cid, _to in rows), Decimal("0")
        )
        comes_to = rows[-1][1]
        if comes_to is None or nets != comes_to:
            problems.append(
                f"Claim {original_id}: its ledger nets to {nets} with {len(rows)} correction(s), "
                f"but it should come to {comes_to}"
            )
    return problems
