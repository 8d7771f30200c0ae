"""A person's story in parts, what they share with which project and why, requests, reads and quotes.

Every row points to the person it belongs to through ``owner``, so their data download and erasure find it
all. Nothing is shared by default: a project reads a part only through a live ``StoryShare``.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roundtable.credits.models import Output
from roundtable.projects.models import Project


def audio_upload_to(instance: StoryPart, filename: str) -> str:
    """A random name, so the file's address says nothing about the person or the story."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"stories/{secrets.token_hex(16)}.{ext}"


class StoryPart(models.Model):
    """One part of a person's story: a title, their words, an optional recording and a content note."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="story_parts")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("your words"), blank=True)
    content_note = models.CharField(_("content note"), max_length=300, blank=True)
    audio = models.FileField(upload_to=audio_upload_to, blank=True, max_length=300)
    audio_type = models.CharField(max_length=100, blank=True)
    by_proxy = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("For a part recorded by proxy: when the person said it is right.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Story part {self.pk} of person {self.owner_id}"

    @property
    def waiting_for_check(self) -> bool:
        """True for a part recorded by proxy that the person has not yet said is right."""
        return self.by_proxy and self.confirmed_at is None


class StoryRequest(models.Model):
    """A project asks a person for a story, for a purpose. The person may say no without a reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ANSWERED = "answered", _("Shared")
        DECLINED = "declined", _("No, thank you")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="story_requests")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="story_requests")
    purpose = models.CharField(_("what it is for"), max_length=300)
    content_note = models.CharField(_("content note"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by_proxy = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Story request {self.pk} to person {self.owner_id}"


class StoryShare(models.Model):
    """One part shared with one project, for the purpose the project stated, until a date or until withdrawn."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="story_shares")
    part = models.ForeignKey(StoryPart, on_delete=models.CASCADE, related_name="shares")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="story_shares")
    purpose = models.CharField(_("what it is for"), max_length=300)
    until = models.DateField(_("until"), null=True, blank=True)
    request = models.ForeignKey(StoryRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="shares")
    shared_by_proxy = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["part", "project"], condition=models.Q(withdrawn_at__isnull=True), name="story_share_once_live"
            )
        ]

    def __str__(self) -> str:
        return f"Part {self.part_id} shared with project {self.project_id}"

    def is_live(self, today: dt.date | None = None) -> bool:
        """Not withdrawn, and its end date (a London day, included) has not passed."""
        today = today or timezone.localdate()
        return self.withdrawn_at is None and (self.until is None or self.until >= today)


class StoryRead(models.Model):
    """The access log: someone other than the owner opened a shared part. Shown to the owner."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="story_reads")
    part = models.ForeignKey(StoryPart, on_delete=models.CASCADE, related_name="reads")
    share = models.ForeignKey(StoryShare, on_delete=models.CASCADE, related_name="reads")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reader_name = models.CharField(max_length=300)
    purpose = models.CharField(max_length=300)
    what = models.CharField(max_length=10, default="words", help_text=_("words or recording"))
    read_at = models.DateTimeField()

    class Meta:
        ordering = ["-read_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-read_at"])]

    def __str__(self) -> str:
        return f"Read of part {self.part_id} at {self.read_at}"


class StoryQuote(models.Model):
    """Words from a shared part, quoted in an output, only with the person's consent for that quote.

    When the person erases their story the quote stays with its part and owner emptied and its state
    ``withdrawn``, so the organiser still sees that it must come out.
    """

    class State(models.TextChoices):
        ASKED = "asked", _("Waiting for an answer")
        AGREED = "agreed", _("Agreed")
        DECLINED = "declined", _("Not agreed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="story_quotes"
    )
    part = models.ForeignKey(StoryPart, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    output = models.ForeignKey(Output, on_delete=models.CASCADE, related_name="story_quotes")
    text = models.TextField(_("the words to quote"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.ASKED)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True, help_text=_("When the organiser took the quote out."))

    # Not a field: set by ``selectors.project_stories``, the words that name the person (None: not named).
    credited_as: str | None

    class Meta:
        ordering = ["-asked_at", "-pk"]

    def __str__(self) -> str:
        return f"Quote {self.pk} in output {self.output_id}"
