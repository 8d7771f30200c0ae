"""What an organisation's admin adds to its privacy notice (the rest is made from settings: notice.py)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.projects.models import Organisation

WORDS_LIMIT = 5000


class NoticeWords(models.Model):
    """The admin's own words for one section of the organisation's privacy notice.

    ``section`` is a key of ``notice.SECTION_KEYS`` (words shown under that section's facts) or "more"
    (a section of the admin's own, with its ``heading``). Empty words remove the row.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="notice_words")
    section = models.CharField(max_length=20)
    heading = models.CharField(_("heading"), max_length=120, blank=True)
    words = models.TextField(_("your words"), max_length=WORDS_LIMIT)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "section"], name="notice_words_once")]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.section}"


def export_upload_to(instance: OrganisationExport, filename: str) -> str:
    """Where an organisation's zip is kept: a random name, so the file's name gives nothing away."""
    return f"promises/exports/{secrets.token_hex(16)}-{filename}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class OrganisationExport(models.Model):
    """One "download everything we hold": asked for by an admin, built by the worker (``tasks.py``), ready
    to the organisation's admins until ``expires_at`` (``settings.DATA_DOWNLOAD_DAYS`` after it was built),
    then removed by the periodic job (``services.organisation_exports_tidy``)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Something went wrong")
        EXPIRED = "expired", _("Link has run out")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="exports")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=40, unique=True, default=new_token)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    archive = models.FileField(upload_to=export_upload_to, blank=True, max_length=300)
    size = models.PositiveBigIntegerField(default=0, help_text=_("Bytes."))
    counts = models.JSONField(default=dict, blank=True, help_text=_("Rows per table in the zip."))
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "expires_at"], name="org_export_status")]
        constraints = [
            # One being made at a time per organisation: asking twice finds the first (race-safe).
            models.UniqueConstraint(
                fields=["organisation"], condition=models.Q(status="waiting"), name="org_export_one_waiting"
            )
        ]

    def __str__(self) -> str:
        return f"Organisation export {self.pk} ({self.status})"
