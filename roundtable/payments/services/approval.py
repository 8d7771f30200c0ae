"""The organiser's side of a claim (approve, ask a question) and finance's (correct a paid claim, hold one back)."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.lib.i18n import day_words, in_language_of
from roundtable.lib.money import MoneyError, format_money, round_money, to_decimal
from roundtable.lib.urls import absolute_url
from roundtable.notifications.services import message_queue
from roundtable.payments.models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    LedgerEntry,
    PaymentRun,
)
from roundtable.payments.services.common import (
    EXPENSE_MAX,
    _lock,
    settings_for,
)

# --- Approval ------------------------------------------------------------------------------------


def _tell_claimant(claim: Claim, *, actor: User, organiser, subject, body, reason: str, idempotency_key: str) -> None:
    """Tell the claimant, in their language and their way (the outbox), why their claim is asked about,
    turned down or held back. ``subject`` and ``body`` are lazy translations; ``body`` takes ``what``,
    ``day`` (the work date in words) and ``reason``. Tasks follow the claim's organisation's staff."""
    with in_language_of(claim.claimant):
        message_queue(
            recipient=claim.claimant,
            sender=actor,
            organiser=organiser,
            organisation_id=claim.project.organisation_id,
            kind="payment_query",
            subject=str(subject),
            body=str(body)
            % {
                "what": claim.activity or claim.get_expense_kind_display(),
                "day": day_words(claim.work_date),
                "reason": reason,
            },
            link_url=absolute_url(reverse("payments:claim", args=[claim.pk])),
            link_text=_("See your claim"),
            idempotency_key=idempotency_key,
        )


@transaction.atomic
def claim_approve(*, actor: User, claim: Claim) -> Claim:
    """Approve a sent claim: the organisation now owes it (a ledger row). Idempotent."""
    claim = _lock(claim)
    if claim.status in (ClaimStatus.APPROVED, ClaimStatus.PAID):
        return claim
    if claim.status != ClaimStatus.SUBMITTED:
        raise ValidationError(_("Only a claim that has been sent can be approved."))
    if (
        claim.kind == ClaimKind.EXPENSE
        and claim.receipt == ""
        and claim.amount > settings_for(claim.organisation_id).receipt_over
    ):
        raise ValidationError(_("This claim needs a receipt before it can be approved."))
    claim.status = ClaimStatus.APPROVED
    claim.approved_at = timezone.now()
    claim.approved_by = actor
    claim.save()
    LedgerEntry.objects.create(
        organisation_id=claim.organisation_id,
        claim=claim,
        person_id=claim.claimant_id,
        kind=LedgerEntry.Kind.OWED,
        amount=claim.payable,
        currency=claim.currency,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="payments.claim_approved",
        subject=claim.claimant,
        obj=claim,
        details={"payable": str(claim.payable)},
    )
    return claim


@transaction.atomic
def claim_query(*, actor: User, claim: Claim, reason: str) -> Claim:
    """Ask the person about a claim. They see the reason, and can correct the claim and send it again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what you want to ask, so the person can answer.")})
    claim = _lock(claim)
    if claim.status == ClaimStatus.QUERIED and claim.query_reason == reason:
        return claim
    if claim.status != ClaimStatus.SUBMITTED:
        raise ValidationError(_("Only a claim that has been sent can be asked about."))
    claim.status = ClaimStatus.QUERIED
    claim.query_reason = reason
    claim.save(update_fields=["status", "query_reason"])
    audit_record(actor=actor, action="payments.claim_queried", subject=claim.claimant, obj=claim, summary=reason)
    _tell_claimant(
        claim,
        actor=actor,
        organiser=actor,
        subject=gettext_lazy("A question about your claim"),
        body=gettext_lazy("We have a question about your claim for %(what)s on %(day)s:\n\n%(reason)s"),
        reason=reason,
        idempotency_key=f"claim-query:{claim.pk}:{secrets.token_hex(4)}",  # asked again after an answer: new
    )
    return claim


@transaction.atomic
def claim_refuse(*, actor: User, claim: Claim, reason: str) -> Claim:
    """An organiser does not approve a sent claim, with a reason the person is told (through the outbox).

    For a claim that is sent or has a question. Audited. Idempotent: the same reason again changes nothing.
    Raises ValidationError for an empty reason or a claim in another state.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the person knows.")})
    claim = _lock(claim)
    if claim.status == ClaimStatus.REFUSED and claim.refused_reason == reason:
        return claim
    if claim.status not in (ClaimStatus.SUBMITTED, ClaimStatus.QUERIED):
        raise ValidationError(_("Only a claim that has been sent and not approved can be turned down."))
    claim.status, claim.refused_reason = ClaimStatus.REFUSED, reason
    claim.save(update_fields=["status", "refused_reason"])
    audit_record(actor=actor, action="payments.claim_refused", subject=claim.claimant, obj=claim, summary=reason)
    _tell_claimant(
        claim,
        actor=actor,
        organiser=actor,
        subject=gettext_lazy("We cannot approve your claim"),
        body=gettext_lazy("We cannot approve your claim for %(what)s on %(day)s. This is why:\n\n%(reason)s"),
        reason=reason,
        idempotency_key=f"claim-refused:{claim.pk}",  # a claim is turned down once (see the early return)
    )
    return claim


CORRECTION_MAX = EXPENSE_MAX  # the most a corrected claim may come to (pounds), as for any claim by hand


def corrected_amount(claim: Claim) -> Decimal:
    """What a paid claim comes to now (pounds, its currency): its payable, or what its latest correction says.

    Every correction carries ``corrected_to`` (``claim_correct`` sets it; migration 0004 filled in the older
    ones), and the ledger check (``ledger._correction_problems``) reports one that does not.
    """
    latest = claim.corrections.order_by("-id").first()
    return claim.payable if latest is None else cast(Decimal, latest.corrected_to)  # set on every correction (above)


@transaction.atomic
def claim_correct(*, actor: User, claim: Claim, amount: Decimal, reason: str) -> Claim | None:
    """Set what a paid claim comes to. A paid claim never changes: a new, approved correction claim is added
    for the difference from what it comes to now (it may be negative), and is paid in the next run.

    ``amount``: the right total in pounds (the claim's currency), from 0 to ``CORRECTION_MAX``. It SETS the
    amount (issue 11): correcting to £40.00 twice makes one correction, and the claim comes to £40.00.
    Returns the new correction, or None when the claim already comes to ``amount`` (nothing to do).
    Raises ValidationError with a plain message at the field for a negative, absurd or unreadable amount.
    The claim is locked, so two finance officers correcting at once make one correction.
    """
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.PAID or claim.kind == ClaimKind.CORRECTION:
        raise ValidationError(_("Only a paid claim needs a correction. Change the claim instead."))
    try:
        amount = to_decimal(amount)
        if not amount.is_finite():
            raise MoneyError("not a number")
        amount = round_money(amount, claim.currency)
    except (MoneyError, TypeError, ValueError, ArithmeticError) as error:
        raise ValidationError({"amount": _("Enter an amount in numbers, like 27.50")}) from error
    if amount < 0:
        raise ValidationError({"amount": _("Enter an amount of 0 or more. To take money back, enter a lower amount.")})
    if amount > CORRECTION_MAX:
        raise ValidationError(
            {
                "amount": _("Enter an amount up to %(most)s. For more, talk to the organiser first.")
                % {"most": format_money(CORRECTION_MAX, claim.currency)}
            }
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the amount was wrong.")})
    now_comes_to = corrected_amount(claim)
    difference = amount - now_comes_to
    if difference == 0:
        return None
    correction = Claim.objects.create(
        organisation_id=claim.organisation_id,
        project_id=claim.project_id,
        claimant_id=claim.claimant_id,
        kind=ClaimKind.CORRECTION,
        status=ClaimStatus.APPROVED,
        work_date=claim.work_date,
        activity=_("Correction to claim %(id)s") % {"id": claim.pk},
        amount=difference,
        payable=difference,
        corrected_to=amount,
        currency=claim.currency,
        choice=claim.choice,
        corrects=claim,
        note=reason.strip(),
        created_by=actor,
        submitted_at=timezone.now(),
        approved_at=timezone.now(),
        approved_by=actor,
    )
    LedgerEntry.objects.create(
        organisation_id=claim.organisation_id,
        claim=correction,
        person_id=claim.claimant_id,
        kind=LedgerEntry.Kind.OWED,
        amount=difference,
        currency=claim.currency,
        created_by=actor,
        note=reason.strip()[:300],
    )
    audit_record(
        actor=actor,
        action="payments.claim_correction",
        subject=claim.claimant,
        obj=correction,
        details={"difference": str(difference), "before": str(now_comes_to), "corrected_to": str(amount)},
    )
    return correction


# --- Holding a claim back from payment runs (finance) --------------------------------------------


@transaction.atomic
def claim_hold(*, actor: User, claim: Claim, reason: str) -> Claim:
    """Keep an approved claim out of payment runs, with a reason the person sees (finance). Idempotent.

    If the claim is in a run that is not paid yet, it comes out of that run (the run's total goes down).
    The run is locked before the claim, in the same order as ``run_mark_paid``, so the two cannot deadlock.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the person knows.")})
    run_id = Claim.objects.filter(pk=claim.pk).values_list("run_id", flat=True).first()
    run = PaymentRun.objects.select_for_update().get(pk=run_id) if run_id else None
    claim = _lock(claim)
    if claim.is_held and claim.held_reason == reason:
        return claim
    if claim.status != ClaimStatus.APPROVED or (run is not None and run.status == PaymentRun.Status.PAID):
        raise ValidationError(_("Only an approved claim that is not paid yet can be held back."))
    if claim.run_id is not None and run is not None and claim.run_id == run.pk:
        run.total -= claim.payable
        run.save(update_fields=["total"])
        claim.run = None
    claim.held_at, claim.held_by, claim.held_reason = timezone.now(), actor, reason
    claim.save(update_fields=["run", "held_at", "held_by", "held_reason"])
    audit_record(actor=actor, action="payments.claim_held", subject=claim.claimant, obj=claim, summary=reason)
    _tell_claimant(
        claim,
        actor=actor,
        organiser=None,
        subject=gettext_lazy("We are holding back a payment"),
        body=gettext_lazy("We are not paying your claim for %(what)s on %(day)s yet. This is why:\n\n%(reason)s"),
        reason=reason,
        idempotency_key=f"claim-hold:{claim.pk}:{secrets.token_hex(4)}",  # held again after a release: new
    )
    return claim


@transaction.atomic
def claim_release(*, actor: User, claim: Claim) -> Claim:
    """Let a held claim go into the next payment run. Idempotent."""
    claim = _lock(claim)
    if not claim.is_held:
        return claim
    reason = claim.held_reason
    claim.held_at, claim.held_by, claim.held_reason = None, None, ""
    claim.save(update_fields=["held_at", "held_by", "held_reason"])
    audit_record(
        actor=actor, action="payments.claim_released", subject=claim.claimant, obj=claim, details={"reason": reason}
    )
    return claim
