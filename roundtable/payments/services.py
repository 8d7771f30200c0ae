"""Every write in payments. Keyword-only ``<thing>_<verb>`` functions, each one transaction, audited.

State changes are idempotent and race-safe: the row is locked with ``select_for_update`` and the
function returns early if the change has already happened. The ledger is only ever added to.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.audit.services import audit_record
from roundtable.lib.money import MoneyError, fee_for, round_money, to_decimal
from roundtable.meetings.models import Attendance, AttendanceStatus, Meeting
from roundtable.notifications.services import message_queue
from roundtable.payments.models import (
    BenefitRecord,
    Choice,
    Claim,
    ClaimKind,
    ClaimStatus,
    ExpenseKind,
    LedgerEntry,
    PaymentChoice,
    PaymentRun,
    PaymentSettings,
    Statement,
)
from roundtable.projects.models import Organisation, PayRate, Project
from roundtable.projects.offer import rate_in_force

HOURS_MAX = Decimal("24")
EXPENSE_MAX = Decimal("5000")
RECEIPT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}
RECEIPT_MAX_BYTES = 10 * 1024 * 1024


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


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


def choice_for(user, project: Project | None) -> PaymentChoice:
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
    """A claim made by hand (other work, or costs). Sent at once. Pressing "send" twice makes one claim."""
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
            amount = data.get("amount")
            if amount is None or amount <= 0:
                errors["amount"] = _("Enter how much it cost, like 12.50")
            elif amount > EXPENSE_MAX:
                errors["amount"] = _("For costs over £5,000, please talk to the organiser first.")
            else:
                claim.amount = round_money(amount, claim.currency)
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


def _lock(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


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
    claim.project = Project.objects.select_related("pay_rate").get(pk=claim.project_id)
    rate, amount = _time_amount(claim.project, day, hours + prep)
    before = {"hours": str(claim.hours), "prep_hours": str(claim.prep_hours), "work_date": str(claim.work_date)}
    claim.hours, claim.prep_hours, claim.work_date = hours, prep, day
    claim.rate, claim.rate_amount, claim.amount = rate, rate.amount if rate else None, amount
    if data.get("note") is not None:
        claim.note = data["note"]
    claim.payable = _payable(claim)
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


@transaction.atomic
def claim_submit(*, actor, claim: Claim) -> Claim:
    """The person (or an organiser for them) says the claim is right. Idempotent."""
    claim = _lock(claim)
    if claim.status in (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAID, ClaimStatus.DECLINED):
        return claim
    if claim.status not in (ClaimStatus.DRAFT, ClaimStatus.QUERIED):
        raise ValidationError(_("This claim cannot be sent."))
    claim.payable = _payable(claim)
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
def claim_choose(*, actor, claim: Claim, choice: str, reduced_to: Decimal | None = None, charity: str = "") -> Claim:
    """The person chooses, for this claim, full pay, a lower amount, no payment or costs only."""
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
def claim_withdraw(*, actor, claim: Claim) -> Claim:
    claim = _lock(claim)
    if claim.status == ClaimStatus.WITHDRAWN:
        return claim
    if claim.status not in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.QUERIED):
        raise ValidationError(_("This claim is approved or paid, so it cannot be taken back."))
    claim.status = ClaimStatus.WITHDRAWN
    claim.save(update_fields=["status"])
    audit_record(actor=actor, action="payments.claim_withdrawn", subject=claim.claimant, obj=claim)
    return claim


# --- Approval ------------------------------------------------------------------------------------


@transaction.atomic
def claim_approve(*, actor, claim: Claim) -> Claim:
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
def claim_query(*, actor, claim: Claim, reason: str) -> Claim:
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
    message_queue(
        recipient=claim.claimant,
        sender=actor,
        organiser=actor,
        kind="payment_query",
        subject=_("A question about your claim"),
        body=_("We have a question about your claim for %(what)s on %(day)s:\n\n%(reason)s")
        % {
            "what": claim.activity or claim.get_expense_kind_display(),
            "day": claim.work_date.strftime("%-d %B %Y"),
            "reason": reason,
        },
        link_url=_absolute(reverse("payments:claim", args=[claim.pk])),
        link_text=_("See your claim"),
        idempotency_key=f"claim-query:{claim.pk}:{secrets.token_hex(4)}",
    )
    return claim


@transaction.atomic
def claim_correct(*, actor, claim: Claim, amount: Decimal, reason: str) -> Claim:
    """A paid claim never changes. A correction is a new, approved claim for the difference (it may be negative)."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.PAID:
        raise ValidationError(_("Only a paid claim needs a correction. Change the claim instead."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the amount was wrong.")})
    difference = round_money(to_decimal(amount) - claim.payable, claim.currency)
    if difference == 0:
        raise ValidationError({"amount": _("That is the amount already paid.")})
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
        details={"difference": str(difference)},
    )
    return correction


# --- Payment runs --------------------------------------------------------------------------------


@transaction.atomic
def run_create(*, actor, organisation: Organisation) -> PaymentRun | None:
    """Gather every approved claim not yet in a run. None if there is nothing to pay."""
    claims = list(
        Claim.objects.select_for_update()
        .filter(organisation=organisation, status=ClaimStatus.APPROVED, run__isnull=True)
        .order_by("id")
    )
    if not claims:
        return None
    run = PaymentRun.objects.create(
        organisation=organisation,
        currency=organisation.currency,
        created_by=actor,
        total=sum((c.payable for c in claims), Decimal("0")),
    )
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(run=run)
    audit_record(
        actor=actor, action="payments.run_created", obj=run, details={"claims": len(claims), "total": str(run.total)}
    )
    return run


@transaction.atomic
def run_mark_paid(*, actor, run: PaymentRun, paid_on: dt.date, reference: str) -> PaymentRun:
    """Mark a run paid: every claim in it is paid once, with one ledger row each. Idempotent and race-safe."""
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
    claims = list(Claim.objects.select_for_update().filter(run=run).order_by("id"))
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                organisation_id=run.organisation_id,
                claim_id=c.pk,
                person_id=c.claimant_id,
                run=run,
                kind=LedgerEntry.Kind.PAID,
                amount=-c.payable,
                currency=c.currency,
                created_by=actor,
                note=reference[:300],
            )
            for c in claims
        ],
        batch_size=2000,
    )
    Claim.objects.filter(run=run).update(status=ClaimStatus.PAID, paid_on=paid_on)
    run.status = PaymentRun.Status.PAID
    run.paid_on, run.reference, run.paid_by, run.paid_at = paid_on, reference, actor, timezone.now()
    run.save()
    audit_record(
        actor=actor, action="payments.run_paid", obj=run, details={"reference": reference, "paid_on": str(paid_on)}
    )
    statements_send(run=run, claims=claims, actor=actor)
    return run


def statements_send(*, run: PaymentRun, claims: list[Claim], actor) -> list[Statement]:
    """One statement per person in a paid run, and a message their way. Idempotent on (run, person)."""
    from roundtable.accounts.models import User
    from roundtable.lib.money import format_money

    totals: dict[int, Decimal] = {}
    for claim in claims:
        totals[claim.claimant_id] = totals.get(claim.claimant_id, Decimal("0")) + claim.payable
    Statement.objects.bulk_create(
        [Statement(run=run, person_id=pid, total=total, currency=run.currency) for pid, total in totals.items()],
        ignore_conflicts=True,
        batch_size=2000,
    )
    if len(totals) > 500:
        return []  # very large runs: statements are on each person's page; messages go out in batches elsewhere
    people = User.objects.in_bulk(list(totals))
    for pid, total in totals.items():
        message_queue(
            recipient=people[pid],
            sender=actor,
            kind="payment_statement",
            subject=_("We have paid you"),
            body=_(
                "We paid %(total)s on %(day)s. The bank reference is %(ref)s.\n\n"
                "Your statement shows each claim. If the money is not there in 3 working days, please tell us."
            )
            % {
                "total": format_money(total, run.currency),
                "day": run.paid_on.strftime("%-d %B %Y"),
                "ref": run.reference,
            },
            link_url=_absolute(reverse("payments:statement", args=[run.pk])),
            link_text=_("Read your statement"),
            group_label=run.organisation.name,
            idempotency_key=f"statement:{run.pk}:{pid}",
        )
    return []


# --- A person's own settings ---------------------------------------------------------------------


@transaction.atomic
def choice_set(*, actor, user, project: Project | None, data: dict) -> PaymentChoice:
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
def benefit_record_set(*, actor, user, data: dict) -> BenefitRecord:
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


@transaction.atomic
def settings_update(*, actor, organisation: Organisation, data: dict) -> PaymentSettings:
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


def ledger_balance(organisation: Organisation) -> Decimal:
    return LedgerEntry.objects.filter(organisation=organisation).aggregate(s=Sum("amount"))["s"] or Decimal("0")


__all__ = ["MoneyError"]
