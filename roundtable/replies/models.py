"""Every answer that reaches us, by any channel, kept whatever became of it (docs/replies.md).

A reply that lands becomes feedback on what it answers (``feedback.Feedback`` with an author);
the ``InboundReply`` row stays as the record of how it came and where it went. A reply that cannot be
placed is kept here too, in quarantine, for the organisation's admins to read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TEXT_KEPT = 10_000  # letters of a reply's words we keep; what lands as feedback is cut at 2,000
RAW_KEPT = 512 * 1024  # bytes of the raw email we keep (a bigger one keeps its headers only)


class InboundReply(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        TEXT = "text", _("Text message")
        POST = "post", _("Post")
        PHONE = "phone", _("Phone call")

    class Status(models.TextChoices):
        LANDED = "landed", _("Landed")
        TO_READ = "to_read", _("For an organiser to read")
        QUARANTINED = "quarantined", _("Kept aside")
        REFUSED = "refused", _("Refused")

    class Reason(models.TextChoices):
        NONE = "", _("None")
        UNKNOWN_SENDER = "unknown_sender", _("We do not know who sent it")
        NO_ADDRESS = "no_address", _("It was not sent to a reply address")
        FORGED = "forged", _("The reply address was not one we made")
        EXPIRED = "expired", _("The reply address was too old")
        WRONG_SENDER = "wrong_sender", _("It came from a different address than the one we wrote to")
        LEFT = "left", _("The person has left the project")
        NO_PLACE = "no_place", _("We could not tell what it answers")
        AUTO_REPLY = "auto_reply", _("Sent by a machine, not a person")
        TOO_BIG = "too_big", _("The email was too big")
        TOO_MANY_FILES = "too_many_files", _("It had too many attachments")
        EMPTY = "empty", _("It had no words in it")
        BAD_SIGNATURE = "bad_signature", _("The provider's signature was wrong")
        NOT_ALLOWED = "not_allowed", _("They cannot post there")
        ROUND_UP = "round_up", _("It answered a round-up of several messages; we asked them which one")

    channel = models.CharField(max_length=8, choices=Channel.choices)
    status = models.CharField(max_length=12, choices=Status.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    sender = models.CharField(
        max_length=254, blank=True, help_text=_("The email address or phone number it came from.")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "projects.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(
        "notifications.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True, help_text=_("What they wrote, without the older emails below it. Text only."))
    raw = models.BinaryField(blank=True, default=b"", help_text=_("The message as it came (headers only if huge)."))
    attachments = models.JSONField(default=list, blank=True, help_text=_("Name, type, size and what we made of each."))
    external_id = models.CharField(
        max_length=250, null=True, blank=True, unique=True, help_text=_("Message-ID or the provider's id: kept once.")
    )
    by_proxy = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    landed_as = models.CharField(max_length=40, blank=True, help_text=_('What it became, e.g. "feedback:12".'))
    sender_answered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "inbound replies"
        indexes = [models.Index(fields=["organisation", "status", "-created_at"], name="reply_org_status")]

    def __str__(self) -> str:
        return f"Reply {self.pk} by {self.channel}: {self.status}"


def reply_file_upload_to(instance: ReplyFile, filename: str) -> str:
    """``replies/<organisation>/<reply>/<random>.<ending>``: the name people gave is kept on the row, never in
    the path, so it cannot steer where the file goes."""
    import secrets

    ending = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"replies/{instance.reply.organisation_id or 0}/{instance.reply_id}/{secrets.token_hex(12)}.{ending[:5]}"


class ReplyFile(models.Model):
    """A file someone sent with an emailed reply that passed the same checks as a meeting paper (its name's
    ending and its first bytes, ``meetings.uploads.check_upload``; up to 20 MB). Kept with the reply; only the
    organisation's organisers can open it, from the replies page."""

    reply = models.ForeignKey(InboundReply, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(help_text=_("In bytes."))
    file = models.FileField(upload_to=reply_file_upload_to, max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} with reply {self.reply_id}"
