"""Organisations, their staff, projects, role offers and memberships."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


class Organisation(models.Model):
    class Kind(models.TextChoices):
        RESEARCH = "research", _("University or research team")
        NHS = "nhs", _("NHS organisation")
        COUNCIL = "council", _("Council")
        CHARITY = "charity", _("Charity or community group")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    currency = models.CharField(max_length=3, default="GBP")
    postal_address = models.TextField(
        _("postal address for partners"),
        blank=True,
        help_text=_("Printed on every letter, so partners can write back."),
    )
    phone = models.CharField(
        _("phone number for partners"), max_length=30, blank=True, help_text=_("Printed on every letter.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffRole(models.TextChoices):
    ADMIN = "admin", _("Admin")
    ORGANISER = "organiser", _("Organiser")
    FINANCE = "finance", _("Finance")
    # Sees the health check of every project in the organisation and is told when one is at risk (issue 15).
    LEAD = "lead", _("Co-production lead")


class StaffMembership(models.Model):
    """A role a person holds in an organisation. A person can hold several."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(max_length=20, choices=StaffRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user", "role"], name="staff_role_once")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"


class PayRate(models.Model):
    """One dated row of an organisation's rate table. The payments work builds on this."""

    class Unit(models.TextChoices):
        HOUR = "hour", _("per hour")
        HALF_DAY = "half_day", _("per half day")
        DAY = "day", _("per day")
        DOCUMENT = "document", _("per document reviewed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pay_rates")
    activity = models.CharField(max_length=120)
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.HOUR)
    amount = models.DecimalField(max_digits=13, decimal_places=2)
    currency = models.CharField(max_length=3, default="GBP")
    effective_from = models.DateField()
    source_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["activity", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "activity", "unit", "effective_from"], name="pay_rate_one_per_day"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=Decimal("0")), name="pay_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.currency} {self.amount} {self.get_unit_display()} from {self.effective_from}"


class LadderStep(models.TextChoices):
    """Think Local Act Personal's ladder of co-production, the steps a project can commit to."""

    INFORMING = "informing", _("Informing")
    CONSULTATION = "consultation", _("Consultation")
    ENGAGEMENT = "engagement", _("Engagement")
    CO_DESIGN = "co_design", _("Co-design")
    CO_PRODUCTION = "co_production", _("Co-production")


LADDER_EXPLANATIONS: dict[str, StrOrPromise] = {
    LadderStep.INFORMING: _("We will tell you about our plans and decisions, and why we made them."),
    LadderStep.CONSULTATION: _("We will ask for your views. We decide what to do with them."),
    LadderStep.ENGAGEMENT: _("You will have regular chances to give your views, and they can change some things."),
    LadderStep.CO_DESIGN: _("You will help design the work from your own experience. Your ideas shape what we make."),
    LadderStep.CO_PRODUCTION: _(
        "You are an equal partner. We make decisions together, from planning to doing to checking how it went."
    ),
}


class Expense(models.TextChoices):
    TRAVEL = "travel", _("Travel")
    CHILDCARE = "childcare", _("Childcare")
    REPLACEMENT_CARE = "replacement_care", _("Care for the person you look after")
    SUPPORT_WORKER = "support_worker", _("Personal assistant or support worker")
    INTERPRETER = "interpreter", _("Interpreter")
    PHONE_DATA = "phone_data", _("Phone and internet costs")
    PARKING = "parking", _("Parking")
    FOOD = "food", _("Food and drink")


class Project(models.Model):
    class Visibility(models.TextChoices):
        OPEN = "open", _("Open: anyone can see it and say they are interested")
        INVITE_ONLY = "invite_only", _("Invite only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ENDED = "ended", _("Ended")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="projects")
    title = models.CharField(_("project name"), max_length=200)
    slug = models.SlugField(max_length=80)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.INVITE_ONLY)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="projects_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    # The role offer
    purpose = models.TextField(_("what the project is for"), blank=True)
    partner_activities = models.TextField(_("what partners will do"), blank=True)
    ladder_step = models.CharField(max_length=20, choices=LadderStep.choices, blank=True)
    hours_per_month = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(null=True, blank=True)
    where_and_when = models.TextField(_("where and when things happen"), blank=True)
    pay_rate = models.ForeignKey(
        PayRate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Any row of the activity paid; the offer quotes the row in force on the day it is read."),
    )
    unpaid_reason = models.TextField(_("why this role is unpaid"), blank=True)
    preparation_paid = models.BooleanField(default=False)
    travel_time_paid = models.BooleanField(default=False)
    expenses_covered = models.JSONField(default=list, blank=True)
    input_use = models.TextField(_("what will happen to your ideas"), blank=True)
    outcome_promise = models.TextField(_("how we will tell you what happened"), blank=True)
    outcome_due = models.DateField(_("when we will tell you the outcome"), null=True, blank=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects_contact"
    )
    contact_how = models.TextField(_("how to reach the contact between meetings"), blank=True)
    phone = models.CharField(
        _("phone number for partners"), max_length=30, blank=True, help_text=_("Empty: the organisation's number.")
    )
    postal_address = models.TextField(
        _("postal address for partners"), blank=True, help_text=_("Empty: the organisation's address.")
    )
    current_step = models.ForeignKey("ProjectStep", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["organisation__name", "title"]
        constraints = [models.UniqueConstraint(fields=["organisation", "slug"], name="project_slug_per_org")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def ladder_explanation(self) -> str:
        return str(LADDER_EXPLANATIONS.get(self.ladder_step, ""))

    @property
    def partner_phone(self) -> str:
        """The number partners phone about this project: its own, else its organisation's."""
        return self.phone.strip() or self.organisation.phone.strip()

    @property
    def partner_address(self) -> str:
        """Where partners write about this project: its own address, else its organisation's."""
        return self.postal_address.strip() or self.organisation.postal_address.strip()

    def expense_labels(self) -> list[str]:
        labels = dict(Expense.choices)
        return [str(labels[e]) for e in self.expenses_covered if e in labels]


class ProjectStep(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class SupportContact(models.Model):
    """Someone a partner can turn to for support: the project's wellbeing contact, its safeguarding lead,
    or an independent advice line for carers (issue 16, "Support"; recommendation 11 of the seed).

    Shown on every partner page of the project (the project and meeting pages, the check-in, and a link
    in the footer of every other project page), printed on letters and read out in call scripts.
    A contact needs a way to reach it: a phone number or an email address (a database check).
    """

    class Kind(models.TextChoices):
        WELLBEING = "wellbeing", _("Wellbeing contact")
        SAFEGUARDING = "safeguarding", _("Safeguarding lead")
        ADVICE = "advice", _("Independent advice line")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="support_contacts")
    kind = models.CharField(_("what kind of support"), max_length=20, choices=Kind.choices, default=Kind.ADVICE)
    name = models.CharField(_("name"), max_length=120)
    helps_with = models.CharField(_("what they help with"), max_length=300, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    email = models.EmailField(_("email address"), max_length=254, blank=True)
    hours = models.CharField(_("when you can reach them"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(phone="") | ~models.Q(email=""), name="support_contact_has_phone_or_email"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due = models.DateField()
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.due})"


class MemberRole(models.TextChoices):
    PARTNER = "partner", _("Lived-experience partner")
    PROFESSIONAL = "professional", _("Professional member")


class Membership(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Taking part")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=MemberRole.choices, default=MemberRole.PARTNER)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    shared_sections = models.JSONField(default=list, blank=True)
    # When the person (or an organiser for them) chose what to share: the last step of joining.
    # Empty while joining is unfinished; "what needs you" and a reminder bring them back.
    sharing_chosen_at = models.DateTimeField(null=True, blank=True)
    onboarding_reminded_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    leave_reason = models.TextField(blank=True)
    added_by_proxy = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="membership_once")]
        # A project's members by role, then who joined first (its pages): read in order and counted from the
        # index alone, whatever the number of members (issue 19).
        indexes = [
            models.Index(fields=["project", "status", "role", "joined_at", "user"], name="membership_by_role"),
            # A person's projects, newest first (My projects), counted and listed from the index alone; the project
            # is in it so "what needs you" finds a person's projects without reading the rows (issue 19).
            models.Index(fields=["user", "status", "joined_at", "id", "project"], name="membership_by_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.project}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation by email, to a project (as a member) or to an organisation (as staff)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    name = models.CharField(max_length=150, blank=True)
    member_role = models.CharField(max_length=20, choices=MemberRole.choices, blank=True)
    staff_role = models.CharField(max_length=20, choices=StaffRole.choices, blank=True)
    personal_note = models.TextField(blank=True)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(project__isnull=False, staff_role="") | models.Q(project__isnull=True, member_role="")
                ),
                name="invitation_project_xor_staff",
            ),
            models.UniqueConstraint(
                fields=["project", "email"],
                condition=models.Q(status="pending", project__isnull=False),
                name="one_pending_invitation_per_project_email",
            ),
            models.UniqueConstraint(
                fields=["organisation", "email", "staff_role"],
                condition=models.Q(status="pending", project__isnull=True),
                name="one_pending_staff_invitation",
            ),
        ]
        # The invitations waiting for a person, found by their email in any case (My projects; issue 19).
        indexes = [
            models.Index(Upper("email"), condition=models.Q(status="pending"), name="invitation_pending_email"),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class Interest(models.Model):
    """Someone who found an open project and said they would like to take part."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        INVITED = "invited", _("Invited")
        NOT_NOW = "not_now", _("Not taken forward")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="interests")
    name = models.CharField(max_length=150)
    email = models.EmailField()
    message = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["project", "email"], name="interest_once_per_email")]

    def __str__(self) -> str:
        return f"Interest from {self.name} in project {self.project_id} ({self.get_status_display()})"


class Announcement(models.Model):
    """A message an organiser sent to a project's members. Delivery is tracked per person in notifications."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(max_length=150)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject
