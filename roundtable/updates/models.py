"""Progress updates and outcomes: keeping partners told, and proving they were told.

* ``UpdateCadence``: how often a project promises an update (for example every 30 days).
* ``ProgressUpdate``: news to every current member.
* ``Outcome``: what was found or changed and what partners' input did, sent
  to every past and present member (including those who left), each their way.
* ``OutcomeRecipient``: one row per person an outcome went to, with their
  membership at the time and their message, so delivery is tracked per person.
* ``Nudge``: a reminder to organisers (an update is overdue, the promised
  outcome is due or late). Rows are kept: the health check counts them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_CADENCE_DAYS = 30


class UpdateCadence(models.Model):
    class Every(models.IntegerChoices):
        FORTNIGHT = 14, _("Every 2 weeks")
        MONTH = 30, _("Every month")
        TWO_MONTHS = 60, _("Every 2 months")
        QUARTER = 91, _("Every 3 months")

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="update_cadence")
    days = models.PositiveSmallIntegerField(_("how often"), choices=Every.choices, default=DEFAULT_CADENCE_DAYS)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(days__gte=7, days__lte=366), name="cadence_days_range")
        ]

    def __str__(self) -> str:
        return f"{self.project}: every {self.days} days"


class ProgressUpdate(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="progress_updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("what has happened"))
    easy_read_url = models.URLField(_("link to an Easy Read version (optional)"), blank=True, max_length=500)
    published_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["project", "-published_at"], name="update_latest")]

    def __str__(self) -> str:
        return self.title


class Outcome(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="outcomes")
    milestone = models.ForeignKey(
        "projects.Milestone", null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=150)
    found = models.TextField(_("what we found or changed"))
    input_effect = models.TextField(_("what your ideas and time did"))
    easy_read_url = models.URLField(_("link to an Easy Read version (optional)"), blank=True, max_length=500)
    final = models.BooleanField(
        default=True, help_text=_("The outcome the role offer promised, not a step on the way.")
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title


class OutcomeRecipient(models.Model):
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outcomes_received")
    member_status = models.CharField(max_length=20, help_text=_("Their membership when the outcome was sent."))
    message = models.ForeignKey(
        "notifications.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["outcome", "user"], name="outcome_once_per_person")]

    def __str__(self) -> str:
        return f"{self.outcome} to {self.user}"


class NudgeKind(models.TextChoices):
    UPDATE_OVERDUE = "update_overdue", _("A progress update is overdue")
    OUTCOME_DUE_SOON = "outcome_due_soon", _("The outcome is due soon")
    OUTCOME_OVERDUE = "outcome_overdue", _("The outcome is late")


class Nudge(models.Model):
    """One reminder to a project's organiser. Kept for the health check; one per project, kind and week."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="nudges")
    kind = models.CharField(max_length=20, choices=NudgeKind.choices)
    due_on = models.DateField(help_text=_("When the update or outcome was due."))
    week = models.PositiveSmallIntegerField(default=0, help_text=_("Weeks after the first nudge: one nudge a week."))
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    message = models.ForeignKey(
        "notifications.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True, help_text=_("When the update or outcome was sent."))

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "due_on", "week"], name="nudge_once_per_week"),
            models.CheckConstraint(condition=models.Q(kind__in=NudgeKind.values), name="nudge_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.project}"
