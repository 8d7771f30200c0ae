"""Claims made by hand (other work, or costs), by the person or by proxy, in steps that read like the rules.

``claim_create`` checks the day, prices the time (the project's rate) or the cost (mileage rate, the
£5,000 limit, the receipt rule), follows the person's choice, saves once per form, applies the benefits
guard and audits. ``check_receipt`` is also used by advances.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.lib.money import round_money
from roundtable.payments.benefits import claim_warnings
from roundtable.payments.models import Choice, Claim, ClaimKind, ClaimStatus, ExpenseKind, PaymentSettings
from roundtable.payments.services.claims import _time_amount
from roundtable.payments.services.common import (
    EXPENSE_MAX,
    HOURS_MAX,
    RECEIPT_MAX_BYTES,
    RECEIPT_TYPES,
    _apply_choice,
    _payable,
    choice_for,
    settings_for,
)
from roundtable.projects.models import Project


def new_submission_key() -> str:
    """A fresh key for a claim form (32 URL-safe characters), so sending it twice makes one claim."""
    return secrets.token_urlsafe(24)


def check_receipt(upload) -> tuple[str, str]:
    """The receipt's ending and content type, or a ValidationError in words a person can act on."""
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in RECEIPT_TYPES:
        raise ValidationError({"receipt": _("The receipt must be a photo (JPG or PNG) or a PDF.")})
    if upload.size > RECEIPT_MAX_BYTES:
        raise ValidationError({"receipt": _("The receipt must be smaller than 10 MB.")})
    head = upload.read(16)
    upload.seek(0)
    ok = (
        head.startswith(b"%PDF-")
        if ext == "pdf"
        else head.startswith(b"\x89PNG")
        if ext == "png"
        else head.startswith(b"\xff\xd8\xff")
    )
    if not ok:
        raise ValidationError({"receipt": _("This file is not really a photo or a PDF. Please choose another one.")})
    return ext, RECEIPT_TYPES[ext]


@transaction.atomic
def claim_create(
    *,
    actor: User,
    project: Project,
    claimant: User,
    kind: str,
    data: Mapping[str, Any],
    submission_key: str,
    receipt: File | None = None,
) -> Claim:
    """A claim made by hand (other work, or costs). Pressing "send" twice makes one claim.

    ``kind`` is ``ClaimKind.TIME`` (``data``: ``work_date``, ``hours`` as Decimal, ``activity``, ``note``)
    or ``ClaimKind.EXPENSE`` (``data``: ``work_date``, ``expense_kind``, ``miles`` or ``amount`` as
    Decimal in the organisation's currency, ``activity``, ``note``; ``receipt`` an uploaded file).

    Sent at once, except a time claim whose week (worked or paid) would go over the person's Carer's
    Allowance limit: that one is kept as a draft, so the person sees the same warning as on any claim and
    chooses (full amount, lower amount, no payment, charity) before it is sent. Raises ValidationError
    (a dict of field messages) for bad input; ValueError for a kind that is neither.
    """
    sent_before = _claim_sent_with(submission_key)
    if sent_before is not None:
        return sent_before
    project = Project.objects.select_related("organisation", "pay_rate").get(pk=project.pk)
    rules = settings_for(project.organisation)
    errors = _work_date_errors(data.get("work_date"))
    claim = _claim_started(
        actor=actor, project=project, claimant=claimant, kind=kind, data=data, submission_key=submission_key
    )
    if kind == ClaimKind.TIME:
        _price_time(claim, project=project, hours=data.get("hours"), errors=errors)
    elif kind == ClaimKind.EXPENSE:
        _price_expense(claim, rules=rules, data=data, errors=errors)
        _attach_receipt(claim, rules=rules, receipt=receipt, errors=errors)
    else:  # pragma: no cover - a programming error
        raise ValueError(kind)
    if errors:
        raise ValidationError(errors)
    _settle_payable_and_send(claim, actor=actor, claimant=claimant, project=project)
    saved = _save_once(claim, submission_key)
    if saved is not claim:
        return saved  # the same form was sent at the same moment: its claim is the one
    _apply_benefits_guard(claim)
    _audit_claim_created(claim, actor=actor)
    return claim


def _claim_sent_with(submission_key: str) -> Claim | None:
    """The claim this form already made, if it was sent before (``submission_key`` is unique on Claim)."""
    if not submission_key:
        return None
    return Claim.objects.filter(submission_key=submission_key).first()


def _work_date_errors(work_date: dt.date | None) -> dict[str, str]:
    """The day of the work must be given and not be in the future (London calendar day)."""
    if work_date is None:
        return {"work_date": _("Enter the day of the work.")}
    if work_date > timezone.localdate():
        return {"work_date": _("The day cannot be in the future.")}
    return {}


def _claim_started(
    *, actor: User, project: Project, claimant: User, kind: str, data: Mapping[str, Any], submission_key: str
) -> Claim:
    """An unsaved claim with what every claim has: who, where, the day, what was done, in the
    organisation's currency. Without a valid day it takes today, so the other checks can still run."""
    return Claim(
        organisation=project.organisation,
        project=project,
        claimant=claimant,
        kind=kind,
        work_date=data.get("work_date") or timezone.localdate(),
        activity=(data.get("activity") or "").strip()[:200],
        note=(data.get("note") or "").strip(),
        created_by=actor,
        submission_key=submission_key or None,
        currency=project.organisation.currency,
    )


def _price_time(claim: Claim, *, project: Project, hours: Decimal | None, errors: dict[str, str]) -> None:
    """Time is paid at the project's rate in force on the day of the work (projects.offer.rate_in_force).

    Hours must be more than 0 and at most 24 for one day, and the person must say what they did. Adds
    messages to ``errors``; prices the claim only when there are none so far."""
    if hours is None or hours <= 0:
        errors["hours"] = _("Enter how many hours, like 1.5")
    elif hours > HOURS_MAX:
        errors["hours"] = _("Enter 24 hours or less for one day.")
    if not claim.activity:
        errors["activity"] = _("Say what you did.")
    if errors:
        return
    assert hours is not None
    rate, amount = _time_amount(project, claim.work_date, hours)
    if rate is None:
        errors["hours"] = _("This project has no pay rate yet. Ask the organiser.")
        return
    claim.hours, claim.rate, claim.rate_amount, claim.rate_unit = hours, rate, rate.amount, rate.unit
    claim.amount, claim.currency = amount, rate.currency


def _price_expense(claim: Claim, *, rules: PaymentSettings, data: Mapping[str, Any], errors: dict[str, str]) -> None:
    """A cost is what it cost, or miles at the organisation's mileage rate (PaymentSettings).

    One cost may be at most £5,000 (EXPENSE_MAX); more needs a talk with the organiser first. Costs
    are always paid to the bank. Adds messages to ``errors``."""
    claim.expense_kind = data.get("expense_kind") or ""
    if claim.expense_kind not in ExpenseKind.values:
        errors["expense_kind"] = _("Choose what the cost was for.")
    if claim.expense_kind == ExpenseKind.MILEAGE:
        miles = data.get("miles")
        if miles is None or miles <= 0:
            errors["miles"] = _("Enter how many miles you drove.")
        else:
            claim.miles = miles
            claim.amount = round_money(miles * rules.mileage_rate, claim.currency)
    else:
        amount = data.get("amount")
        if amount is None or amount <= 0:
            errors["amount"] = _("Enter how much it cost, like 12.50")
        elif amount > EXPENSE_MAX:
            errors["amount"] = _("For costs over £5,000, please talk to the organiser first.")
        else:
            claim.amount = round_money(amount, claim.currency)
    claim.choice = Choice.BANK


def _attach_receipt(claim: Claim, *, rules: PaymentSettings, receipt: File | None, errors: dict[str, str]) -> None:
    """A cost over the organisation's ``receipt_over`` needs a receipt; any receipt must really be a
    photo (JPG, PNG) or PDF under 10 MB (check_receipt). Adds messages to ``errors``."""
    if not errors and claim.amount > rules.receipt_over and receipt is None:
        errors["receipt"] = _("Add a photo or PDF of the receipt. We need one for costs over %(limit)s.") % {
            "limit": f"£{rules.receipt_over}"
        }
    if receipt is None or "receipt" in errors:
        return
    try:
        _ext, content_type = check_receipt(receipt)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    else:
        claim.receipt = receipt
        claim.receipt_name = (getattr(receipt, "name", "") or "receipt")[-255:]
        claim.receipt_type = content_type


def _settle_payable_and_send(claim: Claim, *, actor: User, claimant: User, project: Project) -> None:
    """A time claim follows the person's payment choice for the project (full, lower, none, charity);
    what is payable follows from it. The claim is sent now, by proxy when someone else made it; a time
    claim with nothing payable (the person chose no payment) is declined at once."""
    if claim.kind == ClaimKind.TIME:
        _apply_choice(claim, choice_for(claimant, project))
    claim.payable = _payable(claim)
    claim.status = ClaimStatus.SUBMITTED
    claim.submitted_at = timezone.now()
    claim.submitted_by_proxy = actor.pk != claimant.pk
    if claim.kind == ClaimKind.TIME and claim.payable == 0:
        claim.status = ClaimStatus.DECLINED


def _save_once(claim: Claim, submission_key: str) -> Claim:
    """Save the claim, or return the claim the same form made at the same moment (the unique
    ``submission_key``). Re-raises IntegrityError when there is no such claim."""
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        existing = _claim_sent_with(submission_key)
        if existing is None:
            raise
        return existing
    return claim


def _apply_benefits_guard(claim: Claim) -> None:
    """The benefits guard (payments.benefits.claim_warnings, docs/payments.md): a fee that would take
    the person's week over their Carer's Allowance limit goes back to a draft, so they see the warning
    and choose before it is sent."""
    if claim.status == ClaimStatus.SUBMITTED and claim.is_fee and claim_warnings([claim]):
        claim.status, claim.submitted_at, claim.submitted_by_proxy = ClaimStatus.DRAFT, None, False
        claim.save(update_fields=["status", "submitted_at", "submitted_by_proxy"])


def _audit_claim_created(claim: Claim, *, actor: User) -> None:
    """Audit row ``payments.claim_created``: who made it, for whom, by proxy or not, the amounts."""
    audit_record(
        actor=actor,
        action="payments.claim_created",
        subject=claim.claimant,
        obj=claim,
        by_proxy=claim.submitted_by_proxy,
        summary=f"{claim.kind} {claim.currency} {claim.amount}",
        details={"amount": str(claim.amount), "payable": str(claim.payable), "kind": claim.kind},
    )
