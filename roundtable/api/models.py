"""API tokens, webhook endpoints and their deliveries (docs/api.md).

A token belongs to one organisation, carries a staff role (it sees what a staff member with that role
sees) and scopes (which parts of the API it may use), and is stored only as a SHA-256 digest. A webhook
endpoint is an organisation's HTTPS address for chosen events; each event for it is one
``WebhookDelivery`` row, kept with its status until it is delivered (and after).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.projects.models import Organisation, StaffRole


class Scope(models.TextChoices):
    READ_PROJECTS = "read:projects", _("See projects, meetings, votes, credit and members as each agreed")
    READ_PAYMENTS = "read:payments", _("Read claims and payment runs")
    WRITE_PAYMENTS = "write:payments", _("Approve or ask about claims, mark payment runs paid")
    READ_HEALTH = "read:health", _("Read health check figures")


class Event(models.TextChoices):
    CLAIM_APPROVED = "claim.approved", _("A claim is approved")
    RUN_READY = "payment_run.ready", _("A payment run is ready to pay")
    RUN_PAID = "payment_run.paid", _("A payment run is marked paid")
    OUTCOME_PUBLISHED = "outcome.published", _("An outcome is published")
    HEALTH_RATING_CHANGED = "health.rating_changed", _("A health check rating changes")


class ApiToken(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(
        max_length=16, help_text=_("The start of the token, shown so people can tell them apart.")
    )
    digest = models.CharField(max_length=64, unique=True, help_text=_("SHA-256 of the whole token."))
    role = models.CharField(max_length=20, choices=StaffRole.choices)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="api_token_org")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class WebhookEndpoint(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(default=list)
    secret = models.CharField(
        max_length=64, help_text=_("The key we sign each message with, so you can check it came from us.")
    )
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to send")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Stopped trying")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Event.choices)
    source_key = models.CharField(max_length=80, help_text=_("What caused it, like audit:123: each is sent once."))
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "source_key"], name="api_delivery_once_per_endpoint"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="api_delivery_due")]

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint_id}: {self.status}"


class EventCursor(models.Model):
    """How far the webhook gatherer has read one source of events (``audit``, ``health``)."""

    name = models.CharField(max_length=20, unique=True)
    read_until = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}: {self.read_until}"
