"""Pages for the inbox, a person's message settings, and an organiser's letters, calls and tasks.

Thin: selectors read, services write.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.accounts.services import profile_update
from roundtable.lib.paging import Pager, page_number
from roundtable.lib.pdf import describe_characters
from roundtable.notifications import selectors, services
from roundtable.notifications.forms import PreferencesForm, TaskDoneForm
from roundtable.notifications.letters import content_for, render_letters
from roundtable.notifications.models import TaskKind


@login_required
@require_GET
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's messages, newest first, a page at a time (``INBOX_PAGE_SIZE``), grouped by project."""
    page = page_number(request.GET.get("page"))
    total, unread = selectors.inbox_counts(user=request.user)
    pager = Pager.build(page=page, per_page=selectors.INBOX_PAGE_SIZE, total=total)
    if not pager.exists:
        raise Http404
    groups = selectors.inbox_for(user=request.user, limit=selectors.INBOX_PAGE_SIZE, offset=pager.offset)
    # The header's badge counts the same unread messages: given here, it costs no query of its own.
    context = {"groups": groups, "unread": unread, "pager": pager, "nav_unread": unread}
    return render(request, "notifications/inbox.html", context)


@login_required
@require_GET
def message_detail(request: AuthenticatedHttpRequest, message_id: int) -> HttpResponse:
    message = selectors.message_for(user=request.user, message_id=message_id)
    services.message_mark_read(message=message, user=request.user)
    return render(request, "notifications/message_detail.html", {"item": message})


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = selectors.preference_for(user=request.user)
    profile = current.profile
    if request.method == "POST":
        form = PreferencesForm(request.POST, profile=profile)
        if form.is_valid():
            data = form.cleaned_data
            try:
                profile_update(user=request.user, actor=request.user, data={"channels": data["channels"]})
                services.preference_set(
                    user=request.user, actor=request.user, digest=data["digest"], digest_day=data["digest_day"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                flash.success(request, _("Your message settings are saved."))
                return redirect("notifications:preferences")
        status = 400
    else:
        channels = current.channels + ["", "", ""]
        form = PreferencesForm(
            initial={
                "first": channels[0] or "email",
                "second": channels[1],
                "third": channels[2],
                "digest": current.digest,
                "digest_day": current.digest_day,
            },
            profile=profile,
        )
        status = 200
    return render(
        request, "notifications/preferences.html", {"form": form, "current": current, "profile": profile}, status=status
    )


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _with_forms(rows, bound: dict | None = None):
    bound = bound or {}
    for row in rows:
        row.form = bound.get(row.task.pk) or TaskDoneForm(prefix=f"task-{row.task.pk}", kind=row.task.kind)
    return rows


def _render_tasks(request: AuthenticatedHttpRequest, bound: dict | None = None, status: int = 200):
    rows = _with_forms(selectors.open_tasks_for(user=request.user, kind=TaskKind.NO_CHANNEL), bound)
    counts = selectors.task_counts_for(user=request.user)
    return render(request, "notifications/tasks.html", {"rows": rows, "counts": counts}, status=status)


@login_required
@require_GET
def tasks(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _render_tasks(request)


def _render_letters(request: AuthenticatedHttpRequest, bound: dict | None = None, status: int = 200):
    rows = _with_forms(selectors.letter_queue_for(user=request.user), bound)
    for row in rows:
        # What the organiser must know before printing: characters no font can print, papers to put
        # in by hand, and whether the letter says how to phone and write back.
        row.letter = content_for(row.messages or [row.message])  # one envelope: every message it carries
        row.cannot_print = describe_characters(row.letter.undrawable())
        row.contact = row.letter.contact
    return render(request, "notifications/letters.html", {"rows": rows}, status=status)


@login_required
@require_GET
def letters(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _render_letters(request)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_GET
def letter_pdf(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    found = selectors.letters_to_print(user=request.user, task_id=task_id)
    if not found:
        raise Http404
    return _pdf(render_letters([content for _task, content in found]), f"letter-{task_id}.pdf")


@login_required
@require_POST
def letters_print(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = selectors.letters_to_print(user=request.user)
    services.letters_mark_printed(actor=request.user, task_ids=[task.pk for task, _content in found])
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return _pdf(render_letters([content for _task, content in found]), f"letters-{stamp}.pdf")


def _render_calls(request: AuthenticatedHttpRequest, bound: dict | None = None, status: int = 200):
    rows = _with_forms(selectors.call_tasks_for(user=request.user), bound)
    return render(request, "notifications/calls.html", {"rows": rows}, status=status)


@login_required
@require_GET
def calls(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _render_calls(request)


@login_required
@require_POST
def task_done(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    task = selectors.task_for(user=request.user, task_id=task_id)
    form = TaskDoneForm(request.POST, prefix=f"task-{task.pk}", kind=task.kind)
    if form.is_valid():
        try:
            services.task_complete(
                task=task, actor=request.user, outcome=form.cleaned_data["outcome"], result=form.cleaned_data["result"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            flash.success(request, _("Thank you. We have saved what happened."))
            default = {"post": "notifications:letters", "call": "notifications:calls"}.get(
                task.kind, "notifications:tasks"
            )
            return redirect(_safe_next(request, reverse(default)))
    render_page = {"post": _render_letters, "call": _render_calls}.get(task.kind, _render_tasks)
    return render_page(request, {task.pk: form}, status=400)
