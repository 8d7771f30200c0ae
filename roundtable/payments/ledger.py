"""Check the append-only ledger against claims and payment runs. Used by ``manage.py check_ledger``.

The rules are in Python (``_claim_problems``), one claim at a time, in words. The database does the
sifting: one query joins each claim to its "owed", "paid" and "advance" rows and returns only the claims
whose rows do not plainly match (``_books_match``), so a ledger that balances sends back no claims at all.
A claim the database lets through is checked by the same Python rules, so a loose match there can only
cost time, never hide a fault. Run totals and paid rows are summed in the database, as ``run_create``
summed them. Seven queries at most, at any size.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.db.models import BooleanField, Case, F, FilteredRelation, Q, QuerySet, Sum, When

from roundtable.payments.models import MONEY, Claim, ClaimKind, ClaimStatus, LedgerEntry, PaymentRun

OWING = {ClaimStatus.APPROVED, ClaimStatus.PAID}
KINDS = (LedgerEntry.Kind.OWED, LedgerEntry.Kind.PAID, LedgerEntry.Kind.ADVANCE)

# (amount, currency, run id) of one ledger row, or None when the claim has no row of that kind
Row = tuple[Decimal, str, int | None] | None
PLACES = Decimal(1).scaleb(-MONEY["decimal_places"])  # every amount column is DecimalField(**MONEY)


def ledger_problems(*, organisation=None, limit: int = 50) -> list[str]:
    """Every mismatch (up to ``limit``), in words. An empty list means the books balance.

    Each claim's ledger rows must match its state and ``payable``; each run's total must match its claims
    and payments; and a corrected claim's owed rows (its own plus every correction's) must net to what the
    latest correction says the claim comes to now (``corrected_to``), so a doubled correction is caught.
    A ledger row whose claim is not among the claims checked (another organisation's), or of a kind the
    ledger does not have, is reported too. Queries: 7 at most, whatever the number of claims.
    """
    problems: list[str] = []
    entries = LedgerEntry.objects.all()
    claims = Claim.objects.all()
    runs = PaymentRun.objects.all()
    if organisation is not None:
        entries = entries.filter(organisation=organisation)
        claims = claims.filter(organisation=organisation)
        runs = runs.filter(organisation=organisation)
    for claim_problems in _claims_not_matching(claims, organisation):
        problems.extend(claim_problems)
        if len(problems) >= limit:
            return problems
    orphans = entries.filter(~Q(kind__in=KINDS) | ~Q(claim__in=claims.order_by().values("pk")))
    for cid, kind in orphans.order_by("id").values_list("claim_id", "kind")[:limit]:
        problems.append(f"Ledger row for claim {cid} ({kind}) has no claim")
    problems.extend(_correction_problems(claims, entries))
    run_sums = {
        run_id: _to_places(total)
        for run_id, total in claims.filter(run__isnull=False)
        .order_by()
        .values("run_id")
        .annotate(s=Sum("payable"))
        .values_list("run_id", "s")
    }
    paid_by_run = dict(
        entries.filter(kind=LedgerEntry.Kind.PAID)
        .order_by()
        .values("run_id")
        .annotate(s=Sum("amount"))
        .values_list("run_id", "s")
    )
    for run_id, status, total in runs.values_list("id", "status", "total"):
        if run_sums.get(run_id, Decimal("0")) != total:
            problems.append(f"Run {run_id}: total {total} but its claims add up to {run_sums.get(run_id, 0)}")
        if status == PaymentRun.Status.PAID and paid_by_run.get(run_id, Decimal("0")) != -total:
            problems.append(f"Run {run_id}: paid {paid_by_run.get(run_id)} in the ledger but its total is {total}")
    return problems[:limit]


def _to_places(total: Decimal | None) -> Decimal:
    """A sum of amounts back to the 2 places each amount is stored with (``MONEY``), so it is exact.

    SQLite adds decimal columns as floating point (PostgreSQL exactly); the sum of whole pennies is whole
    pennies, and the error of adding 100,000 of them is far below half a penny.
    """
    return (total or Decimal("0")).quantize(PLACES)


def _claim_problems(
    cid: int, status: str, payable: Decimal, currency: str, run_id: int | None, amount: Decimal, in_advance: bool,
    owed: Row, paid: Row, advance: Row,
) -> list[str]:  # fmt: skip
    """The rules for one claim and its three possible ledger rows, in words (an empty list: it matches)."""
    problems = []
    # A cost paid for the person in advance: the organisation spent ``amount``; the person is owed nothing.
    if in_advance and status in OWING:
        if payable != 0:
            problems.append(f"Claim {cid} was paid in advance but says {payable} is owed to the person")
        if advance is None or advance[0] != amount or advance[1] != currency:
            problems.append(f"Claim {cid}: paid in advance {advance and advance[0]} but the claim says {amount}")
    elif advance is not None:
        problems.append(f"Claim {cid} was not paid in advance but the ledger says {advance[0]} was")
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
    return problems


def _books_match() -> Q:
    """True in the database for a claim whose ledger rows plainly match it (the rules of ``_claim_problems``).

    Written only to let through every claim those rules might fault: an unknown (NULL) answer counts
    as "does not match", so the claim is checked in Python.
    """
    owing = Q(status__in=OWING)
    paid_status = Q(status=ClaimStatus.PAID)
    in_advance = Q(paid_in_advance=True) & owing
    advance_ok = (
        in_advance
        & Q(payable=0, advance_row__id__isnull=False)
        & Q(advance_row__amount=F("amount"), advance_row__currency=F("currency"))
    ) | (~in_advance & Q(advance_row__id__isnull=True))
    owed_ok = (
        owing & Q(owed_row__id__isnull=False) & Q(owed_row__amount=F("payable"), owed_row__currency=F("currency"))
    ) | (~owing & Q(owed_row__id__isnull=True))
    same_run = Q(paid_row__run_id=F("run_id")) | Q(paid_row__run_id__isnull=True, run_id__isnull=True)
    paid_ok = (paid_status & Q(paid_row__id__isnull=False) & Q(paid_row__amount=-F("payable")) & same_run) | (
        ~paid_status & Q(paid_row__id__isnull=True)
    )
    return advance_ok & owed_ok & paid_ok


def _claims_not_matching(claims: QuerySet[Claim], organisation) -> Iterator[list[str]]:
    """Each claim whose ledger rows do not match it, as its problems in words, in the claims' own order.

    One query: the claims joined to their owed, paid and advance rows (of ``organisation``'s ledger when
    given), kept only where ``_books_match`` is not true.
    """

    def row(kind: str) -> FilteredRelation:
        condition = Q(ledger__kind=kind)
        if organisation is not None:
            condition &= Q(ledger__organisation=organisation)
        return FilteredRelation("ledger", condition=condition)

    suspect = (
        claims.annotate(
            owed_row=row(LedgerEntry.Kind.OWED), paid_row=row(LedgerEntry.Kind.PAID),
            advance_row=row(LedgerEntry.Kind.ADVANCE),
        )
        .annotate(matches=Case(When(_books_match(), then=True), default=False, output_field=BooleanField()))
        .filter(matches=False)
    )  # fmt: skip
    for values in suspect.values_list(
        "id", "status", "payable", "currency", "run_id", "amount", "paid_in_advance",
        "owed_row__id", "owed_row__amount", "owed_row__currency", "owed_row__run_id",
        "paid_row__id", "paid_row__amount", "paid_row__currency", "paid_row__run_id",
        "advance_row__id", "advance_row__amount", "advance_row__currency", "advance_row__run_id",
    ).iterator(chunk_size=2000):  # fmt: skip
        owed, paid, advance = (None if values[n] is None else tuple(values[n + 1 : n + 4]) for n in (7, 11, 15))
        yield _claim_problems(*values[:7], owed, paid, advance)  # type: ignore[arg-type]


def _correction_problems(claims: QuerySet[Claim], entries: QuerySet[LedgerEntry]) -> list[str]:
    """Corrected claims whose ledger does not net to what they come to now."""
    problems: list[str] = []
    corrections: dict[int, list[tuple[int, Decimal | None]]] = {}
    corrections_qs = claims.filter(kind=ClaimKind.CORRECTION, corrects__isnull=False)
    for cid, corrects_id, corrected_to in corrections_qs.order_by("id").values_list(
        "id", "corrects_id", "corrected_to"
    ):
        corrections.setdefault(corrects_id, []).append((cid, corrected_to))
    if not corrections:
        return problems
    # The owed rows of the claims involved (each correction and the claim it corrects), among the claims checked.
    involved = claims.filter(
        Q(pk__in=corrections_qs.order_by().values("pk")) | Q(pk__in=corrections_qs.order_by().values("corrects_id"))
    )
    owed_by_claim: dict[int, Decimal] = dict(
        entries.filter(kind=LedgerEntry.Kind.OWED, claim__in=involved.order_by().values("pk")).values_list(
            "claim_id", "amount"
        )
    )
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
