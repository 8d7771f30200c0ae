"""A person's own settings: how they want to be paid and their private benefits record."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.lib.money import round_money
from roundtable.payments.models import (
    BenefitRecord,
    Choice,
    PaymentChoice,
)
from roundtable.projects.models import Project

# --- A person's own settings ---------------------------------------------------------------------


@transaction.atomic
def choice_set(*, actor: User, user: User, project: Project | None, data: Mapping[str, Any]) -> PaymentChoice:
    choice = data.get("choice")
    errors = {}
    if choice not in Choice.values:
        errors["choice"] = _("Choose how you would like to be paid.")
    reduced = data.get("reduced_to")
    if choice == Choice.REDUCED and (reduced is None or reduced < 0):
        errors["reduced_to"] = _("Enter the most you would like for each claim, like 50.00")
    if choice == Choice.DONATE and not (data.get("charity") or "").strip():
        errors["charity"] = _("Enter the name of the charity.")
    if errors:
        raise ValidationError(errors)
    assert choice is not None  # one of Choice.values, checked above
    row, _created = PaymentChoice.objects.select_for_update().get_or_create(user=user, project=project)
    row.choice = choice
    row.reduced_to = round_money(reduced, "GBP") if choice == Choice.REDUCED else None
    row.charity = (data.get("charity") or "").strip() if choice == Choice.DONATE else ""
    row.payee_reference = (data.get("payee_reference") or row.payee_reference or "").strip()[:60]
    row.save()
    audit_record(
        actor=actor,
        action="payments.choice_set",
        subject=user,
        obj=row,
        by_proxy=actor.pk != user.pk,
        details={"choice": choice, "project": project.pk if project else None},
    )
    return row


@transaction.atomic
def benefit_record_set(*, actor: User, user: User, data: Mapping[str, Any]) -> BenefitRecord:
    day = data.get("uc_period_day")
    if data.get("universal_credit") and day is not None and not 1 <= day <= 31:
        raise ValidationError({"uc_period_day": _("Enter a day of the month, from 1 to 31.")})
    record, _created = BenefitRecord.objects.select_for_update().get_or_create(user=user)
    record.carers_allowance = bool(data.get("carers_allowance"))
    record.universal_credit = bool(data.get("universal_credit"))
    record.uc_period_day = day if record.universal_credit else None
    record.other = (data.get("other") or "").strip()[:300]
    record.save()
    audit_record(actor=actor, action="payments.benefits_set", subject=user, obj=record, by_proxy=actor.pk != user.pk)
    return record
