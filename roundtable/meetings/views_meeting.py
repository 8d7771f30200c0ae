"""Meeting pages: the list, one meeting, its agenda, papers and attendance, and the organiser's forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.lib.dates import clock_text
from roundtable.lib.forms import apply_errors as lib_apply_errors
from roundtable.lib.writing import project_terms, writing_check_for
from roundtable.meetings import panels, selectors, services
from roundtable.meetings.booking import BookingWarning
from roundtable.meetings.forms import (
    AgendaItemForm,
    AgendaSettingsForm,
    AttendanceForm,
    CancelForm,
    MeetingForm,
    PaperForm,
)
from roundtable.meetings.permissions import require_meeting, require_paper
from roundtable.notifications.selectors import delivery_status_for
from roundtable.projects.permissions import require_project
from roundtable.projects.support import support_for_page

# The words partners read in each editor: the "Check my writing" panel looks at these.
MEETING_TEXT_FIELDS = ["title", "purpose", "access_notes"]
AGENDA_TEXT_FIELDS = ["title", "prepare"]
PAPER_TEXT_FIELDS = ["title", "summary"]
CANCEL_TEXT_FIELDS = ["reason"]
NOTES_TEXT_FIELDS = ["notes"]

# A service's field names, and the form field where its message belongs.
FIELD_FOR = {"starts_at": "date", "ends_at": "end_time", "started_at": "start_time", "ended_at": "end_time"}


def apply_errors(form, error: ValidationError) -> None:
    """A meeting service's errors on a meeting form: model fields shown at the form fields in FIELD_FOR."""
    lib_apply_errors(form, error, field_for=FIELD_FOR)


@login_required
def meeting_list(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view")
    data = selectors.meeting_list(project=access.project, access=access)
    return render(request, "meetings/list.html", {"project": access.project, "access": access, "data": data})


def _save_warning_first(request: HttpRequest, form, save):
    """Book or change a meeting's time the warn-first way (``booking.py``), for the new and the change pages.

    ``save(despite)`` calls the service with the organiser's reason to book anyway (stripped; may be "").
    Returns (what ``save`` returned or None, the conflicts to show, whether the reason is missing): the
    first ``BookingWarning`` only shows who and why; one after the page has warned (``warned`` posted)
    also asks for the reason at the top of the form. Other errors go on the form.
    """
    try:
        return save(request.POST.get("booked_despite", "").strip()), [], False
    except BookingWarning as warning:
        reason_missing = bool(request.POST.get("warned"))
        if reason_missing:
            form.add_error(None, _("Say why you are booking this time anyway, or choose another time."))
        return None, warning.conflicts, reason_missing
    except ValidationError as error:
        apply_errors(form, error)
        return None, [], False


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def meeting_new(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    form = MeetingForm(request.POST or None, initial={"overrun_minutes": 15, "format": "online"})
    check = writing_check_for(request, form, fields=MEETING_TEXT_FIELDS, project=access.project)
    if check.is_live:
        return check.panel_response()
    conflicts, reason_error = [], False
    if check.should_save():
        meeting, conflicts, reason_error = _save_warning_first(
            request,
            form,
            lambda despite: services.meeting_create(
                actor=request.user, project=access.project, data=form.meeting_data(), warn_first=True, despite=despite
            ),
        )
        if meeting is not None:
            messages.success(request, _("The meeting is booked. We have told everyone taking part."))
            return redirect("meetings:agenda", access.project.pk, meeting.pk)
    context = {
        "project": access.project, "form": form, "meeting": None, "check": check, "conflicts": conflicts,
        "despite": request.POST.get("booked_despite", ""), "reason_error": reason_error,
    }  # fmt: skip
    return render(request, "meetings/meeting_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedHttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    access, meeting = require_meeting(request.user, project_id, meeting_id, need="organise")
    # The service refuses a *new* time in the past; keeping the booked time is always allowed.
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting), allow_past=True)
    check = writing_check_for(request, form, fields=MEETING_TEXT_FIELDS, project=access.project)
    if check.is_live:
        return check.panel_response()
    conflicts, reason_error = [], False
    if check.should_save():
        saved, conflicts, reason_error = _save_warning_first(
            request,
            form,
            lambda despite: services.meeting_update(
                actor=request.user, meeting=meeting, data=form.meeting_data(), warn_first=True, despite=despite
            ),
        )
        if saved is not None:
            messages.success(request, _("The meeting is saved. If the time or place changed, we told everyone."))
            return redirect("meetings:meeting", access.project.pk, meeting.pk)
    context = {
        "project": access.project, "form": form, "meeting": meeting, "check": check, "conflicts": conflicts,
        "despite": request.POST.get("booked_despite", ""), "reason_error": reason_error,
    }  # fmt: skip
    return render(request, "meetings/meeting_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: AuthenticatedHttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    access, meeting = require_meeting(request.user, project_id, meeting_id, need="organise")
    form = CancelForm(request.POST or None)
    check = writing_check_for(request, form, fields=CANCEL_TEXT_FIELDS, project=access.project)
    if check.is_live:
        return check.panel_response()
    if check.should_save():
        services.meeting_cancel(actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
        messages.success(request, _("The meeting is cancelled. We have told everyone invited."))
        return redirect("meetings:messages", access.project.pk, meeting.pk)
    context = {"project": access.project, "meeting": meeting, "form": form, "check": check}
    return render(request, "meetings/cancel.html", context)


@login_required
@require_http_methods(["GET"])
def meeting_messages(request: HttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    """Who we told about the meeting, how, and what was not sent because it was no longer needed."""
    access, meeting = require_meeting(request.user, project_id, meeting_id, need="organise")
    rows = delivery_status_for(idempotency_key_prefix=f"meeting:{meeting.pk}:")
    context = {"project": access.project, "meeting": meeting, "rows": rows}
    return render(request, "meetings/messages.html", context)


@login_required
def meeting_page(request: AuthenticatedHttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    access, meeting = require_meeting(request.user, project_id, meeting_id, one_read=True)
    page = selectors.meeting_page(meeting=meeting, access=access, user=request.user)
    shown = panels.meeting_panels(meeting=meeting, project=access.project, access=access, user=request.user)
    context = {
        "project": access.project,
        "access": access,
        "page": page,
        "panels": shown,
        "support_contacts": support_for_page(project=access.project, access=access),
    }
    if any(group.summary for group in page.papers):  # {% explain_terms %} explains the papers' summaries
        context["glossary_terms"] = project_terms(project=access.project)
    return render(request, "meetings/meeting.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def agenda(request: AuthenticatedHttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    access, meeting = require_meeting(request.user, project_id, meeting_id, need="organise")
    action = request.POST.get("form")
    item_form = AgendaItemForm(request.POST if action == "item" else None, initial={"kind": "item"}, prefix="item")
    settings_form = AgendaSettingsForm(
        request.POST if action == "settings" else None,
        initial={
            "break_every_minutes": meeting.break_every_minutes,
            "break_minutes": meeting.break_minutes,
            "open_discussion_minutes": meeting.open_discussion_minutes,
            "overrun_minutes": meeting.overrun_minutes,
        },
        prefix="set",
    )
    check = writing_check_for(request, item_form, fields=AGENDA_TEXT_FIELDS, project=access.project)
    if check.is_live:
        return check.panel_response()
    if request.method == "POST":
        back = redirect("meetings:agenda", access.project.pk, meeting.pk)
        if action == "item" and check.should_save():
            services.agenda_item_add(actor=request.user, meeting=meeting, data=item_form.cleaned_data)
            messages.success(request, _("Item added."))
            return back
        if action == "settings" and settings_form.is_valid():
            services.agenda_settings_set(actor=request.user, meeting=meeting, data=settings_form.cleaned_data)
            messages.success(request, _("Saved."))
            return back
        if action in ("up", "down", "remove"):
            item = selectors.meeting_agenda_item(meeting=meeting, item_id=request.POST.get("item"))
            if action == "remove":
                services.agenda_item_remove(actor=request.user, item=item)
            else:
                services.agenda_item_move(actor=request.user, item=item, up=action == "up")
            return back
    page = selectors.meeting_page(meeting=meeting, access=access, user=request.user)
    return render(
        request,
        "meetings/agenda.html",
        {
            "project": access.project,
            "page": page,
            "item_form": item_form,
            "settings_form": settings_form,
            "check": check,
        },
        status=400 if request.method == "POST" and not check.is_check else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def papers(request: AuthenticatedHttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    access, meeting = require_meeting(request.user, project_id, meeting_id, need="organise")
    existing = selectors.meeting_papers(meeting=meeting)
    action = request.POST.get("form")
    form = PaperForm(
        request.POST if action == "upload" else None,
        request.FILES if action == "upload" else None,
        papers=existing,
        initial={"format": "standard"},
    )
    check = writing_check_for(request, form, fields=PAPER_TEXT_FIELDS, project=access.project)
    if check.is_live:
        return check.panel_response()
    if request.method == "POST":
        back = redirect("meetings:papers", access.project.pk, meeting.pk)
        if action == "upload" and check.should_save():
            version_of = None
            if form.cleaned_data["version_of"]:
                version_of = next((p for p in existing if p.pk == form.cleaned_data["version_of"]), None)
            try:
                services.paper_add(
                    actor=request.user,
                    meeting=meeting,
                    title=form.cleaned_data["title"],
                    summary=form.cleaned_data["summary"],
                    content_note=form.cleaned_data["content_note"],
                    upload=form.cleaned_data["file"],
                    format=form.cleaned_data["format"],
                    version_of=version_of,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Paper added. Partners cannot see it until you send the papers."))
                return back
        elif action == "release":
            released = services.papers_release(actor=request.user, meeting=meeting)
            if released and released[0].is_late:
                messages.warning(request, _("Papers sent. They are late, and this is recorded."))
            elif released:
                messages.success(request, _("Papers sent to everyone taking part, their way."))
            return back
        elif action == "remove":
            paper = selectors.meeting_paper(meeting=meeting, paper_id=request.POST.get("paper"))
            try:
                services.paper_remove(actor=request.user, paper=paper)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            return back
    page = selectors.meeting_page(meeting=meeting, access=access, user=request.user)
    return render(
        request,
        "meetings/papers.html",
        {"project": access.project, "page": page, "form": form, "check": check},
        status=400 if request.method == "POST" and not check.is_check else 200,
    )


@login_required
def paper_download(request: HttpRequest, project_id: int, meeting_id: int, paper_id: int) -> FileResponse:
    """Papers are only ever served here, after the permission check: never from a public address."""
    _access, _meeting, paper = require_paper(request.user, project_id, meeting_id, paper_id)
    response = FileResponse(
        paper.file.open("rb"), as_attachment=True, filename=paper.original_name, content_type=paper.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: AuthenticatedHttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    access, meeting = require_meeting(request.user, project_id, meeting_id, need="organise")
    people = selectors.attendance_people(meeting)
    existing, items = selectors.register_form_data(meeting=meeting)
    initial = {"notes": meeting.minutes_text}
    if meeting.actual_started_at:
        assert meeting.actual_ended_at is not None  # recorded with the start (services.attendance_record)
        initial["start_time"] = clock_text(meeting.actual_started_at)
        initial["end_time"] = clock_text(meeting.actual_ended_at)
    else:
        initial["start_time"] = clock_text(meeting.starts_at)
        initial["end_time"] = clock_text(meeting.ends_at)
    form = AttendanceForm(
        request.POST or None, meeting=meeting, people=people, existing=existing, items=items, initial=initial
    )
    check = writing_check_for(request, form, fields=NOTES_TEXT_FIELDS, project=access.project)
    if check.is_live:
        return check.panel_response()
    if check.should_save():
        d = form.cleaned_data
        rows = [
            services.AttendanceRow(
                user=user,
                role=role,
                status=d[f"status_{user.pk}"],
                mode=d.get(f"mode_{user.pk}") or "",
                paid_work_time=bool(d.get(f"paid_{user.pk}")) and d[f"status_{user.pk}"] == "attended",
            )
            for user, role in people
        ]
        item_notes = {item.pk: (d.get(f"item_minutes_{item.pk}"), item.happened) for item in items}
        try:
            services.attendance_record(
                actor=request.user,
                meeting=meeting,
                started_at=d["started_at"],
                ended_at=d["ended_at"],
                rows=rows,
                notes=d["notes"],
                item_notes=item_notes,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The record of the meeting is saved."))
            return redirect("meetings:meeting", access.project.pk, meeting.pk)
    return render(
        request,
        "meetings/attendance.html",
        {"project": access.project, "meeting": meeting, "form": form, "check": check},
        status=400 if request.method == "POST" and not check.is_check else 200,
    )
