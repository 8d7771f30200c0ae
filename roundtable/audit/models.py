"""AuditEvent: who did what to whom, and when.

Rows are only ever added. Anything sensitive (role changes, acts done on
someone's behalf, changes to a person's profile made by someone else, access
to private data) writes one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_acts"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events_about",
        help_text=_("The person the act was about, if any."),
    )
    action = models.CharField(max_length=80, db_index=True)
    kind = models.CharField(
        max_length=40, blank=True, default="", help_text=_("The part of the product: the action's first word.")
    )
    # Which organisation's record this is, as a plain number: audit sits below projects, so it cannot point
    # to Organisation. Found when the row is written (``audit.services.register_organisation_finder``);
    # empty for acts that belong to no organisation (a person changing their own profile).
    organisation_id = models.BigIntegerField(null=True, blank=True)
    by_proxy = models.BooleanField(default=False, help_text=_("Done by someone on the subject's behalf."))
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["subject", "-created_at"]),
            # The organisation's audit log page (roundtable.promises): newest first, paged by (created_at, id),
            # filtered by kind or person; each filter has an index that gives its rows already in order.
            models.Index(fields=["organisation_id", "-created_at", "-id"], name="audit_org_time"),
            models.Index(fields=["organisation_id", "kind", "-created_at", "-id"], name="audit_org_kind_time"),
            models.Index(fields=["organisation_id", "actor", "-created_at", "-id"], name="audit_org_actor_time"),
            models.Index(fields=["organisation_id", "subject", "-created_at", "-id"], name="audit_org_subject_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class OnceKey(models.Model):
    """A one-time key already used by a form that creates something, and where its first send led.

    It lives here, in the lowest app with models, so every app's views can use it
    (``roundtable.audit.once``). It holds no person and no exact time, so it can never tie anyone to
    anonymous feedback: only a hash of the form's address and key, the page shown after the first
    send, and the day (so old keys can be cleared).
    """

    digest = models.CharField(max_length=64, unique=True, help_text=_("SHA-256 of the form's address and key."))
    result_url = models.CharField(
        max_length=500, blank=True, help_text=_("Where the first send led; empty means the form's own page.")
    )
    made_on = models.DateField(db_index=True)

    def __str__(self) -> str:
        return f"{self.made_on} {self.digest[:12]}"
