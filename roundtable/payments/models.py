"""Paying people for their time: claims, payment runs, an append-only ledger, payment choices, the benefits guard.

Money is ``DecimalField(13, 2)`` with a currency beside it, never float. A claim's ``payable`` is what
the organisation will pay after the person's choice (a lower amount, decline, expenses only).
Bank details are never stored: finance gets a payee reference only (docs/payments.md).
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import TYPE_CHECKING, Final, TypedDict

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.meetings.models import Meeting
from roundtable.projects.models import Organisation, PayRate, Project

if TYPE_CHECKING:
    from roundtable.payments.benefits import WeekWarning


class MoneyDigits(TypedDict):
    """The size of every money column: ``max_digits`` and ``decimal_places`` for ``DecimalField(**MONEY)``."""

    max_digits: int
    decimal_places: int


# Typed, so that ``DecimalField(**MONEY)`` is checked as two int keyword arguments and not as any argument.
MONEY: Final[MoneyDigits] = {"max_digits": 13, "decimal_places": 2}


class PaymentSettings(models.Model):
    """An organisation's payment rules: target days to pay, when a receipt is needed, the mileage rate."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="payment_settings")
    target_days = models.PositiveSmallIntegerField(_("days to pay a claim"), default=14)
    receipt_over = models.DecimalField(_("a receipt is needed for costs over"), default=Decimal("20.00"), **MONEY)
    mileage_rate = models.DecimalField(_("pay for each mile driven"), default=Decimal("0.45"), **MONEY)
    advice_name = models.CharField(
        _("free benefits advice service"), max_length=200, default="Citizens Advice (citizensadvice.org.uk)"
    )

    def __str__(self) -> str:
        return f"Payment rules for {self.organisation}"


class EarningsLimit(models.Model):
    """A dated benefit earnings limit (Carer's Allowance weekly limit). Editable; the source is shown."""

    class Benefit(models.TextChoices):
        CARERS_ALLOWANCE = "carers_allowance", _("Carer's Allowance")

    benefit = models.CharField(max_length=30, choices=Benefit.choices, default=Benefit.CARERS_ALLOWANCE)
    weekly_limit = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3, default="GBP")
    effective_from = models.DateField()
    source_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["benefit", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["benefit", "effective_from"], name="earnings_limit_one_per_day"),
            models.CheckConstraint(condition=models.Q(weekly_limit__gt=0), name="earnings_limit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_benefit_display()}: {self.currency} {self.weekly_limit} a week from {self.effective_from}"


class EarningsAttribution(models.Model):
    """Which week a fee counts in for the Carer's Allowance limit: a dated, sourced rule an administrator can change.

    DWP decisions attribute earnings to the week the work was done in some cases and to the week they
    are due to be paid in others (shared/domain.md section 4, the Sayce review of 25 November 2025), so
    the default rule, from 8 April 2024, is to check both weeks and warn about either.
    """

    class Rule(models.TextChoices):
        WORKED = "worked", _("The week the work was done")
        PAID = "paid", _("The week it is paid")
        BOTH = "both", _("Both weeks: warn about either")

    rule = models.CharField(max_length=10, choices=Rule.choices, default=Rule.BOTH)
    effective_from = models.DateField(unique=True)
    source_note = models.CharField(max_length=300)

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} from {self.effective_from}"

    @property
    def checks_worked(self) -> bool:
        return self.rule in (self.Rule.WORKED, self.Rule.BOTH)

    @property
    def checks_paid(self) -> bool:
        return self.rule in (self.Rule.PAID, self.Rule.BOTH)


class BenefitRecord(models.Model):
    """Which benefits a person gets. Private: only the person and finance see it, and finance's look is audited."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="benefit_record")
    carers_allowance = models.BooleanField(_("I get Carer's Allowance"), default=False)
    universal_credit = models.BooleanField(_("I get Universal Credit"), default=False)
    uc_period_day = models.PositiveSmallIntegerField(null=True, blank=True)
    other = models.CharField(_("other benefits"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(uc_period_day__isnull=True) | models.Q(uc_period_day__gte=1, uc_period_day__lte=31),
                name="uc_period_day_in_month",
            )
        ]

    def __str__(self) -> str:
        return f"Benefit record of person {self.user_id}"


class Choice(models.TextChoices):
    BANK = "bank", _("Money paid into my bank")
    VOUCHER = "voucher", _("A voucher (this counts as income, just like money)")
    REDUCED = "reduced", _("A lower amount")
    DECLINE = "decline", _("No payment, thank you")
    DONATE = "donate", _("Give it to a charity I name")
    EXPENSES_ONLY = "expenses_only", _("Pay my costs only, not a fee")


# Choices under which a fee reaches the person and counts as their income.
INCOME_CHOICES = {Choice.BANK, Choice.VOUCHER, Choice.REDUCED}


class PaymentChoice(models.Model):
    """How a person wants to be paid: their default (no project), or for one project."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payment_choices")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=20, choices=Choice.choices, default=Choice.BANK)
    reduced_to = models.DecimalField(null=True, blank=True, **MONEY)
    charity = models.CharField(_("charity name"), max_length=200, blank=True)
    payee_reference = models.CharField(_("payee reference"), max_length=60, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(project__isnull=True), name="payment_choice_one_default"
            ),
            models.UniqueConstraint(
                fields=["user", "project"], condition=models.Q(project__isnull=False), name="payment_choice_per_project"
            ),
            models.CheckConstraint(
                condition=~models.Q(choice="donate") | ~models.Q(charity=""), name="payment_choice_donate_names_charity"
            ),
        ]

    def __str__(self) -> str:
        return f"Person {self.user_id} in project {self.project_id}: {self.get_choice_display()}"


class ClaimKind(models.TextChoices):
    TIME = "time", _("Time")
    EXPENSE = "expense", _("Costs")
    CORRECTION = "correction", _("Correction")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Waiting for you to check")
    SUBMITTED = "submitted", _("Sent, waiting for approval")
    QUERIED = "queried", _("Question from the organiser")
    APPROVED = "approved", _("Approved, waiting to be paid")
    PAID = "paid", _("Paid")
    DECLINED = "declined", _("You chose no payment")
    WITHDRAWN = "withdrawn", _("Taken back")
    REFUSED = "refused", _("Not approved")


class ExpenseKind(models.TextChoices):
    TRAVEL = "travel", _("Bus, train or taxi")
    MILEAGE = "mileage", _("Driving (paid by the mile)")
    PARKING = "parking", _("Parking")
    CHILDCARE = "childcare", _("Childcare")
    REPLACEMENT_CARE = "replacement_care", _("Care for the person you look after")
    SUPPORT_WORKER = "support_worker", _("Personal assistant or support worker")
    INTERPRETER = "interpreter", _("Interpreter")
    PHONE_DATA = "phone_data", _("Phone and internet costs")
    OTHER = "other", _("Something else")


def receipt_upload_to(instance: Claim, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"receipts/{instance.organisation_id}/{secrets.token_hex(16)}.{ext}"


class PaymentRun(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Ready to pay")
        PAID = "paid", _("Paid")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="payment_runs")
    # Numbered per organisation: its first run is "Payment run 1" (set by ``run_create``).
    number = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    currency = models.CharField(max_length=3, default="GBP")
    total = models.DecimalField(default=Decimal("0"), **MONEY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    paid_on = models.DateField(null=True, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="paid") | (models.Q(paid_on__isnull=False) & ~models.Q(reference="")),
                name="payment_run_paid_has_date_and_reference",
            ),
            models.UniqueConstraint(fields=["organisation", "number"], name="payment_run_number_per_organisation"),
        ]

    def __str__(self) -> str:
        return f"Payment run {self.number or self.pk}"


class Claim(models.Model):
    # Not a column: the run page's selector sets it on each claim it shows (benefits.claim_warnings).
    week_warnings: list[WeekWarning]

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="claims")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="claims")
    claimant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims")
    kind = models.CharField(max_length=12, choices=ClaimKind.choices)
    status = models.CharField(max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    automatic = models.BooleanField(default=False, help_text=_("Drafted from the meeting register."))
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="claims")
    work_date = models.DateField(_("the day of the work"))
    activity = models.CharField(_("what you did"), max_length=200, blank=True)
    # Time
    hours = models.DecimalField(null=True, blank=True, max_digits=6, decimal_places=2)
    prep_hours = models.DecimalField(null=True, blank=True, max_digits=6, decimal_places=2)
    rate = models.ForeignKey(PayRate, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rate_amount = models.DecimalField(null=True, blank=True, **MONEY)
    rate_unit = models.CharField(max_length=20, blank=True)
    # Costs
    expense_kind = models.CharField(max_length=20, choices=ExpenseKind.choices, blank=True)
    miles = models.DecimalField(null=True, blank=True, max_digits=7, decimal_places=1)
    paid_in_advance = models.BooleanField(default=False, help_text=_("The organisation booked and paid it."))
    receipt = models.FileField(upload_to=receipt_upload_to, blank=True, max_length=300)
    receipt_name = models.CharField(max_length=255, blank=True)
    receipt_type = models.CharField(max_length=100, blank=True)
    # Money
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3, default="GBP")
    choice = models.CharField(max_length=20, choices=Choice.choices, default=Choice.BANK)
    reduced_to = models.DecimalField(null=True, blank=True, **MONEY)
    charity = models.CharField(max_length=200, blank=True)
    payable = models.DecimalField(**MONEY)
    # The person chose for this claim (on the claim page), after seeing what they would get. A claim whose
    # week would go over the Carer's Allowance limit cannot be sent until this is set; a suggestion is not a choice.
    choice_made_at = models.DateTimeField(null=True, blank=True)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    # On a correction: what the corrected claim comes to now (the original's payable plus every correction).
    corrected_to = models.DecimalField(null=True, blank=True, **MONEY)
    note = models.TextField(_("anything else"), blank=True)
    query_reason = models.TextField(blank=True)
    refused_reason = models.TextField(blank=True)
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by_proxy = models.BooleanField(default=False)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    run = models.ForeignKey(PaymentRun, null=True, blank=True, on_delete=models.PROTECT, related_name="claims")
    paid_on = models.DateField(null=True, blank=True)
    # Held back from payment runs by finance, with a reason the person sees.
    held_at = models.DateTimeField(null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    held_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-work_date", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["claimant", "work_date"]),
            models.Index(fields=["project", "status"]),
            # The organiser's claims page: a project's claims newest first, a page at a time.
            models.Index(fields=["project", "work_date", "id"], name="claim_project_newest"),
            # A person's claims waiting for them (drafts and questions, in "what needs you"; issue 19).
            models.Index(fields=["claimant", "status"], name="claim_by_claimant_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "claimant"],
                condition=models.Q(kind="time", meeting__isnull=False, automatic=True),
                name="claim_one_automatic_per_meeting_person",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="correction") | models.Q(amount__gte=0, payable__gte=0),
                name="claim_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="paid") | models.Q(run__isnull=False, paid_on__isnull=False),
                name="claim_paid_in_a_run",
            ),
            models.CheckConstraint(
                condition=models.Q(corrected_to__isnull=True) | models.Q(corrected_to__gte=0),
                name="claim_corrected_to_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Claim {self.pk}: {self.get_kind_display()} {self.currency} {self.amount}"

    @property
    def is_fee(self) -> bool:
        """Fees count as earnings for benefits; costs (expenses) do not."""
        return self.kind == ClaimKind.TIME

    @property
    def can_change(self) -> bool:
        return self.status in (ClaimStatus.DRAFT, ClaimStatus.QUERIED)

    @property
    def total_hours(self) -> Decimal:
        return (self.hours or Decimal("0")) + (self.prep_hours or Decimal("0"))

    @property
    def is_held(self) -> bool:
        return self.held_at is not None

    @property
    def by_proxy(self) -> bool:
        """Someone else (an organiser) made or sent this claim for the person."""
        return self.submitted_by_proxy or (self.created_by_id is not None and self.created_by_id != self.claimant_id)


class LedgerEntry(models.Model):
    """One line of the append-only ledger. Rows are added, never changed or removed.

    ``owed``: the organisation owes the amount (a claim was approved; a correction may be negative).
    ``paid``: the amount left the organisation in a payment run. A claim's balance is owed + paid,
    with ``paid`` rows negative, so a paid claim balances to zero.
    ``advance``: the organisation booked and paid a cost for the person directly (a taxi, childcare).
    It is money the organisation spent, never money owed to or paid to the person, so it is not part
    of the person's balance (their claim's ``payable`` is 0) and never counts as their income.
    """

    class Kind(models.TextChoices):
        OWED = "owed", _("Owed")
        PAID = "paid", _("Paid")
        ADVANCE = "advance", _("Paid for the person in advance")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="ledger")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(PaymentRun, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "kind"], name="ledger_once_per_claim_and_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.currency} {self.amount} for person {self.person_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Ledger entries are never changed: add a correction instead.")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Ledger entries are never removed: add a correction instead.")


class Statement(models.Model):
    """A person's statement for one payment run: made when the run is paid, and sent their way."""

    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="statements")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payment_statements")
    total = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["run", "person"], name="statement_once_per_run_person")]

    def __str__(self) -> str:
        return f"Statement for person {self.person_id} in run {self.run_id}: {self.currency} {self.total}"
