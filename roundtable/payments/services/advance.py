"""A cost the organisation booked and paid for a person in advance (a taxi, childcare), so they are never out
of pocket.

It is kept as an approved cost claim with ``paid_in_advance`` set: the person is owed nothing for it
(``payable`` is 0, an ``owed`` ledger row of 0) and the money the organisation spent is an ``advance`` ledger
row. It is not income for the person and costs never count in the benefits guard. It goes into the next
payment run at 0, so it shows on the person's statement as paid for them in advance; the bank export skips it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.lib.money import round_money
from roundtable.meetings.models import Meeting
from roundtable.payments.models import Choice, Claim, ClaimKind, ClaimStatus, ExpenseKind, LedgerEntry
from roundtable.payments.services.common import EXPENSE_MAX
from roundtable.projects.models import Membership, Project


def _is_member(person, project: Project) -> bool:
    return Membership.objects.filter(project=project, user=person, status=Membership.Status.ACTIVE).exists()


@transaction.atomic
def advance_record(
    *, actor: User, project: Project, person: User, data: Mapping[str, Any], submission_key: str = ""
) -> Claim:
    """Record a cost the organisation paid for a member of the project. Sending the form twice makes one row."""
    if submission_key:
        existing = Claim.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    project = Project.objects.select_related("organisation").get(pk=project.pk)
    if not _is_member(person, project):
        raise ValidationError({"person": _("Choose a person in this project.")})
    errors: dict[str, str] = {}
    work_date: dt.date | None = data.get("work_date")
    if work_date is None:
        errors["work_date"] = _("Enter the day the cost is for.")
    kind = data.get("expense_kind") or ""
    if kind not in ExpenseKind.values or kind == ExpenseKind.MILEAGE:
        errors["expense_kind"] = _("Choose what the cost was for.")
    amount = data.get("amount")
    if amount is None or amount <= 0:
        errors["amount"] = _("Enter how much it cost, like 12.50")
    elif amount > EXPENSE_MAX:
        errors["amount"] = _("Enter £5,000 or less.")
    meeting: Meeting | None = data.get("meeting")
    if meeting is not None and meeting.project_id != project.pk:
        errors["meeting"] = _("Choose a meeting in this project.")
    if errors:
        raise ValidationError(errors)
    assert work_date is not None  # checked above
    now = timezone.now()
    amount = round_money(amount, project.organisation.currency)
    claim = Claim(
        organisation=project.organisation,
        project=project,
        claimant=person,
        kind=ClaimKind.EXPENSE,
        expense_kind=kind,
        paid_in_advance=True,
        meeting=meeting,
        work_date=work_date,
        activity=(data.get("activity") or "").strip()[:200],
        note=(data.get("note") or "").strip(),
        amount=amount,
        payable=amount * 0,
        currency=project.organisation.currency,
        choice=Choice.BANK,
        status=ClaimStatus.APPROVED,
        submission_key=submission_key or None,
        created_by=actor,
        submitted_at=now,
        submitted_by_proxy=True,
        approved_at=now,
        approved_by=actor,
    )
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        existing = Claim.objects.filter(submission_key=submission_key).first() if submission_key else None
        if existing is None:
            raise
        return existing
    common = {"organisation_id": claim.organisation_id, "claim": claim, "person_id": person.pk, "created_by": actor}
    LedgerEntry.objects.create(kind=LedgerEntry.Kind.OWED, amount=claim.payable, currency=claim.currency, **common)
    LedgerEntry.objects.create(
        kind=LedgerEntry.Kind.ADVANCE, amount=amount, currency=claim.currency, note=claim.activity[:300], **common
    )
    audit_record(
        actor=actor,
        action="payments.advance_recorded",
        subject=person,
        obj=claim,
        by_proxy=True,
        summary=f"Paid in advance: {claim.currency} {amount}",
        details={"amount": str(amount), "expense_kind": kind, "meeting": meeting.pk if meeting else None},
    )
    return claim
