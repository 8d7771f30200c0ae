"""Time claims drafted from the meeting register, and correcting a claim's time (claims by hand: ``by_hand``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.audit.services import audit_record
from roundtable.lib.money import fee_for, round_money
from roundtable.meetings.models import Attendance, AttendanceStatus, Meeting
from roundtable.payments.models import (
    Claim,
    ClaimKind,
    ClaimStatus,
)
from roundtable.payments.services.common import (
    HOURS_MAX,
    _apply_choice,
    _lock,
    _payable,
    choice_for,
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
