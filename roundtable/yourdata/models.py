"""A person's request for a copy of their data, and the zip the worker builds for it."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def archive_upload_to(instance: DataRequest, filename: str) -> str:
    """Where a zip is kept: a random name, so the file's name gives nothing away."""
    return f"yourdata/{secrets.token_hex(16)}-{filename}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class DataRequest(models.Model):
    """One "download my data": asked for, built by the worker, ready until ``expires_at``, then removed."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Something went wrong")
        EXPIRED = "expired", _("Link has run out")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_requests")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=40, unique=True, default=new_token)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    archive = models.FileField(upload_to=archive_upload_to, blank=True, max_length=300)
    summary_pdf = models.FileField(upload_to=archive_upload_to, blank=True, max_length=300)
    size = models.PositiveBigIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True, help_text=_("Rows per JSON file in the zip."))
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"Data request {self.pk} ({self.status})"
