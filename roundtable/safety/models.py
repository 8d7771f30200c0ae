"""Ground rules a project agrees together, and private reports of a rule being broken (docs/safety.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.projects.models import Project

RULE_MAX = 300
REPORT_MAX = 2000


class GroundRule(models.Model):
    """One ground rule of a project: proposed by any member, then agreed by a decision (a consent
    proposal in ``decisions``) or by an organiser after a board discussion (``board``).

    ``agreed_how`` says which; an agreed rule has ``agreed_at``. A proposal that closes without "agree"
    leaves the rule ``not_agreed``. A rule can be retired (no longer one of the rules), never deleted.
    """

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Suggested")
        VOTING = "voting", _("Being decided")
        AGREED = "agreed", _("Agreed")
        NOT_AGREED = "not_agreed", _("Not agreed")
        RETIRED = "retired", _("No longer a rule")

    class How(models.TextChoices):
        DECISION = "decision", _("Agreed by a vote")
        ORGANISER = "organiser", _("Agreed after people talked on a board")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ground_rules")
    text = models.CharField(_("the rule"), max_length=RULE_MAX)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="ground_rules_proposed"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    proposal = models.ForeignKey(
        "decisions.Proposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    board = models.ForeignKey("feedback.Board", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    agreed_how = models.CharField(max_length=12, choices=How.choices, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agreed_at", "proposed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="agreed") | (models.Q(agreed_at__isnull=False) & ~models.Q(agreed_how="")),
                name="ground_rule_agreed_says_how",
            ),
            models.CheckConstraint(
                condition=~models.Q(agreed_how="organiser") | models.Q(board__isnull=False),
                name="ground_rule_organiser_after_board",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class BreachReport(models.Model):
    """A private report that a ground rule was broken. Read by the project's organisers only; the
    reporter is told who they are before sending. ``rule`` is optional (which rule, if they know)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="breach_reports")
    rule = models.ForeignKey(GroundRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    what_happened = models.TextField(_("what happened"), max_length=REPORT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Report {self.pk} in project {self.project_id}"
