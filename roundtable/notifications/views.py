"""Pages for the inbox and an organiser's tasks. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from roundtable.notifications import selectors, services
from roundtable.notifications.forms import TaskDoneForm


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    groups = selectors.inbox_for(user=request.user)
    unread = sum(group.unread for group in groups)
    return render(request, "notifications/inbox.html", {"groups": groups, "unread": unread})


@login_required
@require_GET
def message_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    message = selectors.message_for(user=request.user, message_id=message_id)
    services.message_mark_read(message=message, user=request.user)
    return render(request, "notifications/message_detail.html", {"item": message})


def _render_tasks(request: HttpRequest, bound: dict[int, TaskDoneForm] | None = None, status: int = 200):
    rows = selectors.open_tasks_for(user=request.user)
    bound = bound or {}
    for row in rows:
        row.form = bound.get(row.task.pk) or TaskDoneForm(prefix=f"task-{row.task.pk}")
    return render(request, "notifications/tasks.html", {"rows": rows}, status=status)


@login_required
@require_GET
def tasks(request: HttpRequest) -> HttpResponse:
    return _render_tasks(request)


@login_required
@require_POST
def task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    task = selectors.task_for(user=request.user, task_id=task_id)
    form = TaskDoneForm(request.POST, prefix=f"task-{task.pk}")
    if form.is_valid():
        try:
            services.task_complete(task=task, actor=request.user, outcome=form.cleaned_data["outcome"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            flash.success(request, _("Task marked as done. Thank you."))
            return redirect("notifications:tasks")
    return _render_tasks(request, {task.pk: form}, status=400)
