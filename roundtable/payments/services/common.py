"""Shared by every payments service: the organisation's rules, a person's choice, what a claim pays, locking."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.payments.models import (
    Choice,
    Claim,
    ClaimKind,
    PaymentChoice,
    PaymentSettings,
)
from roundtable.projects.models import Organisation, Project

HOURS_MAX = Decimal("24")
EXPENSE_MAX = Decimal("5000")
RECEIPT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}
RECEIPT_MAX_BYTES = 10 * 1024 * 1024


def settings_for(organisation: Organisation | int) -> PaymentSettings:
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    found = PaymentSettings.objects.filter(organisation_id=org_id).first()
    if found is None:
        try:
            with transaction.atomic():
                found = PaymentSettings.objects.create(organisation_id=org_id)
        except IntegrityError:
            found = PaymentSettings.objects.get(organisation_id=org_id)
    return found


def choice_for(user: User, project: Project | None) -> PaymentChoice:
    """The person's choice for a project: the project's own, else their default, else bank transfer."""
    rows = {c.project_id: c for c in PaymentChoice.objects.filter(user=user, project__in=[project] if project else [])}
    rows.update({c.project_id: c for c in PaymentChoice.objects.filter(user=user, project__isnull=True)})
    if project is not None and project.pk in rows:
        return rows[project.pk]
    return rows.get(None) or PaymentChoice(user=user, project=project, choice=Choice.BANK)


def _payable(claim: Claim) -> Decimal:
    if claim.kind == ClaimKind.CORRECTION:
        return claim.amount
    if claim.kind == ClaimKind.EXPENSE:
        return Decimal("0") if claim.paid_in_advance else claim.amount
    if claim.choice in (Choice.DECLINE, Choice.EXPENSES_ONLY):
        return Decimal("0")
    if claim.choice == Choice.REDUCED and claim.reduced_to is not None:
        return min(claim.amount, claim.reduced_to)
    return claim.amount


def _apply_choice(claim: Claim, choice: PaymentChoice) -> None:
    claim.choice = choice.choice
    claim.charity = choice.charity
    claim.reduced_to = choice.reduced_to if choice.choice == Choice.REDUCED else None


def _lock(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


@transaction.atomic
def settings_update(*, actor: User, organisation: Organisation, data: Mapping[str, Any]) -> PaymentSettings:
    rules = PaymentSettings.objects.select_for_update().get(pk=settings_for(organisation).pk)
    errors = {}
    if not data.get("target_days") or not 1 <= data["target_days"] <= 90:
        errors["target_days"] = _("Enter a number of days from 1 to 90.")
    for name in ("receipt_over", "mileage_rate"):
        if data.get(name) is None or data[name] < 0:
            errors[name] = _("Enter an amount, like 0.45")
    if errors:
        raise ValidationError(errors)
    for name in ("target_days", "receipt_over", "mileage_rate", "advice_name"):
        if data.get(name) is not None:
            setattr(rules, name, data[name])
    rules.save()
    audit_record(
        actor=actor, action="payments.settings_updated", obj=rules, details={k: str(v) for k, v in data.items()}
    )
    return rules
