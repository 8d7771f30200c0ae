"""Board pages: the list, making a board, the board itself (a list of notes that works without JavaScript,
refreshed every few seconds by htmx when it is on), dots, themes, hiding and reporting notes."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.feedback import boards, selectors
from roundtable.feedback.dots import current_dots, dot_memory, remember_dots
from roundtable.feedback.forms import BoardForm, NoteForm, ReasonForm, ThemeChoiceForm
from roundtable.feedback.permissions import require_board, require_note
from roundtable.lib.forms import apply_errors
from roundtable.meetings import selectors as meeting_selectors
from roundtable.projects.permissions import require_project


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _view_args(data) -> dict:
    """The page, order and column the person was looking at, checked, so we can take them back there."""
    args = {}
    page = _int(data.get("page"))
    if page and 1 < page < 100_000:
        args["page"] = page
    if data.get("order") == "votes":
        args["order"] = "votes"
    column = _int(data.get("column_id"))
    if column:
        args["column_id"] = column
    return args


def _back(board, data, anchor: str = "notes") -> str:
    url = reverse("feedback:board", args=[board.project_id, board.pk])
    args = _view_args(data)
    return f"{url}{'?' + urlencode(args) if args else ''}#{anchor}"


@login_required
def board_list(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view")
    return render(
        request,
        "feedback/boards.html",
        {"project": access.project, "access": access, "boards": selectors.board_list(project=access.project)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def board_new(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    meetings = meeting_selectors.recent_meetings(project=access.project, limit=50)
    initial = {"meeting": _int(request.GET.get("meeting"))}
    form = BoardForm(request.POST if request.method == "POST" else None, meetings=meetings, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = next((m for m in meetings if m.pk == data["meeting"]), None)
        try:
            board = boards.board_create(
                actor=request.user, project=access.project, title=data["title"], anonymity=data["anonymity"],
                columns=form.column_names(), votes_per_person=data["votes_per_person"], prompt=data["prompt"],
                meeting=meeting, open_days=data["open_days"], content_note=data["content_note"],
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The board is ready."))
            return redirect("feedback:board", access.project.pk, board.pk)
    return render(request, "feedback/board_new.html", {"project": access.project, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def board_page(request: AuthenticatedHttpRequest, project_id: int, board_id: int) -> HttpResponse:
    access, board = require_board(request.user, project_id, board_id, one_read=True)
    if board.content_note and request.method == "GET" and not request.GET:
        # A content note comes first, with the choice to open the board (?seen=1) or skip it (docs/safety.md).
        return render(request, "feedback/board_note_first.html", {"project": access.project, "board": board})
    columns = selectors.board_columns(board=board)
    note_form = NoteForm(
        request.POST if request.method == "POST" else None,
        columns=columns,
        initial={"column": _int(request.GET.get("column"))},
    )
    if request.method == "POST" and note_form.is_valid():
        column = next(c for c in columns if c.pk == note_form.cleaned_data["column"])
        try:
            note = boards.note_add(actor=request.user, board=board, column=column, text=note_form.cleaned_data["text"])
        except ValidationError as error:
            apply_errors(note_form, error)
        else:
            # No "done" banner: it would be kept in the session, next to who you are. The board shows the note.
            url = reverse("feedback:board", args=[access.project.pk, board.pk])
            return redirect(f"{url}?added={note.pk}#note-{note.pk}")
    args = _view_args(request.GET)
    data = selectors.board_page(
        board=board, access=access, viewer=request.user, page=args.get("page", 1),
        order=args.get("order", "new"), column_id=args.get("column_id"), columns=columns,
        anonymous_dots=current_dots(request, board) if board.is_anonymous else None,
        params={key: str(value) for key, value in args.items()},
    )  # fmt: skip
    context = {
        "project": access.project, "access": access, "board": board, "data": data, "note_form": note_form,
        "view_args": args, "added": _int(request.GET.get("added")), "refresh_url": _refresh_url(board, args),
    }  # fmt: skip
    if getattr(request, "htmx", False) and request.GET.get("part") == "notes":
        return render(request, "feedback/includes/board_notes.html", context)
    status = 400 if note_form.errors else 200
    return render(request, "feedback/board.html", context, status=status)


def _refresh_url(board, args: dict) -> str:
    url = reverse("feedback:board", args=[board.project_id, board.pk])
    return f"{url}?{urlencode({**args, 'part': 'notes'})}"


@login_required
@require_POST
@once_per_key
def note_vote(request: AuthenticatedHttpRequest, project_id: int, board_id: int, note_id: int) -> HttpResponse:
    access, board, note = require_note(request.user, project_id, board_id, note_id)
    if board.is_anonymous:
        # Which notes you dotted stays in your browser only: see feedback/dots.py.
        response = redirect(_back(board, request.POST, f"note-{note.pk}"))
        try:
            _given, memory = boards.anonymous_dot(actor=request.user, note=note, remembered=dot_memory(request, board))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            remember_dots(response, request, board, memory)
        return response
    try:
        boards.note_vote(actor=request.user, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_back(board, request.POST, f"note-{note.pk}"))


@login_required
@require_POST
@once_per_key
def note_theme(request: AuthenticatedHttpRequest, project_id: int, board_id: int, note_id: int) -> HttpResponse:
    """Organisers put the note in a theme; members suggest one. Chosen from a list, never by dragging."""
    access, board, note = require_note(request.user, project_id, board_id, note_id)
    themes = selectors.board_themes(board=board)
    form = ThemeChoiceForm(request.POST, themes=themes)
    if form.is_valid():
        theme = next((t for t in themes if t.pk == form.cleaned_data["theme"]), None)
        title = form.cleaned_data["theme_title"].strip()
        try:
            if access.is_organiser:
                if title:
                    theme = boards.theme_create(actor=request.user, board=board, title=title)
                boards.note_theme_set(actor=request.user, note=note, theme=theme)
                messages.success(request, _("The note is in its theme."))
            elif theme or title:
                boards.theme_suggest(actor=request.user, note=note, theme=theme, title=title)
                messages.success(request, _("Thank you. An organiser will look at your theme."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a theme from the list."))
    return redirect(_back(board, request.POST, f"note-{note.pk}"))


@login_required
@require_POST
@once_per_key
def theme_new(request: AuthenticatedHttpRequest, project_id: int, board_id: int) -> HttpResponse:
    access, board = require_board(request.user, project_id, board_id, need="organise")
    try:
        boards.theme_create(actor=request.user, board=board, title=request.POST.get("theme_title", ""))
        messages.success(request, _("The theme is added."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_back(board, request.POST, "themes"))


@login_required
@require_POST
def suggestion_confirm(
    request: AuthenticatedHttpRequest, project_id: int, board_id: int, suggestion_id: int
) -> HttpResponse:
    access, board = require_board(request.user, project_id, board_id, need="organise")
    suggestion = selectors.board_suggestion(board=board, suggestion_id=suggestion_id)
    if suggestion is not None:
        boards.suggestion_confirm(actor=request.user, suggestion=suggestion)
        messages.success(request, _("The note is in its theme."))
    return redirect(_back(board, request.POST, f"note-{suggestion.note_id}" if suggestion else "notes"))


def _reason_page(request, project_id, board_id, note_id, *, need, template, action, done):
    access, board, note = require_note(request.user, project_id, board_id, note_id, need=need)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            action(actor=request.user, note=note, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_back(board, request.POST, f"note-{note.pk}"))
    context = {
        "project": access.project,
        "board": board,
        "note": note,
        "form": form,
        "view_args": _view_args(request.GET),
    }
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def note_hide(request: HttpRequest, project_id: int, board_id: int, note_id: int) -> HttpResponse:
    return _reason_page(
        request, project_id, board_id, note_id, need="organise", template="feedback/note_hide.html",
        action=boards.note_hide, done=_("The note is hidden. If we know who wrote it, we have told them why."),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def note_report(request: HttpRequest, project_id: int, board_id: int, note_id: int) -> HttpResponse:
    return _reason_page(
        request, project_id, board_id, note_id, need="view", template="feedback/note_report.html",
        action=boards.note_report, done=_("Thank you. An organiser will look at it."),
    )  # fmt: skip
