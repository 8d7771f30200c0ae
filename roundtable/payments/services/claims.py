"""Making and changing claims: drafts from the meeting register, claims by hand, correcting the time."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.audit.services import audit_record
from roundtable.lib.money import fee_for, round_money
from roundtable.meetings.models import Attendance, AttendanceStatus, Meeting
from roundtable.payments.benefits import claim_warnings
from roundtable.payments.models import (
    Choice,
    Claim,
    ClaimKind,
    ClaimStatus,
    ExpenseKind,
)
from roundtable.payments.services.common import (
    EXPENSE_MAX,
    HOURS_MAX,
    RECEIPT_MAX_BYTES,
    RECEIPT_TYPES,
    _apply_choice,
    _lock,
    _payable,
    choice_for,
    settings_for,
)
from roundtable.projects.models import PayRate, Project
from roundtable.projects.offer import rate_in_force

# --- Time claims drafted from the register -------------------------------------------------------


def _prep_hours(meeting: Meeting) -> Decimal:
    if not meeting.project.preparation_paid:
        return Decimal("0")
    minutes = sum(item.prepare_minutes for item in meeting.agenda_items.all())
    return round_money(Decimal(minutes) / Decimal(60), "GBP")


def _time_amount(project: Project, day: dt.date, hours: Decimal) -> tuple[PayRate | None, Decimal]:
    rate = rate_in_force(project.pay_rate, day) if project.pay_rate_id else None
    if rate is None:
        return None, Decimal("0")
    return rate, fee_for(hours=hours, rate=rate.amount, unit=rate.unit, currency=rate.currency)


@transaction.atomic
def claims_draft_for_meeting(*, meeting: Meeting) -> list[Claim]:
    """Draft a time claim for each partner who came: the real length (overrun included) plus paid preparation.

    Idempotent: one automatic claim per meeting and person (a database constraint). If the register is
    recorded again, drafts still waiting for the person are brought up to date; sent claims are not touched.
    """
    meeting = Meeting.objects.select_related("project__pay_rate", "project__organisation").get(pk=meeting.pk)
    if not meeting.attendance_recorded_at or not meeting.project.pay_rate_id:
        return []
    prep = _prep_hours(meeting)
    made = []
    rows = Attendance.objects.filter(
        meeting=meeting, role=Attendance.Role.PARTNER, status=AttendanceStatus.ATTENDED
    ).select_related("user")
    existing = {c.claimant_id: c for c in Claim.objects.filter(meeting=meeting, automatic=True)}
    day = timezone.localtime(meeting.actual_started_at or meeting.starts_at).date()
    for row in rows:
        hours = round_money(Decimal(row.minutes_present(meeting)) / Decimal(60), "GBP")
        rate, amount = _time_amount(meeting.project, day, hours + prep)
        claim = existing.get(row.user_id)
        if claim is not None:
            if claim.status == ClaimStatus.DRAFT and (claim.hours, claim.prep_hours) != (hours, prep):
                claim.hours, claim.prep_hours, claim.amount = hours, prep, amount
                claim.rate, claim.rate_amount = rate, rate.amount if rate else None
                claim.payable = _payable(claim)
                claim.choice_made_at = None  # the amount changed: the person chooses again
                claim.save()
            continue
        claim = Claim(
            organisation=meeting.project.organisation,
            project=meeting.project,
            claimant=row.user,
            kind=ClaimKind.TIME,
            automatic=True,
            meeting=meeting,
            work_date=day,
            activity=meeting.title,
            hours=hours,
            prep_hours=prep,
            rate=rate,
            rate_amount=rate.amount if rate else None,
            rate_unit=rate.unit if rate else "",
            amount=amount,
            currency=rate.currency if rate else meeting.project.organisation.currency,
        )
        _apply_choice(claim, choice_for(row.user, meeting.project))
        claim.payable = _payable(claim)
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError:
            continue  # someone else drafted it at the same moment
        made.append(claim)
    return made


def claims_draft_due(*, user=None, project: Project | None = None, since_days: int = 400) -> int:
    """Draft claims for every meeting with a register (for one person or project). The worker runs this."""
    meetings = Meeting.objects.filter(
        attendance_recorded_at__isnull=False,
        status=Meeting.Status.SCHEDULED,
        starts_at__gte=timezone.now() - dt.timedelta(days=since_days),
        project__pay_rate__isnull=False,
    )
    if user is not None:
        meetings = meetings.filter(
            attendance__user=user, attendance__status=AttendanceStatus.ATTENDED, attendance__role="partner"
        ).exclude(claims__claimant=user, claims__automatic=True)
    if project is not None:
        meetings = meetings.filter(project=project)
    count = 0
    for meeting in meetings.distinct()[:200]:
        count += len(claims_draft_for_meeting(meeting=meeting))
    return count


# --- Claims by hand ------------------------------------------------------------------------------


def new_submission_key() -> str:
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
    actor,
    project: Project,
    claimant,
    kind: str,
    data: dict,
    submission_key: str,
    receipt=None,
) -> Claim:
    """A claim made by hand (other work, or costs). Pressing "send" twice makes one claim.

    Sent at once, except a time claim whose week (worked or paid) would go over the person's Carer's
    Allowance limit: that one is kept as a draft, so the person sees the same warning as on any claim and
    chooses (full amount, lower amount, no payment, charity) before it is sent. Raises ValidationError
    (a dict of field messages) for bad input.
    """
    if submission_key:
        existing = Claim.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    project = Project.objects.select_related("organisation", "pay_rate").get(pk=project.pk)
    rules = settings_for(project.organisation)
    errors: dict[str, str] = {}
    work_date = data.get("work_date")
    if work_date is None:
        errors["work_date"] = _("Enter the day of the work.")
    elif work_date > timezone.localdate():
        errors["work_date"] = _("The day cannot be in the future.")
    claim = Claim(
        organisation=project.organisation,
        project=project,
        claimant=claimant,
        kind=kind,
        work_date=work_date or timezone.localdate(),
        activity=(data.get("activity") or "").strip()[:200],
        note=(data.get("note") or "").strip(),
        created_by=actor,
        submission_key=submission_key or None,
        currency=project.organisation.currency,
    )
    if kind == ClaimKind.TIME:
        hours = data.get("hours")
        if hours is None or hours <= 0:
            errors["hours"] = _("Enter how many hours, like 1.5")
        elif hours > HOURS_MAX:
            errors["hours"] = _("Enter 24 hours or less for one day.")
        if not claim.activity:
            errors["activity"] = _("Say what you did.")
        if not errors:
            assert hours is not None  # checked above
            rate, amount = _time_amount(project, claim.work_date, hours)
            if rate is None:
                errors["hours"] = _("This project has no pay rate yet. Ask the organiser.")
            else:
                claim.hours, claim.rate, claim.rate_amount, claim.rate_unit = hours, rate, rate.amount, rate.unit
                claim.amount, claim.currency = amount, rate.currency
    elif kind == ClaimKind.EXPENSE:
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
            cost = data.get("amount")
            if cost is None or cost <= 0:
                errors["amount"] = _("Enter how much it cost, like 12.50")
            elif cost > EXPENSE_MAX:
                errors["amount"] = _("For costs over £5,000, please talk to the organiser first.")
            else:
                claim.amount = round_money(cost, claim.currency)
        if not errors and claim.amount > rules.receipt_over and receipt is None:
            errors["receipt"] = _("Add a photo or PDF of the receipt. We need one for costs over %(limit)s.") % {
                "limit": f"£{rules.receipt_over}"
            }
        if receipt is not None and "receipt" not in errors:
            try:
                _ext, content_type = check_receipt(receipt)
            except ValidationError as error:
                errors.update({k: v[0] for k, v in error.message_dict.items()})
            else:
                claim.receipt = receipt
                claim.receipt_name = (getattr(receipt, "name", "") or "receipt")[-255:]
                claim.receipt_type = content_type
        claim.choice = Choice.BANK
    else:  # pragma: no cover - a programming error
        raise ValueError(kind)
    if errors:
        raise ValidationError(errors)
    if kind == ClaimKind.TIME:
        _apply_choice(claim, choice_for(claimant, project))
    claim.payable = _payable(claim)
    claim.status = ClaimStatus.SUBMITTED
    claim.submitted_at = timezone.now()
    claim.submitted_by_proxy = actor.pk != claimant.pk
    if kind == ClaimKind.TIME and claim.payable == 0:
        claim.status = ClaimStatus.DECLINED
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        existing = Claim.objects.filter(submission_key=submission_key).first() if submission_key else None
        if existing is None:
            raise
        return existing
    if claim.status == ClaimStatus.SUBMITTED and claim.is_fee and claim_warnings([claim]):
        claim.status, claim.submitted_at, claim.submitted_by_proxy = ClaimStatus.DRAFT, None, False
        claim.save(update_fields=["status", "submitted_at", "submitted_by_proxy"])
    audit_record(
        actor=actor,
        action="payments.claim_created",
        subject=claimant,
        obj=claim,
        by_proxy=claim.submitted_by_proxy,
        summary=f"{claim.kind} {claim.currency} {claim.amount}",
        details={"amount": str(claim.amount), "payable": str(claim.payable), "kind": claim.kind},
    )
    return claim


@transaction.atomic
def claim_update(*, actor, claim: Claim, data: dict) -> Claim:
    """Correct a time claim's day and hours while it is a draft or has a question."""
    claim = _lock(claim)
    if not claim.can_change or claim.kind != ClaimKind.TIME:
        raise ValidationError(_("This claim has been sent, so it cannot be changed now."))
    errors = {}
    hours, prep, day = data.get("hours"), data.get("prep_hours") or Decimal("0"), data.get("work_date")
    if hours is None or hours < 0 or hours > HOURS_MAX:
        errors["hours"] = _("Enter the hours, from 0 to 24.")
    if prep < 0 or prep > HOURS_MAX:
        errors["prep_hours"] = _("Enter the hours, from 0 to 24.")
    if day is None or day > timezone.localdate():
        errors["work_date"] = _("Enter a day that is today or before.")
    if errors:
        raise ValidationError(errors)
    assert hours is not None and day is not None  # checked above
    claim.project = Project.objects.select_related("pay_rate").get(pk=claim.project_id)
    rate, amount = _time_amount(claim.project, day, hours + prep)
    before = {"hours": str(claim.hours), "prep_hours": str(claim.prep_hours), "work_date": str(claim.work_date)}
    claim.hours, claim.prep_hours, claim.work_date = hours, prep, day
    claim.rate, claim.rate_amount, claim.amount = rate, rate.amount if rate else None, amount
    if data.get("note") is not None:
        claim.note = data["note"]
    claim.payable = _payable(claim)
    claim.choice_made_at = None  # the amount changed: the person chooses again
    claim.save()
    audit_record(
        actor=actor,
        action="payments.claim_corrected",
        subject=claim.claimant,
        obj=claim,
        by_proxy=actor.pk != claim.claimant_id,
        details={"before": before, "hours": str(hours), "prep_hours": str(prep), "work_date": str(day)},
    )
    return claim
