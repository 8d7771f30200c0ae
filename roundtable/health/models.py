"""What the health check keeps: one snapshot per project, sign and day, from which trends are drawn."""

from __future__ import annotations

from django.db import models


class Rating(models.TextChoices):
    """A sign's rating. The order of ``RISK_ORDER`` is worst first (docs/health.md, "Ratings")."""

    AT_RISK = "at_risk", "At risk"
    ATTENTION = "attention", "Needs attention"
    GOOD = "good", "Good"
    NOT_ENOUGH = "not_enough", "Not enough evidence yet"


# Worst first: sorting projects "by risk" sorts by the position of their worst sign in this list.
RISK_ORDER = [Rating.AT_RISK, Rating.ATTENTION, Rating.NOT_ENOUGH, Rating.GOOD]


class HealthSnapshot(models.Model):
    """How one sign stood for one project at the end of one day (London), as the nightly job measured it.

    ``value`` is the sign's headline measure in its threshold's unit (docs/health.md); ``evidence`` is how
    many things it was drawn from (decisions, inputs, meetings ...). Taking the same day again replaces the
    row, so the job is idempotent and a missed night can be filled in later.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="health_snapshots")
    taken_on = models.DateField(help_text="The London day this describes, as at the end of that day.")
    sign = models.PositiveSmallIntegerField(help_text="1 to 10, the seed's signs of tokenism in its order.")
    rating = models.CharField(max_length=12, choices=Rating.choices)
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    evidence = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project", "taken_on", "sign"]
        constraints = [
            models.UniqueConstraint(fields=["project", "taken_on", "sign"], name="health_snapshot_once_a_day"),
        ]
        indexes = [models.Index(fields=["project", "sign", "taken_on"], name="health_snapshot_trend")]

    def __str__(self) -> str:
        return f"Sign {self.sign} on {self.taken_on}: {self.get_rating_display()}"


class HealthMeasurement(models.Model):
    """The latest full measurement of one project's health check, in one language, as its page shows it.

    The worker (``health.measurements``) and a first visit keep it (``health.services.measurement_take``), so
    the page reads this one row instead of measuring the ten signs and twenty recommendations per request
    (docs/health.md, "The kept measurement"). ``data`` holds every sign's finding (figures, actions with
    their ``staff_only`` mark), its trend points, the recommendations' evidence and "how it felt" averages,
    never what anyone wrote (``health/stored.py``). A member's page leaves out staff-only steps as it reads.

    ``measured_at`` is the moment measured (aware, UTC). ``changed_at`` is when a change to the project's
    record was seen after that (None: none seen), ``requested_at`` when a page asked the worker to measure
    again (None: nobody is waiting). ``version`` goes up by one at each new measurement (the page's drawn
    copy is kept by it). One row per (project, language): the unique constraint makes two
    workers keep one row.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="health_measurements")
    language = models.CharField(max_length=12, help_text="The language the words were measured in.")
    measured_at = models.DateTimeField(help_text="The moment the record was measured as at (UTC).")
    data = models.JSONField(default=dict)
    changed_at = models.DateTimeField(null=True, blank=True, help_text="A change to the record seen since.")
    requested_at = models.DateTimeField(null=True, blank=True, help_text="A page asked for a new measurement.")
    version = models.PositiveIntegerField(default=1, help_text="One more each time it is measured again.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "language"], name="health_measurement_once"),
        ]
        indexes = [models.Index(fields=["requested_at"], name="health_measurement_wanted")]

    def __str__(self) -> str:
        return f"Health of project {self.project_id} ({self.language}) measured at {self.measured_at}"


from roundtable.health.models_reports import ReportDraft  # noqa: E402, F401
from roundtable.health.models_summary import HealthSummary  # noqa: E402, F401
