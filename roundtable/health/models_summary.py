"""What the organisation's health page reads for each project: a summary of its nightly snapshots, kept.

One row per project (``HealthSummary``), worked out from the snapshots when they are written (the nightly
job, ``health.services._take``; a snapshot saved or deleted one at a time, ``health.changes``), so the
organisation's page reads one row a project instead of every project's month ends (docs/health.md, "The
organisation's page"). What it holds and how the page reads it: ``health.selectors_summary``.
"""

from __future__ import annotations

from django.db import models


class HealthSummary(models.Model):
    """A project's nightly snapshots summed up for the organisation's table, whatever day it is read on.

    ``data`` (``selectors_summary.FORMAT``): the newest day with a snapshot, each sign's rating on it with
    the ratings and measures at the three month ends before (for drift), and how many signs stood at each
    rating at the end of each of the twelve months up to it. No words: titles, statuses and the slide in
    words are worked out when the page is drawn. ``format`` is the shape of ``data``: a row of another shape
    is worked out again.
    """

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, primary_key=True, related_name="health_summary"
    )
    format = models.PositiveSmallIntegerField(default=0)
    data = models.JSONField(default=dict)
    summed_at = models.DateTimeField(auto_now=True, help_text="When it was last worked out (UTC).")

    def __str__(self) -> str:
        return f"Health summary of project {self.project_id}"
