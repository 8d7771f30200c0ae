"""The contribution ledger, naming consent per output, outputs and the people each credits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.accounts.models import Naming
from roundtable.meetings.models import Meeting
from roundtable.payments.models import Claim
from roundtable.projects.models import Project


class ContributionType(models.Model):
    """One kind of help, in plain words, mapped to CRediT roles where one applies."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    credit_roles = models.JSONField(default=list, blank=True, help_text=_("CRediT role slugs."))
    all_contributors = models.CharField(max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Degree(models.TextChoices):
    LEAD = "lead", _("Led it")
    EQUAL = "equal", _("Shared it equally")
    SUPPORTING = "supporting", _("Helped with it")


class Contribution(models.Model):
    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Waiting for the organiser to check")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Not confirmed")

    class Source(models.TextChoices):
        ATTENDANCE = "attendance", _("From a meeting you came to")
        CLAIM = "claim", _("From a claim")
        PERSON = "person", _("Added by you")
        ORGANISER = "organiser", _("Added by the organiser")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contributions")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contributions")
    type = models.ForeignKey(ContributionType, on_delete=models.PROTECT, related_name="+")
    degree = models.CharField(max_length=12, choices=Degree.choices, default=Degree.SUPPORTING)
    date = models.DateField(_("date"))
    description = models.CharField(_("what you did"), max_length=500, blank=True)
    hours = models.DecimalField(null=True, blank=True, max_digits=6, decimal_places=2)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=12, choices=Source.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUGGESTED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["person", "-date"]), models.Index(fields=["project", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "meeting"],
                condition=models.Q(source="attendance"),
                name="contribution_once_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["claim"], condition=models.Q(source="claim"), name="contribution_once_per_claim"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__isnull=True) | models.Q(hours__gte=0), name="contribution_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} by {self.person} on {self.date}"


class CreditProfile(models.Model):
    """Credit details that belong to the person: an optional ORCID iD."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credit_profile")
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True)

    def __str__(self) -> str:
        return f"Credit profile of person {self.user_id}"


class OutputKind(models.TextChoices):
    PAPER = "paper", _("Paper")
    REPORT = "report", _("Report")
    SERVICE_DESIGN = "service_design", _("Service design")
    LEAFLET = "leaflet", _("Leaflet")
    TALK = "talk", _("Talk")


class Output(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being written")
        CHECKING = "checking", _("People are checking their names")
        PUBLISHED = "published", _("Published")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="credit_outputs")
    kind = models.CharField(_("what it is"), max_length=20, choices=OutputKind.choices)
    title = models.CharField(_("name"), max_length=300)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    link = models.URLField(_("web link"), blank=True)
    contributions = models.ManyToManyField(Contribution, related_name="outputs", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    told_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class OutputCredit(models.Model):
    """How one person is named in one output: their choice, which starts as their profile's choice."""

    output = models.ForeignKey(Output, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="output_credits")
    naming = models.CharField(max_length=20, choices=Naming.choices)
    pseudonym = models.CharField(max_length=80, blank=True)
    chosen_at = models.DateTimeField(null=True, blank=True, help_text=_("Empty: the person has not chosen."))

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["output", "person"], name="output_credit_once")]

    def __str__(self) -> str:
        return f"Person {self.person_id} on output {self.output_id}: {self.get_naming_display()}"
