"""Meetings, their agenda, papers with a release deadline, availability polls, attendance and calendar feeds.

Every project-owned row carries a non-null ``project`` foreign key, so a query that forgets the
project is easy to spot in review. Times are stored as aware datetimes (UTC in the database) and
shown in Europe/London.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.projects.models import Organisation, Project

DEFAULT_NOTICE_DAYS = 7
DEFAULT_OVERRUN_MINUTES = 15
DEFAULT_BREAK_EVERY_MINUTES = 60
DEFAULT_BREAK_MINUTES = 10
DEFAULT_OPEN_DISCUSSION_MINUTES = 15


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online (hybrid)")
    PHONE = "phone", _("By phone")


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Going ahead")
        CANCELLED = "cancelled", _("Cancelled")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("meeting name"), max_length=200)
    purpose = models.TextField(_("what the meeting is for"), blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    format = models.CharField(max_length=12, choices=MeetingFormat.choices, default=MeetingFormat.ONLINE)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(help_text=_("When the business of the meeting should end, before any overrun."))
    overrun_minutes = models.PositiveSmallIntegerField(default=DEFAULT_OVERRUN_MINUTES)
    break_every_minutes = models.PositiveSmallIntegerField(default=DEFAULT_BREAK_EVERY_MINUTES)
    break_minutes = models.PositiveSmallIntegerField(default=DEFAULT_BREAK_MINUTES)
    open_discussion_minutes = models.PositiveSmallIntegerField(default=DEFAULT_OPEN_DISCUSSION_MINUTES)
    notice_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("Empty: the project default (7 days) or the longest notice anyone asked for."),
    )

    # Where
    venue_name = models.CharField(_("place"), max_length=200, blank=True)
    venue_address = models.TextField(_("address"), blank=True)
    step_free = models.BooleanField(default=False)
    parking = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    quiet_room = models.BooleanField(default=False)
    accessible_toilets = models.BooleanField(default=False)
    access_notes = models.TextField(_("more about access"), blank=True)
    join_url = models.URLField(_("joining link"), blank=True, max_length=500)
    dial_in = models.CharField(_("phone number to join"), max_length=200, blank=True)

    # Calendar
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, help_text=_("Raised on every change, for calendars."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    booked_despite = models.TextField(
        _("why it was booked anyway"),
        blank=True,
        help_text=_("The organiser's reason for booking a time that does not suit some partners."),
    )
    booking_warnings = models.JSONField(
        default=list, blank=True, help_text=_("Who the time did not suit when it was booked, and why.")
    )

    # As it happened (the payments work turns these into time claims)
    actual_started_at = models.DateTimeField(null=True, blank=True)
    actual_ended_at = models.DateTimeField(null=True, blank=True)
    overrun_used_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    minutes_text = models.TextField(_("notes of the meeting"), blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["project", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(actual_ended_at__isnull=True)
                | models.Q(actual_started_at__isnull=True)
                | models.Q(actual_ended_at__gt=models.F("actual_started_at")),
                name="meeting_actual_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def booked_until(self):
        """The end of the booked time: the planned end plus the time kept for overrunning."""
        return self.ends_at + timedelta(minutes=self.overrun_minutes)

    @property
    def planned_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def booked_minutes(self) -> int:
        return self.planned_minutes + self.overrun_minutes

    @property
    def is_in_person(self) -> bool:
        return self.format in (MeetingFormat.IN_PERSON, MeetingFormat.HYBRID)

    @property
    def is_online(self) -> bool:
        return self.format in (MeetingFormat.ONLINE, MeetingFormat.HYBRID)

    def access_labels(self) -> list[str]:
        labels = []
        for name, label in ACCESS_FEATURES:
            if getattr(self, name):
                labels.append(str(label))
        return labels


ACCESS_FEATURES = [
    ("step_free", _("Step-free access")),
    ("parking", _("Parking")),
    ("hearing_loop", _("Hearing loop")),
    ("quiet_room", _("Quiet room")),
    ("accessible_toilets", _("Accessible toilets")),
]


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        ITEM = "item", _("Item")
        DISCUSSION = "discussion", _("Discussion")
        BREAK = "break", _("Break")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("what it is about"), max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ITEM)
    minutes = models.PositiveSmallIntegerField(_("how long, in minutes"))
    lead = models.CharField(_("who leads it"), max_length=150, blank=True)
    round_the_table = models.BooleanField(default=False)
    prepare = models.TextField(_("what to prepare"), blank=True)
    prepare_minutes = models.PositiveSmallIntegerField(_("time to prepare, in minutes"), default=0)
    # As it happened
    actual_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    happened = models.TextField(_("what happened"), blank=True)
    content_note = models.CharField(
        _("content note"),
        max_length=200,
        blank=True,
        help_text=_("People see this first, like: talks about a stay in hospital."),
    )

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(minutes__gt=0), name="agenda_item_has_minutes")]

    def __str__(self) -> str:
        return self.title


class PaperFormat(models.TextChoices):
    STANDARD = "standard", _("Standard")
    EASY_READ = "easy_read", _("Easy Read")
    LARGE_PRINT = "large_print", _("Large print")
    AUDIO = "audio", _("Audio")
    PLAIN_TEXT = "plain_text", _("Plain text (no pictures or tables)")


def paper_upload_to(instance: Paper, filename: str) -> str:
    # A random name: the original name is kept in a field and given back on download.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"meetings/{instance.project_id}/{instance.meeting_id}/{secrets.token_hex(16)}.{ext}"


class Paper(models.Model):
    """A paper for a meeting. It is hidden from partners until it is released."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(_("name of the paper"), max_length=200)
    summary = models.TextField(_("what the paper is about"), blank=True)
    content_note = models.CharField(
        _("content note"),
        max_length=200,
        blank=True,
        help_text=_("People see this first, like: talks about a stay in hospital."),
    )
    format = models.CharField(max_length=12, choices=PaperFormat.choices, default=PaperFormat.STANDARD)
    version_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="versions",
        help_text=_("Set when this is another format (Easy Read, large print, audio) of a paper."),
    )
    file = models.FileField(upload_to=paper_upload_to, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    deadline_at = models.DateTimeField(null=True, blank=True, help_text=_("The release deadline when it was released."))
    is_late = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(released_at__isnull=True) | models.Q(deadline_at__isnull=False),
                name="paper_released_with_deadline",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


class PaperRecipient(models.Model):
    """Evidence: one person was sent one paper, on time or late. The health check counts these."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="papers_received")
    released_at = models.DateTimeField()
    is_late = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "user"], name="paper_recipient_once")]

    def __str__(self) -> str:
        return f"Paper {self.paper_id} for person {self.user_id}"


class AttendanceStatus(models.TextChoices):
    ATTENDED = "attended", _("Came")
    APOLOGIES = "apologies", _("Sent apologies")
    ABSENT = "absent", _("Did not come")


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    PHONE = "phone", _("By phone")


class Attendance(models.Model):
    """Who came and how. The payments work turns these rows into time claims; keep them exact."""

    class Role(models.TextChoices):
        PARTNER = "partner", _("Lived-experience partner")
        PROFESSIONAL = "professional", _("Professional member")
        STAFF = "staff", _("Staff")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_attendance")
    role = models.CharField(max_length=12, choices=Role.choices)
    status = models.CharField(max_length=12, choices=AttendanceStatus.choices)
    mode = models.CharField(max_length=12, choices=AttendanceMode.choices, blank=True)
    paid_work_time = models.BooleanField(default=False, help_text=_("Staff who attended as part of their paid job."))
    arrived_at = models.DateTimeField(null=True, blank=True, help_text=_("Empty: from the start."))
    left_at = models.DateTimeField(null=True, blank=True, help_text=_("Empty: until the end."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once"),
            models.CheckConstraint(
                condition=~models.Q(status="attended") | ~models.Q(mode=""), name="attendance_how_when_came"
            ),
        ]

    def __str__(self) -> str:
        return f"Person {self.user_id} at meeting {self.meeting_id}: {self.get_status_display()}"

    def minutes_present(self, meeting: Meeting) -> int:
        """Minutes this person was there, from the actual start to the actual end (overrun included)."""
        if self.status != AttendanceStatus.ATTENDED or not meeting.actual_started_at or not meeting.actual_ended_at:
            return 0
        start = max(meeting.actual_started_at, self.arrived_at or meeting.actual_started_at)
        end = min(meeting.actual_ended_at, self.left_at or meeting.actual_ended_at)
        return max(0, int((end - start).total_seconds() // 60))


class Poll(models.Model):
    """An availability poll: several possible times, each answered yes / if need be / no."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SCHEDULED = "scheduled", _("Meeting booked")
        CLOSED = "closed", _("Closed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="meeting_polls")
    title = models.CharField(_("meeting name"), max_length=200)
    purpose = models.TextField(_("what the meeting is for"), blank=True)
    format = models.CharField(max_length=12, choices=MeetingFormat.choices, default=MeetingFormat.ONLINE)
    venue_name = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answer_by = models.DateField(_("please answer by"), null=True, blank=True)
    meeting = models.OneToOneField(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="poll")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PollOption(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="poll_option_ends_after"
            ),
            models.UniqueConstraint(fields=["poll", "starts_at", "ends_at"], name="poll_option_once"),
        ]

    def __str__(self) -> str:
        return f"Poll {self.poll_id}: {self.starts_at:%Y-%m-%d %H:%M} to {self.ends_at:%H:%M}"


class Availability(models.TextChoices):
    YES = "yes", _("Yes, I can come")
    IF_NEED_BE = "if_need_be", _("If need be")
    NO = "no", _("No, I cannot come")


class Reason(models.TextChoices):
    CHILDCARE = "childcare", _("Childcare")
    SCHOOL_RUN = "school_run", _("School run")
    CARING = "caring", _("Caring for someone")
    WORK = "work", _("Work")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Something else")


class PollAnswer(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="poll_answers")
    answer = models.CharField(max_length=12, choices=Availability.choices)
    reason = models.CharField(max_length=12, choices=Reason.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["option", "user"], name="poll_answer_once")]

    def __str__(self) -> str:
        return f"Person {self.user_id} on option {self.option_id}: {self.get_answer_display()}"


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


REMINDER_CHOICES = [
    (10080, _("1 week before")),
    (2880, _("2 days before")),
    (1440, _("1 day before")),
    (180, _("3 hours before")),
    (60, _("1 hour before")),
    (30, _("30 minutes before")),
]
DEFAULT_REMINDERS = [1440, 60]


class CalendarSettings(models.Model):
    """A person's own calendar: the secret feed address and when they want reminders. Belongs to the person."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_settings")
    feed_token = models.CharField(max_length=64, unique=True, default=_feed_token)
    reminder_minutes = models.JSONField(default=list, blank=True)
    reminders_chosen = models.BooleanField(default=False)
    token_reset_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar settings of person {self.user_id}"

    def leads(self) -> list[int]:
        return list(self.reminder_minutes) if self.reminders_chosen else list(DEFAULT_REMINDERS)


class SchoolHoliday(models.Model):
    """School holiday dates, for people who asked to avoid them. Dated rows, kept by an administrator."""

    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="school_holidays",
        help_text=_("Leave it empty and these dates count for all of them."),
    )
    name = models.CharField(max_length=120)
    starts_on = models.DateField()
    ends_on = models.DateField()
    source_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="holiday_ends_after")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on} to {self.ends_on})"


class ReminderSent(models.Model):
    """One reminder queued for one person, so a sweep never sends it twice."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lead_minutes = models.PositiveIntegerField()
    starts_at = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user", "lead_minutes", "starts_at"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"Reminder {self.lead_minutes} minutes before meeting {self.meeting_id} to person {self.user_id}"
