"""Every write about boards: making one, notes, dots, themes, and moderation.

On an anonymous board ``note_add`` stores no author and rounds the time to the hour, and writes
no audit row, so nothing links the writer to the note (``tests/test_anonymity.py`` proves it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.feedback.models import (
    NOTE_MAX,
    Anonymity,
    Board,
    Column,
    DotAllowance,
    Note,
    NoteReport,
    Theme,
    ThemeSuggestion,
    Vote,
)
from roundtable.feedback.services import _clean_text
from roundtable.feedback.tell import project_lead, tell
from roundtable.lib.dates import add_calendar_days
from roundtable.lib.i18n import in_language_of
from roundtable.lib.urls import absolute_url
from roundtable.meetings.models import Meeting
from roundtable.projects.models import Project

DEFAULT_COLUMNS = ("What works", "What does not work", "Ideas")
MEETING_BOARD_DAYS = 7


@transaction.atomic
def board_create(
    *,
    actor: User,
    project: Project,
    title: str,
    anonymity: str,
    columns: list[str] | None = None,
    votes_per_person: int = 3,
    prompt: str = "",
    meeting: Meeting | None = None,
    open_days: int | None = None,
    content_note: str = "",
) -> Board:
    """A project board, or a meeting's board (it opens when the meeting ends, for ``open_days`` days)."""
    if meeting is not None and meeting.project_id != project.pk:
        raise PermissionDenied
    names = [c.strip()[:100] for c in (columns or DEFAULT_COLUMNS) if c.strip()]
    if not names:
        raise ValidationError({"columns": _("Give the board at least one column.")})
    if len(names) > 8:
        raise ValidationError({"columns": _("A board can have 8 columns at most.")})
    now = timezone.now()
    opens_at, closes_at = now, None
    if meeting is not None:
        opens_at = max(meeting.ends_at, now)
        closes_at = add_calendar_days(opens_at, open_days or MEETING_BOARD_DAYS)
    elif open_days:
        closes_at = add_calendar_days(now, open_days)
    board = Board(
        project=project, meeting=meeting, title=_clean_text(title, field="title", limit=150), anonymity=anonymity,
        votes_per_person=votes_per_person, prompt=_clean_text(prompt, field="prompt", required=False),
        opens_at=opens_at, closes_at=closes_at, created_by=actor,
        content_note=_clean_text(content_note, field="content_note", required=False, limit=200),
    )  # fmt: skip
    board.full_clean()
    board.save()
    Column.objects.bulk_create(
        [Column(project=project, board=board, title=name, order=n) for n, name in enumerate(names)]
    )
    audit_record(actor=actor, obj=board, action="board.made", summary=board.title)
    return board


def _hour():
    """Now, to the hour only: the time kept for anything on an anonymous board."""
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def _require_open(board: Board) -> None:
    if not board.is_open:
        raise ValidationError({"text": _("This board is closed. You cannot add to it now.")})


@transaction.atomic
def note_add(*, actor: User, board: Board, column: Column, text: str) -> Note:
    if column.board_id != board.pk:
        raise ValidationError({"column": _("Choose a column on this board.")})
    _require_open(board)
    text = _clean_text(text, field="text", limit=NOTE_MAX)
    if board.is_anonymous:
        # No author, no audit row, and only the hour: nothing can tie this note to a person.
        return Note.objects.create(
            project_id=board.project_id, board=board, column=column, text=text, created_at=_hour()
        )
    return Note.objects.create(project_id=board.project_id, board=board, column=column, text=text, author=actor)


@transaction.atomic
def note_vote(*, actor: User, note: Note) -> bool:
    """Give a dot, or take it back if already given. Returns True if the person now has a dot on it.

    The board row is locked, so two quick clicks cannot go over the limit. On an anonymous board this
    gives a dot without remembering where (see ``anonymous_dot``, which views use to take one back).
    """
    board = Board.objects.select_for_update().get(pk=note.board_id)
    _require_open(board)
    if note.is_hidden:
        raise ValidationError(_("This note is hidden."))
    if board.is_anonymous:
        return anonymous_dot(actor=actor, note=note, remembered=DotMemory())[0]
    deleted, _rows = Vote.objects.filter(note=note, voter=actor).delete()
    if deleted:
        Note.objects.filter(pk=note.pk).update(votes=F("votes") - 1)
        return False
    used = Vote.objects.filter(board=board, voter=actor).count()
    if used >= board.votes_per_person:
        raise ValidationError(
            _("You have used all %(n)s of your dots. Take one back to give it to another note.")
            % {"n": board.votes_per_person}
        )
    Vote.objects.create(project_id=board.project_id, board=board, note=note, voter=actor)
    Note.objects.filter(pk=note.pk).update(votes=F("votes") + 1)
    return True


@dataclass(frozen=True)
class DotMemory:
    """Which notes of one anonymous board this browser dotted (note ids), and the allowance version it
    saw. Kept in a signed cookie, never in the database (``feedback.dots``)."""

    notes: frozenset[int] = frozenset()
    version: int | None = None


@transaction.atomic
def anonymous_dot(*, actor: User, note: Note, remembered: DotMemory) -> tuple[bool, DotMemory]:
    """Give or take back a dot on an anonymous board, storing no link between the person and the note.

    Only the note's count and the person's count of dots used on the board change (``DotAllowance``).
    A dot is taken back only when ``remembered`` (this browser's memory) says this note has one and its
    version is the current one, so a copied old cookie cannot take a dot back twice. Returns whether the
    note now has this person's dot, and the new memory. Raises ValidationError at the board's limit.
    """
    board = Board.objects.select_for_update().get(pk=note.board_id)
    _require_open(board)
    if note.is_hidden:
        raise ValidationError(_("This note is hidden."))
    allowance, _made = DotAllowance.objects.select_for_update().get_or_create(board=board, voter=actor)
    current = remembered.version == allowance.version
    notes = set(remembered.notes) if current else set()
    if note.pk in notes:
        notes.discard(note.pk)
        allowance.used = max(0, allowance.used - 1)
        Note.objects.filter(pk=note.pk, votes__gt=0).update(votes=F("votes") - 1)
        given = False
    else:
        if allowance.used >= board.votes_per_person:
            raise ValidationError(
                _("You have used all %(n)s of your dots. Take one back to give it to another note.")
                % {"n": board.votes_per_person}
            )
        notes.add(note.pk)
        allowance.used += 1
        Note.objects.filter(pk=note.pk).update(votes=F("votes") + 1)
        given = True
    allowance.version += 1
    allowance.save(update_fields=["used", "version"])
    return given, DotMemory(notes=frozenset(notes), version=allowance.version)


def _theme(board: Board, title: str, *, confirmed: bool) -> Theme:
    title = _clean_text(title, field="theme_title", limit=150)
    theme = Theme.objects.filter(board=board, title__iexact=title).first()
    if theme is None:
        try:
            with transaction.atomic():
                theme = Theme.objects.create(
                    project_id=board.project_id, board=board, title=title,
                    status=Theme.Status.CONFIRMED if confirmed else Theme.Status.SUGGESTED,
                    created_at=_hour() if board.is_anonymous else timezone.now(),
                )  # fmt: skip
        except IntegrityError:
            theme = Theme.objects.get(board=board, title=title)
    if confirmed and theme.status != Theme.Status.CONFIRMED:
        Theme.objects.filter(pk=theme.pk).update(status=Theme.Status.CONFIRMED)
        theme.status = Theme.Status.CONFIRMED
    return theme


@transaction.atomic
def theme_create(*, actor: User, board: Board, title: str) -> Theme:
    """An organiser adds an agreed theme. Audited."""
    theme = _theme(board, title, confirmed=True)
    audit_record(actor=actor, obj=theme, action="board.theme_added", summary=theme.title)
    return theme


@transaction.atomic
def theme_suggest(*, actor: User, note: Note, theme: Theme | None = None, title: str = "") -> ThemeSuggestion:
    """Any member suggests a theme (one already there, or a new one) for a note. Organisers confirm.

    On an anonymous board the suggestion keeps no person and only the hour it was made."""
    board = note.board
    if theme is None:
        theme = _theme(board, title, confirmed=False)
    elif theme.board_id != board.pk:
        raise ValidationError({"theme": _("Choose a theme on this board.")})
    defaults = {"project_id": note.project_id, "suggested_by": actor}
    if board.is_anonymous:
        # Like the note itself: no person, and only the hour.
        defaults = {
            "project_id": note.project_id,
            "created_at": timezone.now().replace(minute=0, second=0, microsecond=0),
        }
    suggestion, _created = ThemeSuggestion.objects.get_or_create(note=note, theme=theme, defaults=defaults)
    return suggestion


@transaction.atomic
def note_theme_set(*, actor: User, note: Note, theme: Theme | None) -> Note:
    """An organiser puts a note in a theme (or takes it out). This agrees the theme and any suggestion for it."""
    note = Note.objects.select_for_update().get(pk=note.pk)
    if theme is not None and theme.board_id != note.board_id:
        raise ValidationError({"theme": _("Choose a theme on this board.")})
    if theme is not None and theme.status != Theme.Status.CONFIRMED:
        Theme.objects.filter(pk=theme.pk).update(status=Theme.Status.CONFIRMED)
    waiting = ThemeSuggestion.objects.filter(note=note, status=ThemeSuggestion.Status.WAITING)
    if theme is not None:
        waiting.filter(theme=theme).update(status=ThemeSuggestion.Status.CONFIRMED)
        waiting.exclude(theme=theme).update(status=ThemeSuggestion.Status.SET_ASIDE)
    if note.theme_id != (theme.pk if theme else None):
        note.theme = theme
        note.save(update_fields=["theme"])
        details = {"theme": theme.pk if theme else None}
        audit_record(actor=actor, obj=note, action="board.note_theme_set", details=details)
    return note


@transaction.atomic
def suggestion_confirm(*, actor: User, suggestion: ThemeSuggestion) -> Note:
    return note_theme_set(actor=actor, note=suggestion.note, theme=suggestion.theme)


@transaction.atomic
def note_hide(*, actor: User, note: Note, reason: str) -> Note:
    """An organiser hides a note. Its writer is told why (if we know who they are); the board shows the reason."""
    note = Note.objects.select_for_update(of=("self",)).select_related("board", "author__profile").get(pk=note.pk)
    reason = _clean_text(reason, field="reason")
    if note.is_hidden:
        return note
    note.hidden_at, note.hidden_reason, note.hidden_by = timezone.now(), reason, actor
    note.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    NoteReport.objects.filter(note=note, dealt_with_at__isnull=True).update(dealt_with_at=note.hidden_at)
    audit_record(actor=actor, obj=note, action="note.hidden", summary=reason[:200])
    project = Project.objects.get(pk=note.project_id)
    if note.author_id and note.board.anonymity != Anonymity.ANONYMOUS:
        with in_language_of(note.author):
            tell(
                person=note.author, project=project, key=f"note:{note.pk}:hidden", sender=actor,
                subject=_("We have hidden your note on %(board)s") % {"board": note.board.title},
                body=_("Your note: “%(text)s”\n\nWhy we hid it: %(reason)s") % {
                    "text": note.text[:300], "reason": reason},
                link=absolute_url(reverse("feedback:board", args=[project.pk, note.board_id])),
                link_text=_("Go to the board"),
            )  # fmt: skip
    return note


@transaction.atomic
def note_report(*, actor: User, note: Note, reason: str) -> NoteReport:
    """Any member reports a note. The project's lead is told; reporting twice changes nothing."""
    reason = _clean_text(reason, field="reason")
    report, created = NoteReport.objects.get_or_create(
        note=note, reporter=actor, defaults={"project_id": note.project_id, "reason": reason}
    )
    if created:
        project = Project.objects.select_related("contact__profile", "created_by__profile").get(pk=note.project_id)
        with in_language_of(project_lead(project)):
            tell(
                person=project_lead(project), project=project, key=f"note_report:{report.pk}",
                subject=_("Someone reported a note in %(project)s") % {"project": project.title},
                body=_("Please look at it. Why they reported it: %(reason)s") % {"reason": reason},
                link=absolute_url(reverse("feedback:note_hide", args=[project.pk, note.board_id, note.pk])),
                link_text=_("Look at the note"),
            )  # fmt: skip
    return report
