"""Listening: barriers, boards of notes and themes, check-ins, anonymous feedback and "you said, we did".

Every row belongs to a project (a non-null ``project`` foreign key). Authors of notes on an
anonymous board are never stored: ``Note.author`` stays empty and the time is rounded to the hour,
so nothing in the database links a person to what they wrote there. Dots and theme suggestions on an
anonymous board keep no link either (``DotAllowance``, ``ThemeSuggestion.suggested_by`` left empty).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roundtable.meetings.models import Meeting
from roundtable.projects.models import Project

NOTE_MAX = 1000
TEXT_MAX = 2000
BARRIER_DAYS = 7
UNANSWERED_AFTER_DAYS = 14


# --- Barriers ----------------------------------------------------------------------------------


class BarrierCategory(models.TextChoices):
    MEETING_TIMES = "meeting_times", _("Meeting times")
    COSTS = "costs", _("Costs")
    CARING = "caring", _("Childcare or caring")
    COMMUNICATION = "communication", _("How we talk to you")
    ACCESS = "access", _("Access or disability")
    TECHNOLOGY = "technology", _("Computers, phones and the internet")
    LANGUAGE = "language", _("Language")
    EMOTIONAL_SAFETY = "emotional_safety", _("Feeling safe")
    OTHER = "other", _("Something else")


_CATEGORY_LABELS = dict(BarrierCategory.choices)


class Barrier(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        RESPONDED = "responded", _("Answered")
        RESOLVED = "resolved", _("Sorted")
        NOT_POSSIBLE = "not_possible", _("Not possible")

    class Source(models.TextChoices):
        RAISED = "raised", _("Raised by a member")
        DECLINED = "declined", _("Said no to the role")
        LEFT = "left", _("Left the project")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="barriers")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="barriers_raised"
    )
    raised_by_proxy = models.BooleanField(default=False)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.RAISED)
    source_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    category = models.CharField(_("what kind of barrier"), max_length=20, choices=BarrierCategory.choices)
    description = models.TextField(_("what gets in the way"), max_length=TEXT_MAX)
    shared = models.BooleanField(_("let everyone in the project see it"), default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="barriers_owned"
    )
    due_on = models.DateField(_("answer by"))
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(_("our answer"), blank=True, max_length=TEXT_MAX)
    reason = models.TextField(_("why it is not possible"), blank=True, max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["project", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="not_possible") | ~models.Q(reason=""), name="barrier_not_possible_reason"
            ),
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(responded_at__isnull=False),
                name="barrier_answered_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category_label}: {self.description[:60]}"

    # ``get_<field>_display`` builds a field's choices at every call; lists show these on every row.
    @property
    def category_label(self) -> str:
        """What kind of barrier, in words (``get_category_display``)."""
        return str(_CATEGORY_LABELS.get(self.category, self.category))

    @property
    def status_label(self) -> str:
        """Where the barrier is, in words (``get_status_display``)."""
        return str(_STATUS_LABELS.get(self.status, self.status))

    @property
    def source_label(self) -> str:
        """How we heard of it, in words (``get_source_display``)."""
        return str(_SOURCE_LABELS.get(self.source, self.source))

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.RESOLVED, self.Status.NOT_POSSIBLE)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def response_days(self) -> int | None:
        if self.responded_at is None:
            return None
        return (self.responded_at - self.created_at).days


_STATUS_LABELS = dict(Barrier.Status.choices)
_SOURCE_LABELS = dict(Barrier.Source.choices)

# --- Boards ------------------------------------------------------------------------------------


class Anonymity(models.TextChoices):
    NAMED = "named", _("Named: everyone can see who wrote each note")
    HIDDEN = "hidden", _("Hidden from other members: organisers can see who wrote it")
    ANONYMOUS = "anonymous", _("Anonymous: nobody, organisers included, can see who wrote this")


class Board(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="boards")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="boards")
    title = models.CharField(_("board name"), max_length=150)
    prompt = models.TextField(_("what you would like people to think about"), blank=True, max_length=TEXT_MAX)
    content_note = models.CharField(
        _("content note"),
        max_length=200,
        blank=True,
        help_text=_("People see this first, like: talks about a stay in hospital."),
    )
    anonymity = models.CharField(_("who can see who wrote a note"), max_length=12, choices=Anonymity.choices)
    votes_per_person = models.PositiveSmallIntegerField(_("dots each person can give"), default=3)
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(votes_per_person__lte=20), name="board_votes_at_most_20"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)

    @property
    def opens_later(self) -> bool:
        """True before ``opens_at``: the board is not closed, it has not opened yet."""
        return timezone.now() < self.opens_at

    @property
    def is_anonymous(self) -> bool:
        return self.anonymity == Anonymity.ANONYMOUS


class Column(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="columns")
    title = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Theme(models.Model):
    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        CONFIRMED = "confirmed", _("Agreed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("theme"), max_length=150)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUGGESTED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "id"]
        constraints = [models.UniqueConstraint(fields=["board", "title"], name="theme_title_once_per_board")]

    def __str__(self) -> str:
        return self.title


class Note(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="notes")
    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(max_length=NOTE_MAX)
    # Empty on anonymous boards: we never know who wrote those.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes")
    votes = models.PositiveIntegerField(default=0)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(blank=True, max_length=TEXT_MAX)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["board", "column", "id"]),
            # "Waiting for an answer" reads a project's notes oldest first, a page at a time.
            models.Index(fields=["project", "created_at"], name="feedback_note_project_age"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Vote(models.Model):
    """One dot on a named or hidden board. A person gives at most one dot to a note, and at most the board's
    limit in all. Anonymous boards never make these rows: see DotAllowance."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="+")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "voter"], name="one_dot_per_note")]
        indexes = [models.Index(fields=["board", "voter"])]

    def __str__(self) -> str:
        return f"Vote for note {self.note_id}"  # not who: boards can be anonymous


class DotAllowance(models.Model):
    """How many dots a person has given on an anonymous board, and nothing about which notes.

    A dot on an anonymous board only adds one to ``Note.votes`` and to ``used`` here: no row joins a person
    to a note, and no time is kept, so dotting your own anonymous note cannot name you. Which notes you
    dotted is remembered by your browser alone, in a signed cookie checked against ``version`` (one more
    on every dot given or taken back, so an old copy of the cookie cannot take a dot back twice).
    """

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    used = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["board", "voter"], name="dot_allowance_once")]

    def __str__(self) -> str:
        return f"Person {self.voter_id} on board {self.board_id}: {self.used} dot(s) used"


class ThemeSuggestion(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CONFIRMED = "confirmed", _("Agreed")
        SET_ASIDE = "set_aside", _("Not used")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="suggestions")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="suggestions")
    # Empty on anonymous boards, where the time is only the hour: a suggestion must not name a note's writer.
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["note", "theme"], name="suggest_theme_once_per_note")]

    def __str__(self) -> str:
        return f"Note {self.note_id} for theme {self.theme_id} ({self.get_status_display()})"


class NoteReport(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(max_length=TEXT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    dealt_with_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["note", "reporter"], name="report_note_once")]

    def __str__(self) -> str:
        return f"Report of note {self.note_id}" + (" (dealt with)" if self.dealt_with_at else "")


# --- Check-ins after meetings -----------------------------------------------------------------


class CheckIn(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="check_in")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="checkin_closes_after")
        ]

    def __str__(self) -> str:
        return f"Check-in for meeting {self.meeting_id}"

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at


# The four "how it felt" questions (issue 15), in our own words, inspired by the four dimensions of the
# Cube (Gibson, Welsman and Britten, 2017). Each is optional and on the same 1 to 5 scale as "heard".
FELT_QUESTIONS = (
    ("voice_changed", _("My voice changed things")),
    ("enough_ways", _("There were enough ways for me to take part")),
    ("what_matters", _("We talked about what matters to people like me")),
    ("organisation_changed", _("The organisation changed because of what we said")),
)
# Every five-point question of a check-in and its words, in the order the form asks them.
SCALE_QUESTIONS = (
    ("heard", _("I felt heard")),
    ("papers_in_time", _("I got the papers in time")),
    ("valued", _("I felt valued")),
    ("feeling", _("How are you feeling?")),
    *FELT_QUESTIONS,
)
SCALE_FIELDS = tuple(name for name, _label in SCALE_QUESTIONS)


class CheckInAnswer(models.Model):
    """One person's answers to one check-in. Every question is optional; the five-point ones are 1 to 5."""

    SCALE = [(n, str(n)) for n in range(1, 6)]

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_in_answers")
    heard = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCALE)
    papers_in_time = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCALE)
    valued = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCALE)
    feeling = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCALE)
    voice_changed = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCALE)
    enough_ways = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCALE)
    what_matters = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCALE)
    organisation_changed = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCALE)
    feeling_text = models.TextField(blank=True, max_length=TEXT_MAX)
    change_text = models.TextField(blank=True, max_length=TEXT_MAX)
    by_proxy = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["check_in", "person"], name="one_check_in_answer_per_person"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{f}__isnull": True}) | models.Q(**{f"{f}__gte": 1, f"{f}__lte": 5}),
                    name=f"checkin_{f}_1_to_5",
                )
                for f in SCALE_FIELDS
            ],
        ]

    def __str__(self) -> str:
        return f"Answer to check-in {self.check_in_id} by person {self.person_id}"


# --- Anonymous feedback by a secret link -------------------------------------------------------


def _token() -> str:
    return secrets.token_urlsafe(24)


class FeedbackLink(models.Model):
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="feedback_link")
    token = models.CharField(max_length=64, unique=True, default=_token)
    is_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Feedback link for project {self.project_id} ({'open' if self.is_open else 'closed'})"


class Feedback(models.Model):
    """Something said through the secret link (nobody signed in; we keep no address or name), or a
    named reply to a message the project sent (issue 17: by email, text, post or phone; ``author`` set).

    A named reply says which channel it came by, whether an organiser typed it in for the person
    (``by_proxy``, ``entered_by``), and what it answers (``about``: ``"announcement:12"``,
    ``"update:3"``, ``"meeting:7"``, ``"proposal:5"``; ``about_label`` the words shown).
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="anonymous_feedback")
    text = models.TextField(max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(
        max_length=12, blank=True, help_text=_("How a named reply came: email, text, post, phone.")
    )
    by_proxy = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about = models.CharField(max_length=80, blank=True)
    about_label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"Feedback {self.pk} on project {self.project_id}"


# --- You said, we did -------------------------------------------------------------------------


class Response(models.Model):
    class Outcome(models.TextChoices):
        CHANGED = "changed", _("We changed something")
        COULD_NOT = "could_not", _("We could not change it, and here is why")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="responses")
    title = models.CharField(_("what you told us, in short"), max_length=200)
    outcome = models.CharField(_("what happened"), max_length=12, choices=Outcome.choices)
    what_we_did = models.TextField(_("what we did, or why we could not"), max_length=TEXT_MAX)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


INPUT_KINDS = ("note", "theme", "feedback", "answer", "barrier")


class ResponseLink(models.Model):
    """One input a response answers: exactly one of feedback's five kinds (a foreign key each), or one row of
    a kind an app above registered (``input_kind`` and ``input_id``, feedback/inputs.py)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="links")
    note = models.ForeignKey(Note, null=True, blank=True, on_delete=models.CASCADE, related_name="response_links")
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="response_links")
    feedback = models.ForeignKey(
        Feedback, null=True, blank=True, on_delete=models.CASCADE, related_name="response_links"
    )
    answer = models.ForeignKey(
        CheckInAnswer, null=True, blank=True, on_delete=models.CASCADE, related_name="response_links"
    )
    barrier = models.ForeignKey(Barrier, null=True, blank=True, on_delete=models.CASCADE, related_name="response_links")
    # A registered kind (feedback/inputs.py): its key and the row's id. Empty and NULL for the five above.
    input_kind = models.CharField(max_length=20, blank=True, default="")
    input_id = models.PositiveBigIntegerField(null=True, blank=True)
    input_created_at = models.DateTimeField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["input_kind", "input_id"], name="response_link_registered_input")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(note__isnull=False, theme=None, feedback=None, answer=None, barrier=None, input_kind="")
                    | models.Q(note=None, theme__isnull=False, feedback=None, answer=None, barrier=None, input_kind="")
                    | models.Q(note=None, theme=None, feedback__isnull=False, answer=None, barrier=None, input_kind="")
                    | models.Q(note=None, theme=None, feedback=None, answer__isnull=False, barrier=None, input_kind="")
                    | models.Q(note=None, theme=None, feedback=None, answer=None, barrier__isnull=False, input_kind="")
                    | (
                        models.Q(note=None, theme=None, feedback=None, answer=None, barrier=None)
                        & ~models.Q(input_kind="")
                        & models.Q(input_id__isnull=False)
                    )
                ),
                name="response_link_exactly_one_input",
            ),
            models.CheckConstraint(
                condition=models.Q(input_kind="", input_id=None)
                | (~models.Q(input_kind="") & models.Q(input_id__isnull=False)),
                name="response_link_registered_kind_has_id",
            ),
            *[
                models.UniqueConstraint(fields=["response", kind], name=f"response_links_{kind}_once")
                for kind in INPUT_KINDS
            ],
            models.UniqueConstraint(
                fields=["response", "input_kind", "input_id"],
                condition=~models.Q(input_kind=""),
                name="response_links_registered_once",
            ),
        ]

    def __str__(self) -> str:
        kind = self.kind
        target_id = self.input_id if self.input_kind else getattr(self, f"{kind}_id")
        return f"Response {self.response_id} answers {kind} {target_id}"

    @property
    def kind(self) -> str:
        if self.input_kind:
            return self.input_kind
        return next(k for k in INPUT_KINDS if getattr(self, f"{k}_id"))

    @property
    def target(self):
        """The input answered: a feedback row, or for a registered kind the row ``selectors.response_list``
        attached (``registered``), else None."""
        if self.input_kind:
            return getattr(self, "registered", None)
        return getattr(self, self.kind)
