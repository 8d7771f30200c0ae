"""A person's checks and choices on a claim: choosing what to get, sending it (the benefits guard), taking it back."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.lib.money import format_money, round_money
from roundtable.payments.benefits import claim_warnings
from roundtable.payments.models import Choice, Claim, ClaimKind, ClaimStatus
from roundtable.payments.services.common import _lock, _payable


def _must_choose(actor: User, claim: Claim) -> ValidationError:
    if actor.pk == claim.claimant_id:
        return ValidationError(
            _(
                "Choose what you would like for this claim before you send it. "
                "With it, your pay for one week would go over your Carer's Allowance limit."
            )
        )
    return ValidationError(
        _("Before this is sent, the person must choose what they would like for it. Ask them, or ask finance.")
    )


@transaction.atomic
def claim_submit(*, actor: User, claim: Claim, expected_payable: Decimal | None = None) -> Claim:
    """The person (or an organiser for them) says the claim is right. Idempotent.

    ``expected_payable``: the amount (pounds, the claim's currency) the page showed on the send button;
    if the claim would now pay anything else it is not sent (ValidationError), so what a person is shown
    is what is sent. A time claim whose week (worked or paid) would go over the person's Carer's
    Allowance limit is not sent until the person has chosen on the claim page (``claim_choose``): a
    suggestion is not a choice (issue 11).
    """
    claim = _lock(claim)
    if claim.status in (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAID, ClaimStatus.DECLINED):
        return claim
    if claim.status not in (ClaimStatus.DRAFT, ClaimStatus.QUERIED):
        raise ValidationError(_("This claim cannot be sent."))
    claim.payable = _payable(claim)
    if expected_payable is not None and round_money(expected_payable, claim.currency) != claim.payable:
        raise ValidationError(
            _("The amount has changed. It is now %(amount)s. Check it, then send the claim again.")
            % {"amount": format_money(claim.payable, claim.currency)}
        )
    if claim.is_fee and claim.choice_made_at is None and claim_warnings([claim]):
        raise _must_choose(actor, claim)
    claim.status = (
        ClaimStatus.DECLINED if claim.kind == ClaimKind.TIME and claim.payable == 0 else ClaimStatus.SUBMITTED
    )
    claim.submitted_at = timezone.now()
    claim.submitted_by_proxy = actor.pk != claim.claimant_id
    claim.save()
    audit_record(
        actor=actor,
        action="payments.claim_submitted",
        subject=claim.claimant,
        obj=claim,
        by_proxy=claim.submitted_by_proxy,
        details={"payable": str(claim.payable), "choice": claim.choice},
    )
    return claim


@transaction.atomic
def claim_choose(
    *, actor: User, claim: Claim, choice: str, reduced_to: Decimal | None = None, charity: str = ""
) -> Claim:
    """The person chooses, for this claim, full pay, a lower amount, no payment, costs only or a charity.

    ``reduced_to`` is in pounds (the claim's currency), from 0 up to less than the full fee. Records that
    the person has chosen (``choice_made_at``), which lets a claim over the Carer's Allowance limit be sent.
    """
    claim = _lock(claim)
    if claim.kind != ClaimKind.TIME or claim.status not in (
        ClaimStatus.DRAFT,
        ClaimStatus.SUBMITTED,
        ClaimStatus.QUERIED,
        ClaimStatus.DECLINED,
    ):
        raise ValidationError(_("This claim is already approved, so ask finance to change it."))
    if choice not in Choice.values:
        raise ValidationError({"choice": _("Choose one option.")})
    if choice == Choice.REDUCED:
        if reduced_to is None or reduced_to < 0 or reduced_to >= claim.amount:
            raise ValidationError({"reduced_to": _("Enter an amount less than the full fee.")})
        reduced_to = round_money(reduced_to, claim.currency)
    if choice == Choice.DONATE and not charity.strip():
        raise ValidationError({"charity": _("Enter the name of the charity.")})
    claim.choice = choice
    claim.reduced_to = reduced_to if choice == Choice.REDUCED else None
    claim.charity = charity.strip() if choice == Choice.DONATE else ""
    claim.payable = _payable(claim)
    claim.choice_made_at = timezone.now()
    if claim.status in (ClaimStatus.SUBMITTED, ClaimStatus.DECLINED):
        claim.status = ClaimStatus.DECLINED if claim.payable == 0 else ClaimStatus.SUBMITTED
    claim.save()
    audit_record(
        actor=actor,
        action="payments.claim_choice",
        subject=claim.claimant,
        obj=claim,
        by_proxy=actor.pk != claim.claimant_id,
        details={"choice": choice, "payable": str(claim.payable)},
    )
    return claim


@transaction.atomic
def claim_withdraw(*, actor: User, claim: Claim) -> Claim:
    """The claimant takes their own claim back. Idempotent. Only the claimant: anyone else gets
    PermissionDenied (an organiser asks a question, holds or declines with a reason instead)."""
    if actor.pk != claim.claimant_id:
        raise PermissionDenied
    claim = _lock(claim)
    if claim.status == ClaimStatus.WITHDRAWN:
        return claim
    if claim.status not in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.QUERIED):
        raise ValidationError(_("This claim is approved or paid, so it cannot be taken back."))
    claim.status = ClaimStatus.WITHDRAWN
    claim.save(update_fields=["status"])
    audit_record(actor=actor, action="payments.claim_withdrawn", subject=claim.claimant, obj=claim)
    return claim
