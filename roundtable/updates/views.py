"""Pages for progress updates and outcomes. Thin: permission, then a selector or a service."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.lib.forms import apply_errors
from roundtable.lib.writing import writing_check_for
from roundtable.projects import selectors as project_selectors
from roundtable.projects.permissions import require_project
from roundtable.updates import selectors, services
from roundtable.updates.forms import CadenceForm, OutcomeForm, UpdateForm

# The words partners read: the "Check my writing" panel looks at these.
UPDATE_TEXT_FIELDS = ["title", "body"]
OUTCOME_TEXT_FIELDS = ["title", "found", "input_effect"]


@login_required
@require_GET
def updates_list(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view")
    data = selectors.project_updates(project=access.project, organiser=access.is_organiser)
    return render(request, "updates/list.html", {"project": access.project, "access": access, "data": data})


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def update_new(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    form = UpdateForm(request.POST or None)
    check = writing_check_for(request, form, fields=UPDATE_TEXT_FIELDS, project=access.project)
    if check.is_live:
        return check.panel_response()
    if check.should_save():
        try:
            update = services.update_publish(actor=request.user, project=access.project, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, _("Your update is on its way to every member, each in their own way."))
            return redirect("updates:update", access.project.pk, update.pk)
    status = 400 if request.method == "POST" and not check.is_check else 200
    context = {"project": access.project, "form": form, "check": check}
    return render(request, "updates/update_form.html", context, status=status)


@login_required
@require_GET
def update_detail(request: HttpRequest, project_id: int, update_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view")
    update = selectors.update_for(project=access.project, update_id=update_id)
    rows = selectors.update_delivery(update=update) if access.is_organiser else []
    context = {"project": access.project, "access": access, "item": update, "rows": rows}
    return render(request, "updates/update_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cadence(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    data = selectors.project_updates(project=access.project, organiser=True)
    form = CadenceForm(request.POST or None, initial={"days": data.cadence_days})
    if request.method == "POST" and form.is_valid():
        services.cadence_set(actor=request.user, project=access.project, days=form.cleaned_data["days"])
        flash.success(request, _("Saved. We will remind you when an update is due."))
        return redirect("updates:list", access.project.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "updates/cadence.html", {"project": access.project, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def outcome_new(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    milestones = project_selectors.project_milestones(project=access.project)
    form = OutcomeForm(request.POST or None, milestones=milestones)
    check = writing_check_for(request, form, fields=OUTCOME_TEXT_FIELDS, project=access.project)
    if check.is_live:
        return check.panel_response()
    if check.should_save():
        data = dict(form.cleaned_data)
        milestone_id = data.pop("milestone")
        data["milestone"] = next((m for m in milestones if m.pk == milestone_id), None)
        try:
            outcome = services.outcome_publish(actor=request.user, project=access.project, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            flash.success(request, _("The outcome is on its way to everyone who took part, including people who left."))
            return redirect("updates:outcome", access.project.pk, outcome.pk)
    status = 400 if request.method == "POST" and not check.is_check else 200
    context = {"project": access.project, "form": form, "check": check}
    return render(request, "updates/outcome_form.html", context, status=status)


@login_required
@require_GET
def outcome_detail(request: HttpRequest, project_id: int, outcome_id: int) -> HttpResponse:
    try:
        access = require_project(request.user, project_id, need="view")
        project, organiser = access.project, access.is_organiser
    except Http404:
        # Someone who has left still reads the outcome that was sent to them.
        recipient = selectors.outcome_sent_to(user=request.user, project_id=project_id, outcome_id=outcome_id)
        project, organiser = recipient.outcome.project, False
    outcome = selectors.outcome_for(project=project, outcome_id=outcome_id)
    reach = selectors.outcome_reach(outcome=outcome) if organiser else None
    context = {"project": project, "organiser": organiser, "item": outcome, "reach": reach}
    return render(request, "updates/outcome_detail.html", context)
