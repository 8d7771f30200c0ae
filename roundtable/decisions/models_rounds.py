"""Round tables: in a "round the table" agenda item, everyone is offered a turn, and the organiser
records each turn as it happens (spoke, passed, not there). See docs/round-tables.md.

The meetings app already marks an agenda item as "round the table" (``AgendaItem.round_the_table``);
a ``RoundTable`` row is made when an organiser starts the round on that item, so nothing in meetings
changes. Every row carries a non-null ``project``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.meetings.models import AgendaItem, Meeting
from roundtable.projects.models import Project

__all__ = ["RoundTable", "Turn", "TurnOutcome", "TurnRole"]


class TurnOutcome(models.TextChoices):
    SPOKE = "spoke", _("Spoke")
    PASSED = "passed", _("Passed")
    NOT_THERE = "not_there", _("Not there")


class TurnRole(models.TextChoices):
    """The person's place in the meeting when the turn was recorded (kept, like Attendance.role)."""

    PARTNER = "partner", _("Lived-experience partner")
    PROFESSIONAL = "professional", _("Professional member")
    STAFF = "staff", _("Staff")


class RoundTable(models.Model):
    """A round of the table that an organiser started, on one "round the table" agenda item."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="round_tables")
    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="round_table")
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["started_at", "id"]
        indexes = [models.Index(fields=["project", "meeting"])]

    def __str__(self) -> str:
        return str(self.agenda_item_id)


class Turn(models.Model):
    """One person's turn in one round: spoke, passed or not there. One per person per round; a
    correction changes the row. Passing is a right: it is never counted against anyone."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    round_table = models.ForeignKey(RoundTable, on_delete=models.CASCADE, related_name="turns")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="round_table_turns")
    role = models.CharField(max_length=12, choices=TurnRole.choices)
    outcome = models.CharField(max_length=12, choices=TurnOutcome.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round_table", "user"], name="round_table_turn_once"),
            models.CheckConstraint(
                condition=models.Q(outcome__in=TurnOutcome.values), name="round_table_turn_outcome_known"
            ),
            models.CheckConstraint(condition=models.Q(role__in=TurnRole.values), name="round_table_turn_role_known"),
        ]
        indexes = [models.Index(fields=["project", "role"])]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.outcome}"
