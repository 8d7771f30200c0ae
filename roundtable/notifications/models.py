"""The outbox: Message, Delivery and OrganiserTask.

A Message is one thing to tell one person. Every try to get it to them is a
Delivery row. When no channel we have built can reach them, an organiser gets
an OrganiserTask ("Post this to Grace"). See services.py for the flow.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Kinds of message that are not shown in the inbox (a sign-in link is only
# useful in the email it came in).
INBOX_HIDDEN_KINDS = frozenset({"sign_in_link"})


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to send")
    SENDING = "sending", _("Sending now")
    RETRYING = "retrying", _("Will try again")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    TASK = "task", _("Passed to an organiser")
    FAILED = "failed", _("Could not send")
    WAITING = "waiting", _("Waiting for their contact time")
    HELD = "held", _("Saved for their digest")
    IN_DIGEST = "in_digest", _("Sent in a digest")
    TO_POST = "to_post", _("Waiting to be posted")
    POSTED = "posted", _("Posted")
    TO_CALL = "to_call", _("Waiting for a phone call")
    CALLED = "called", _("Phoned")
    WITHDRAWN = "withdrawn", _("No longer needed")
    MISSED = "missed", _("Missed: too late to be useful")


# A worker may pick up a message in these states (when next_attempt_at has come).
PENDING_STATUSES = (MessageStatus.QUEUED, MessageStatus.RETRYING, MessageStatus.WAITING)
# The person has it (or an organiser has done the posting or phoning).
DONE_STATUSES = (
    MessageStatus.SENT,
    MessageStatus.DELIVERED,
    MessageStatus.IN_DIGEST,
    MessageStatus.POSTED,
    MessageStatus.CALLED,
)

# Not sent, on purpose: what it said stopped being true, or it could only have arrived too late.
STOPPED_STATUSES = (MessageStatus.WITHDRAWN, MessageStatus.MISSED)
# Not gone yet: a message in one of these can still be withdrawn (open letter and call tasks close).
NOT_GONE_STATUSES = (
    *PENDING_STATUSES,
    MessageStatus.HELD,
    MessageStatus.TASK,
    MessageStatus.TO_POST,
    MessageStatus.TO_CALL,
)

# Kinds that never wait for a digest: the person needs them now, by the way they came.
NEVER_DIGEST_KINDS = frozenset({"sign_in_link", "invitation", "digest"})


class DigestChoice(models.TextChoices):
    IMMEDIATE = "immediate", _("Straight away, one message at a time")
    DAILY = "daily", _("Once a day, all together")
    WEEKLY = "weekly", _("Once a week, all together")


class DeliveryPreference(models.Model):
    """How often a person wants their messages. Their channels live in their profile (accounts)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delivery_preference")
    digest = models.CharField(
        _("how often"), max_length=10, choices=DigestChoice.choices, default=DigestChoice.IMMEDIATE
    )
    digest_day = models.CharField(
        _("day for a weekly digest"), max_length=3, default="mon", help_text=_("Weekday code, for example mon.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(digest__in=DigestChoice.values), name="preference_digest_valid"),
            models.CheckConstraint(
                condition=models.Q(digest_day__in=["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
                name="preference_day_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.digest}"


class Message(models.Model):
    """One thing to tell one person, by the channel they chose."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages_received",
        help_text=_("Empty for someone with no account yet, such as a person being invited."),
    )
    to_email = models.EmailField(
        _("email address"), blank=True, help_text=_("Only for people without an account. Otherwise we use theirs.")
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages_sent"
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who gets a task if we cannot reach the person any other way."),
    )
    scope_organisation_id = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "The organisation whose admins and organisers handle tasks for this message. Only people who hold "
            "one of those roles there now see its tasks."
        ),
    )
    kind = models.CharField(max_length=40)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    link_url = models.URLField(blank=True, max_length=500)
    link_text = models.CharField(blank=True, max_length=100)
    group_label = models.CharField(blank=True, max_length=200, help_text=_("For example the project's title."))
    channels_override = models.JSONField(
        default=list, blank=True, help_text=_("Channels to use instead of the person's choice, for example email only.")
    )
    urgent = models.BooleanField(default=False, help_text=_("Urgent messages ignore contact times and digests."))
    easy_read_url = models.URLField(
        blank=True, max_length=500, help_text=_("An Easy Read version the organiser provided, if any.")
    )
    digest = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="digested",
        help_text=_("The digest this message was sent in."),
    )
    maybe_sent = models.BooleanField(
        default=False, help_text=_("A worker stopped while sending it: check with the provider before sending again.")
    )
    provider_ref = models.CharField(max_length=100, blank=True, help_text=_("The text provider's id for it."))
    topic = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("What it is about, for example meeting:42:notice. News on the topic can make it no longer needed."),
    )
    scope = models.CharField(
        max_length=50,
        blank=True,
        help_text=_("The project it belongs to, for example project:7. It ends when the person leaves."),
    )
    for_leavers = models.BooleanField(
        default=False, help_text=_("Still sent after the person leaves (an outcome, their pay, a certificate).")
    )
    useful_until = models.DateTimeField(
        null=True, blank=True, help_text=_("After this it is no use (a meeting notice: the meeting's start).")
    )
    stop_reason = models.TextField(blank=True, help_text=_("Why it was not sent, when it is no longer needed."))
    carried_by = models.ForeignKey(
        "OrganiserTask",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried",
        help_text=_("The letter or call that takes it to the person, with their other messages that day."),
    )
    idempotency_key = models.CharField(max_length=200, unique=True)

    status = models.CharField(max_length=12, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0, help_text=_("How many times we tried to send it."))
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When a worker task was last queued for it (empty: none waiting).")
    )
    sending_since = models.DateTimeField(null=True, blank=True)
    channel_used = models.CharField(max_length=12, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="message_inbox"),
            models.Index(fields=["status", "next_attempt_at"], name="message_due"),
            models.Index(fields=["recipient", "status"], name="message_held"),
            models.Index(fields=["topic"], name="message_topic"),
            models.Index(fields=["scope", "recipient"], name="message_scope"),
            # The unread badge on every page and the inbox's counts read only this index (an index-only
            # scan on PostgreSQL), not every one of a person's messages (bench/large.py).
            models.Index(fields=["recipient", "read_at", "kind"], name="message_unread"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(to_email=""),
                name="message_has_recipient_or_email",
            ),
            models.CheckConstraint(condition=models.Q(status__in=MessageStatus.values), name="message_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient or self.to_email}: {self.subject}"

    @property
    def email_address(self) -> str:
        if self.to_email:
            return self.to_email
        return (self.recipient.email or "") if self.recipient else ""

    @property
    def recipient_name(self) -> str:
        if self.recipient_id:
            return str(self.recipient)
        return self.to_email

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def how_it_reached(self) -> str:
        """For the person's inbox: by text, by letter, in a round-up, or still on its way."""
        from roundtable.accounts.models import Channel

        if self.status in (MessageStatus.HELD, MessageStatus.IN_DIGEST):
            return str(_("In your round-up"))
        if self.status in STOPPED_STATUSES:
            return str(self.get_status_display())
        if self.status == MessageStatus.TO_POST:
            return str(_("A letter is on its way"))
        if self.status in (MessageStatus.QUEUED, MessageStatus.WAITING, MessageStatus.RETRYING, MessageStatus.SENDING):
            return str(_("On its way"))
        if self.channel_used:
            return str(dict(Channel.choices).get(self.channel_used, self.channel_used))
        return str(_("On this website"))


class DeliveryOutcome(models.TextChoices):
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped: not available")


class Delivery(models.Model):
    """One try to get a message to a person by one channel. Rows are only added."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=12)
    attempt = models.PositiveIntegerField(help_text=_("Which try this was on this channel, from 1."))
    outcome = models.CharField(max_length=10, choices=DeliveryOutcome.choices)
    error = models.TextField(blank=True)
    gave_up = models.BooleanField(
        default=False, help_text=_("True when we stopped trying this channel after this try.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.channel} try {self.attempt}: {self.outcome}"


class TaskKind(models.TextChoices):
    POST = "post", _("Post a letter")
    CALL = "call", _("Phone them")
    NO_CHANNEL = "no_channel", _("Find a way to tell them")


class TaskResult(models.TextChoices):
    POSTED = "posted", _("Posted")
    SPOKE = "spoke", _("I spoke to them")
    LEFT_MESSAGE = "left_message", _("I left a voicemail or a message with someone they trust")
    NOT_REACHED = "not_reached", _("I could not reach them: try their next way")
    DONE = "done", _("Done another way")
    WITHDRAWN = "withdrawn", _("No longer needed")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")


class OrganiserTask(models.Model):
    """Something an organiser does by hand so a person still gets a message."""

    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organiser_tasks")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=12, choices=TaskKind.choices)
    instructions = models.TextField()
    status = models.CharField(max_length=6, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.TextField(_("what happened"), blank=True)
    result = models.CharField(max_length=14, choices=TaskResult.choices, blank=True)
    printed_at = models.DateTimeField(null=True, blank=True, help_text=_("When the letter was first printed."))
    bundle_key = models.CharField(
        max_length=120,
        null=True,
        blank=True,
        unique=True,
        help_text=_("While set, the person's other letters or calls that day join this one (one envelope, one call)."),
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["assignee", "status"], name="task_open_for")]
        constraints = [
            models.UniqueConstraint(fields=["message", "kind"], name="task_one_per_message_kind"),
            models.CheckConstraint(
                condition=models.Q(status="open", done_at__isnull=True)
                | models.Q(status="done", done_at__isnull=False),
                name="task_done_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.message.subject}"


class MessageStop(models.Model):
    """A rule: messages about something are no longer needed, so they are not sent.

    ``topic`` matches a message's ``topic`` or its ``scope``. The rule covers messages
    to ``recipient`` (everyone when empty) whose id is at most ``upto_message_id``
    (all when empty: a cancelled meeting's notices stay stale for ever), except
    messages of ``spare_kind`` (the cancellation itself) and, when
    ``spare_for_leavers`` is set, messages meant for people who left. The worker
    checks these rules again just before it sends (see delivery.py).
    """

    topic = models.CharField(max_length=100, db_index=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    upto_message_id = models.BigIntegerField(null=True, blank=True)
    spare_kind = models.CharField(max_length=40, blank=True)
    spare_for_leavers = models.BooleanField(default=False)
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.topic}: {self.reason}"
