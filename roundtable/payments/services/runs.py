"""Payment runs: gathering approved claims, marking them paid, and each person's statement and message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Field, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.lib.i18n import day_words, ids_by_language
from roundtable.lib.money import format_money
from roundtable.lib.urls import absolute_url
from roundtable.notifications.services import message_queue_many_ids
from roundtable.payments.models import (
    Choice,
    Claim,
    ClaimStatus,
    LedgerEntry,
    PaymentChoice,
    PaymentRun,
    Statement,
)
from roundtable.projects.models import Organisation

STATEMENT_BATCH = 500  # people per batch of statement messages


# --- Payment runs --------------------------------------------------------------------------------


@transaction.atomic
def run_create(*, actor: User, organisation: Organisation) -> PaymentRun | None:
    """Gather every approved claim not yet in a run and not held back by finance. None if there is nothing to pay.

    Costs paid for people in advance come too (they pay 0), so they show on the person's statement.
    Runs are numbered per organisation: its first is "Payment run 1". The organisation row is locked, so
    two officers pressing at once get two numbers (and the second gets no claims, so no run).

    A few queries at any size: the claims join the run in one conditional UPDATE (which locks them, as
    ``select_for_update`` did) and the run's total (pounds, Decimal) is their sum from the database.
    """
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    waiting = Claim.objects.filter(
        organisation=organisation, status=ClaimStatus.APPROVED, run__isnull=True, held_at__isnull=True
    )
    if not waiting.exists():
        return None
    last = PaymentRun.objects.filter(organisation=organisation).order_by("-number").values_list("number", flat=True)
    run = PaymentRun.objects.create(
        organisation=organisation,
        number=(last.first() or 0) + 1,
        currency=organisation.currency,
        created_by=actor,
        total=Decimal("0"),
    )
    count = waiting.update(run=run)
    if not count:  # every one was held back or changed since we looked: no run after all
        transaction.set_rollback(True)
        return None
    run.total = Claim.objects.filter(run=run).aggregate(total=Sum("payable"))["total"] or Decimal("0")
    PaymentRun.objects.filter(pk=run.pk).update(total=run.total)
    audit_record(
        actor=actor, action="payments.run_created", obj=run, details={"claims": count, "total": str(run.total)}
    )
    return run


def payee_references(user_ids: Iterable[int]) -> dict[int, str]:
    """Each person's payee reference from finance (their default payment choice first, else any other one)."""
    found: dict[int, str] = {}
    rows = PaymentChoice.objects.filter(user_id__in=list(user_ids)).exclude(payee_reference="")
    for user_id, project_id, reference in rows.order_by("-project_id").values_list(
        "user_id", "project_id", "payee_reference"
    ):
        if project_id is None or user_id not in found:
            found[user_id] = reference
    return found


def run_missing_payees(run: PaymentRun) -> list[User]:
    """The people the bank must pay in this run who have no payee reference yet, by name.

    Costs paid in advance (nothing to pay the person) and fees given to a charity (finance pays the
    charity) need none. While this list is not empty the run cannot be exported or marked paid.
    """
    ids = set(
        Claim.objects.filter(run=run, payable__gt=0, paid_in_advance=False)
        .exclude(choice=Choice.DONATE)
        .values_list("claimant_id", flat=True)
    )
    missing = ids - set(payee_references(ids))
    return list(User.objects.filter(pk__in=missing).order_by("full_name", "pk"))


def run_refuse_missing_payees(*, run: PaymentRun) -> None:
    """Raise ``ValidationError`` naming everyone the bank must pay in ``run`` who has no payee reference
    (``run_missing_payees``); a run with such people can be neither exported nor marked paid. Reads only."""
    missing = run_missing_payees(run)
    if missing:
        raise ValidationError(
            _("Add a payee number for %(names)s first. The bank cannot pay someone without one.")
            % {"names": ", ".join(str(p) for p in missing)}
        )


@transaction.atomic
def payee_reference_set(*, actor: User, run: PaymentRun, person: User, reference: str) -> PaymentChoice:
    """Finance records the payee reference from its own finance system for a person in one of its runs.

    Kept on the person's default payment choice (made as "money paid into my bank" if they had none),
    audited as done for them. Never bank details. Raises ValidationError for an empty or long reference,
    and PermissionDenied if the person has no claim in the run.
    """
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": _("Enter the payee number from your finance system.")})
    if len(reference) > 60:
        raise ValidationError({"reference": _("Use 60 characters or fewer. You typed %(n)s.") % {"n": len(reference)}})
    if not Claim.objects.filter(run=run, claimant=person).exists():
        raise PermissionDenied
    row = PaymentChoice.objects.select_for_update().filter(user=person, project__isnull=True).first()
    if row is None:
        row = PaymentChoice.objects.create(user=person, project=None, choice=Choice.BANK)
    if row.payee_reference == reference:
        return row
    row.payee_reference = reference
    row.save(update_fields=["payee_reference", "updated_at"])
    audit_record(
        actor=actor,
        action="payments.payee_set",
        subject=person,
        obj=row,
        by_proxy=actor.pk != person.pk,
        details={"run": run.pk},
    )
    return row


@transaction.atomic
def run_mark_paid(*, actor: User, run: PaymentRun, paid_on: dt.date, reference: str) -> PaymentRun:
    """Mark a run paid: every claim in it is paid once, with one ledger row each. Idempotent and race-safe.

    ``paid_on`` is the London day the bank paid, at most a week ahead. Refused (ValidationError) while
    anyone the bank must pay has no payee reference (``run_missing_payees``).
    """
    reference = (reference or "").strip()
    errors = {}
    if paid_on is None:
        errors["paid_on"] = _("Enter the day the bank paid it.")
    elif paid_on > timezone.localdate() + dt.timedelta(days=7):
        errors["paid_on"] = _("Enter a day no more than a week from now.")
    if not reference:
        errors["reference"] = _("Enter the bank or finance system reference.")
    if errors:
        raise ValidationError(errors)
    run = PaymentRun.objects.select_for_update().get(pk=run.pk)
    if run.status == PaymentRun.Status.PAID:
        return run
    run_refuse_missing_payees(run=run)
    # One UPDATE marks (and locks) every claim in the run, then one INSERT … SELECT adds its "paid" ledger
    # row from the claim itself: the ledger only grows, and (claim, kind) is unique, so never twice.
    Claim.objects.filter(run=run).update(status=ClaimStatus.PAID, paid_on=paid_on)
    _ledger_add_paid(run=run, actor=actor, note=reference[:300])
    run.status = PaymentRun.Status.PAID
    run.paid_on, run.reference, run.paid_by, run.paid_at = paid_on, reference, actor, timezone.now()
    run.save()
    audit_record(
        actor=actor, action="payments.run_paid", obj=run, details={"reference": reference, "paid_on": str(paid_on)}
    )
    statements_send(run=run, actor=actor)
    return run


def _ledger_add_paid(*, run: PaymentRun, actor: User, note: str) -> int:
    """Add one "paid" ledger row (minus ``payable``, in the claim's currency) for every claim in ``run``, in
    one ``INSERT … SELECT``. Returns how many. Only ``run_mark_paid`` calls it, with the run locked."""
    quote = connection.ops.quote_name
    entry, claim = LedgerEntry._meta, Claim._meta
    columns = ["organisation", "claim", "person", "run", "kind", "amount", "currency", "created_at", "created_by"]
    columns.append("note")

    def column(meta, name: str) -> str:
        field = meta.get_field(name)
        assert isinstance(field, Field) and field.column
        return quote(field.column)

    names = ", ".join(column(entry, name) for name in columns)
    c = {name: column(claim, name) for name in ("id", "claimant", "payable", "currency", "run")}
    sql = (
        f"INSERT INTO {quote(entry.db_table)} ({names}) "  # noqa: S608 - only column names are formatted in
        f"SELECT %s, {c['id']}, {c['claimant']}, %s, %s, -{c['payable']}, {c['currency']}, %s, %s, %s "
        f"FROM {quote(claim.db_table)} WHERE {c['run']} = %s ORDER BY {c['id']}"
    )
    params: list[Any] = [
        run.organisation_id,
        run.pk,
        LedgerEntry.Kind.PAID.value,
        connection.ops.adapt_datetimefield_value(timezone.now()),
        actor.pk,
        note,
        run.pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def statements_send(*, run: PaymentRun, actor: User, claims: list[Claim] | None = None) -> list[Statement]:
    """One statement per person in a paid run, and a message their way. Idempotent on (run, person).

    Each person's total (pounds, Decimal) comes from ``claims`` when given, else from one grouped query over
    the run's claims.

    Messages are queued in batches of ``STATEMENT_BATCH`` people, so a run of any size tells everyone:
    people paid the same total who read the same language get the same words, queued together by
    ``message_queue_many_ids``, each with their own key ``statement:<run>:<person>`` (sending again makes no new
    messages). A person whose only items were paid for them in advance got no money, so they get a statement
    but no "we paid you" message.
    """
    assert run.paid_on is not None  # only a paid run has statements (run_mark_paid)
    totals: dict[int, Decimal] = {}
    paid_to_them: set[int] = set()
    if claims is None:
        grouped = (
            Claim.objects.filter(run=run)
            .order_by()
            .values("claimant_id")
            .annotate(total=Sum("payable"), to_them=Count("id", filter=Q(paid_in_advance=False)))
        )
        for row in grouped:
            totals[row["claimant_id"]] = row["total"] or Decimal("0")
            if row["to_them"]:
                paid_to_them.add(row["claimant_id"])
    for claim in claims or []:
        totals[claim.claimant_id] = totals.get(claim.claimant_id, Decimal("0")) + claim.payable
        if not claim.paid_in_advance:
            paid_to_them.add(claim.claimant_id)
    Statement.objects.bulk_create(
        [Statement(run=run, person_id=pid, total=total, currency=run.currency) for pid, total in totals.items()],
        ignore_conflicts=True,
        batch_size=2000,
    )
    by_total: dict[Decimal, list[int]] = {}
    for pid in sorted(paid_to_them):
        by_total.setdefault(totals[pid], []).append(pid)
    link_url = absolute_url(reverse("payments:statement", args=[run.pk]))
    for total, ids in by_total.items():
        for start in range(0, len(ids), STATEMENT_BATCH):
            batch = User.objects.filter(pk__in=ids[start : start + STATEMENT_BATCH]).order_by("pk")
            for language, people in ids_by_language(batch.values_list("pk", "profile__language")).items():
                with translation.override(language):  # the words in each reader's language
                    body = _(
                        "We paid %(total)s on %(day)s. The bank reference is %(ref)s.\n\n"
                        "Your statement shows each claim. If the money is not there in 3 working days, please tell us."
                    ) % {
                        "total": format_money(total, run.currency),
                        "day": day_words(run.paid_on),
                        "ref": run.reference,
                    }
                    message_queue_many_ids(
                        recipient_ids=people,
                        key_prefix=f"statement:{run.pk}:",
                        sender=actor,
                        kind="payment_statement",
                        subject=_("We have paid you"),
                        body=body,
                        link_url=link_url,
                        link_text=_("Read your statement"),
                        group_label=run.organisation.name,
                    )
    audit_record(
        actor=actor,
        obj=run,
        action="payments.statements_sent",
        summary=run.reference,
        details={"people": len(totals), "told": len(paid_to_them)},
    )
    return list(Statement.objects.filter(run=run))


def ledger_balance(organisation: Organisation) -> Decimal:
    """What the organisation still owes people. Costs paid for people in advance are not part of it."""
    return LedgerEntry.objects.filter(organisation=organisation).exclude(kind=LedgerEntry.Kind.ADVANCE).aggregate(
        s=Sum("amount")
    )["s"] or Decimal("0")
