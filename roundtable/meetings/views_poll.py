"""Availability polls: open one, answer it (or answer for someone by proxy), and book the best time."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.accounts.models import User
from roundtable.audit.once import once_per_key
from roundtable.meetings import selectors, services
from roundtable.meetings.forms import PollAnswerForm, PollForm, ScheduleForm
from roundtable.meetings.models import Poll
from roundtable.meetings.permissions import require_answer_for, require_poll
from roundtable.meetings.views_meeting import apply_errors
from roundtable.projects import selectors as project_selectors
from roundtable.projects.permissions import require_project


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def poll_new(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    form = PollForm(request.POST or None, initial={"format": "online"})
    if request.method == "POST" and form.is_valid():
        try:
            poll = services.poll_create(
                actor=request.user, project=access.project, data=form.poll_data(), options=form.cleaned_data["options"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The poll is open. We have asked everyone taking part when they can come."))
            return redirect("meetings:poll", access.project.pk, poll.pk)
    return render(
        request,
        "meetings/poll_form.html",
        {"project": access.project, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _answer(request: AuthenticatedHttpRequest, access, poll: Poll, person: User, *, template: str) -> HttpResponse:
    page = selectors.poll_page(poll=poll, access=access, person=person)
    form = PollAnswerForm(
        request.POST if request.method == "POST" and request.POST.get("form") == "answer" else None,
        options=page.options,
        initial_rows=page.mine,
    )
    if form.is_bound and form.is_valid():
        try:
            services.poll_answer(actor=request.user, poll=poll, person=person, answers=form.answers())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if person.pk == request.user.pk:
                messages.success(
                    request, _("Thank you. Your answers are saved. You can change them until a time is booked.")
                )
                return redirect("meetings:poll", access.project.pk, poll.pk)
            messages.success(request, _("Answers saved for %(name)s.") % {"name": person.full_name})
            return redirect("meetings:poll", access.project.pk, poll.pk)
    schedule_form = ScheduleForm(ranked=page.ranked) if access.is_organiser else None
    proxy_people = []
    if access.is_organiser and person.pk == request.user.pk:
        proxy_people = project_selectors.active_members(project=access.project, uses_web=False)
    return render(
        request,
        template,
        {
            "project": access.project,
            "access": access,
            "poll": poll,
            "page": page,
            "form": form,
            "person": person,
            "schedule_form": schedule_form,
            "proxy_people": proxy_people,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def poll_page(request: AuthenticatedHttpRequest, project_id: int, poll_id: int) -> HttpResponse:
    access, poll = require_poll(request.user, project_id, poll_id)
    return _answer(request, access, poll, request.user, template="meetings/poll.html")


@login_required
@require_http_methods(["GET", "POST"])
def poll_answer_for(request: AuthenticatedHttpRequest, project_id: int, poll_id: int, user_id: int) -> HttpResponse:
    access, poll, person = require_answer_for(request.user, project_id, poll_id, user_id)
    return _answer(request, access, poll, person, template="meetings/poll_proxy.html")


@login_required
@require_POST
def poll_schedule(request: AuthenticatedHttpRequest, project_id: int, poll_id: int) -> HttpResponse:
    access, poll = require_poll(request.user, project_id, poll_id, need="organise")
    page = selectors.poll_page(poll=poll, access=access, person=request.user)
    form = ScheduleForm(request.POST, ranked=page.ranked)
    if form.is_valid():
        option = selectors.poll_option(poll=poll, option_id=form.cleaned_data["option"])
        try:
            meeting = services.poll_schedule(actor=request.user, poll=poll, option=option)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("meetings:poll", access.project.pk, poll.pk)
        messages.success(
            request,
            _(
                "The meeting is booked. We have told everyone their way, with a calendar invitation. "
                "Now add the agenda and details."
            ),
        )
        return redirect("meetings:edit", access.project.pk, meeting.pk)
    answer_form = PollAnswerForm(options=page.options, initial_rows=page.mine)
    return render(
        request,
        "meetings/poll.html",
        {
            "project": access.project,
            "access": access,
            "poll": poll,
            "page": page,
            "form": answer_form,
            "person": request.user,
            "schedule_form": form,
            "proxy_people": [],
        },
        status=400,
    )


@login_required
@require_POST
def poll_close(request: AuthenticatedHttpRequest, project_id: int, poll_id: int) -> HttpResponse:
    access, poll = require_poll(request.user, project_id, poll_id, need="organise")
    services.poll_close(actor=request.user, poll=poll)
    messages.success(request, _("The poll is closed."))
    return redirect("meetings:list", access.project.pk)
