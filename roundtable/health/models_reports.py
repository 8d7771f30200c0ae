"""What the reports keep: an organiser's own wording of a report section, per project and section.

A section with no row here is drafted fresh from the record each time it is read. Saving a section
keeps the organiser's words (and who saved them, and when) until they reset it to the draft from the
record, which deletes the row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportDraft(models.Model):
    """One edited section of one project's report, for example the GRIPP2 section "aim"."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="report_drafts")
    report = models.CharField(max_length=20, default="gripp2", help_text="Which report: gripp2.")
    section = models.CharField(max_length=40, help_text="The section's key, for example 'aim'.")
    text = models.TextField(blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    edited_at = models.DateTimeField()

    class Meta:
        ordering = ["project", "report", "section"]
        constraints = [
            models.UniqueConstraint(fields=["project", "report", "section"], name="report_draft_once_per_section"),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.section} of project {self.project_id}"
