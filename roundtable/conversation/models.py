"""The project conversation: topics, replies, reports and the project's conversation settings
(docs/conversation.md).

A topic is numbered within its project (``Topic.number``, the address ``/projects/<id>/conversation/<number>/``)
and has a stable id across the whole site (``Topic.reference``, "T" and its primary key) that inbound
messages name. A reply keeps how it reached us (``channel``) and, for a reply by proxy, the organiser who
entered it (``entered_by``). Hidden replies stay in the database with who hid them and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.projects.models import Project
from roundtable.safety.models import GroundRule

TITLE_LIMIT = 150
BODY_LIMIT = 4000
REASON_LIMIT = 500
NOTE_LIMIT = 200  # a content note, as on boards (docs/safety.md)


class Channel(models.TextChoices):
    WEB = "web", _("On the website")
    EMAIL = "email", _("By email")
    TEXT = "text", _("By text message")
    POST = "post", _("By post")
    PHONE = "phone", _("By phone")


class ConversationSettings(models.Model):
    """A project's choices about its conversation: who may start a topic, who answers and how soon."""

    class Starters(models.TextChoices):
        MEMBERS = "members", _("Anyone taking part")
        ORGANISERS = "organisers", _("Only organisers")

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="conversation_settings")
    who_may_start = models.CharField(max_length=12, choices=Starters.choices, default=Starters.MEMBERS)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer_within_days = models.PositiveSmallIntegerField(default=3)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer_within_days__gte=1, answer_within_days__lte=30),
                name="conversation_answer_within_1_to_30_days",
            )
        ]

    def __str__(self) -> str:
        return f"Conversation settings for {self.project}"


class Topic(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="topics")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=TITLE_LIMIT)
    body = models.TextField(max_length=BODY_LIMIT)
    # Shown before the words, which open only when the reader chooses (ui includes/content_note.html).
    content_note = models.CharField(max_length=NOTE_LIMIT, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept by the services so the list needs no count or join per topic.
    reply_count = models.PositiveIntegerField(default=0)
    last_reply_at = models.DateTimeField(null=True, blank=True)
    last_active_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-last_active_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="topic_number_once")]
        indexes = [models.Index(fields=["project", "-last_active_at", "-id"], name="topic_list_order")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def reference(self) -> str:
        """The topic's stable id across the site, e.g. "T42": printed in letters, named by inbound replies."""
        return f"T{self.pk}"

    @property
    def message_topic(self) -> str:
        """What outbox messages about this topic carry as their ``topic`` (``conversation:topic:<pk>``)."""
        return f"conversation:topic:{self.pk}"


class Reply(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="replies")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(max_length=BODY_LIMIT)
    content_note = models.CharField(max_length=NOTE_LIMIT, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(max_length=REASON_LIMIT, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["topic", "id"], name="reply_topic_order")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hidden_at=None) | ~models.Q(hidden_reason=""), name="reply_hidden_has_reason"
            ),
            models.CheckConstraint(
                condition=models.Q(channel="web")
                | models.Q(channel="email")
                | models.Q(channel="text")
                | models.Q(entered_by__isnull=False),
                name="reply_by_post_or_phone_says_who_entered_it",
            ),
        ]

    def __str__(self) -> str:
        return f"Reply {self.pk} in topic {self.topic_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def by_proxy(self) -> bool:
        return self.entered_by_id is not None


class Report(models.Model):
    """Someone told the organisers privately that a reply worries them. Once per reply and person."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="reports")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=REASON_LIMIT)
    # The project's agreed ground rule the reply breaks, if the reporter named one (docs/safety.md).
    rule = models.ForeignKey(GroundRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reply", "reported_by"], name="report_once_per_person")]

    def __str__(self) -> str:
        return f"Report on reply {self.reply_id}"
