"""Barrier pages: the list (overdue first), raising one, and one barrier with the organiser's answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.accounts.models import User
from roundtable.audit.once import once_per_key
from roundtable.feedback import selectors, services
from roundtable.feedback.forms import BarrierAnswerForm, BarrierAssignForm, BarrierForm
from roundtable.feedback.permissions import require_barrier
from roundtable.lib.forms import apply_errors
from roundtable.lib.i18n import day_words
from roundtable.lib.paging import page_number
from roundtable.projects.permissions import require_project
from roundtable.projects.selectors import organisers_of


@login_required
def barrier_list(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view", offer=False)
    if access.is_organiser:
        # Reasons for saying no or leaving become barriers: make sure the list is never behind.
        services.barriers_from_departures(project=access.project)
    show = request.GET.get("show", "open")
    if show not in ("open", "closed", "all"):
        show = "open"
    data = selectors.barrier_list(
        access=access, user=request.user, show=show, page=page_number(request.GET.get("page")), params=request.GET
    )
    return render(
        request, "feedback/barriers.html", {"project": access.project, "access": access, "data": data, "show": show}
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def barrier_new(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view")
    form = BarrierForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            barrier = services.barrier_raise(actor=request.user, project=access.project, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. We will answer by %(date)s.") % {"date": day_words(barrier.due_on, year=False)}
            )
            return redirect("feedback:barrier", access.project.pk, barrier.pk)
    return render(request, "feedback/barrier_new.html", {"project": access.project, "form": form})


def _organisers(project) -> list[User]:
    return list(organisers_of(organisation_id=project.organisation_id))


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def barrier_page(request: AuthenticatedHttpRequest, project_id: int, barrier_id: int) -> HttpResponse:
    access, barrier = require_barrier(request.user, project_id, barrier_id)
    answer_form = assign_form = None
    if access.is_organiser:
        action = request.POST.get("action") if request.method == "POST" else None
        answer_form = BarrierAnswerForm(request.POST if action == "answer" else None)
        people = _organisers(access.project)
        assign_form = BarrierAssignForm(
            request.POST if action == "assign" else None,
            people=people,
            initial={"owner": barrier.owner_id, "due_on": barrier.due_on.isoformat()},
        )
        if action == "answer" and answer_form.is_valid():
            try:
                services.barrier_answer(actor=request.user, barrier=barrier, **answer_form.cleaned_data)
            except ValidationError as error:
                apply_errors(answer_form, error)
            else:
                messages.success(request, _("Saved. We have told the person who raised it."))
                return redirect("feedback:barrier", access.project.pk, barrier.pk)
        if action == "assign" and assign_form.is_valid():
            owner = next(p for p in people if p.pk == assign_form.cleaned_data["owner"])
            services.barrier_assign(
                actor=request.user, barrier=barrier, owner=owner, due_on=assign_form.cleaned_data["due_on"]
            )
            messages.success(request, _("Saved."))
            return redirect("feedback:barrier", access.project.pk, barrier.pk)
    elif request.method == "POST":
        return redirect("feedback:barrier", access.project.pk, barrier.pk)
    responses = [link.response for link in barrier.response_links.select_related("response")]
    return render(
        request,
        "feedback/barrier.html",
        {
            "project": access.project, "access": access, "barrier": barrier, "answer_form": answer_form,
            "assign_form": assign_form, "responses": responses,
        },
    )  # fmt: skip
