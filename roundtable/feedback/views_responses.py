"""You said, we did: the list every member sees, writing a response, and the unanswered list for organisers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.feedback import selectors, services
from roundtable.feedback.forms import ResponseForm
from roundtable.feedback.models import UNANSWERED_AFTER_DAYS
from roundtable.lib.forms import apply_errors
from roundtable.lib.paging import page_number
from roundtable.projects.permissions import require_project


@login_required
def response_list(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view")
    responses = selectors.response_list(project=access.project)
    return render(
        request, "feedback/responses.html", {"project": access.project, "access": access, "responses": responses}
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def response_new(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    form = ResponseForm(request.POST if request.method == "POST" else None)
    chosen = request.POST.getlist("inputs") if request.method == "POST" else request.GET.getlist("link")
    input_error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.response_create(actor=request.user, project=access.project, inputs=chosen, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "inputs" in error.message_dict:
                input_error = " ".join(error.message_dict.pop("inputs"))
                form.add_error(None, input_error)
            else:
                apply_errors(form, error)
        else:
            messages.success(request, _("Saved. We have told everyone whose words you linked."))
            return redirect("feedback:responses", access.project.pk)
    elif request.method == "POST" and not chosen:
        input_error = _("Choose at least one thing people told you.")
        form.add_error(None, input_error)
    groups = selectors.inputs_to_link(project=access.project)
    for group in groups:
        for item in group.rows:
            item.is_chosen = f"{group.kind}:{item.pk}" in chosen
    return render(
        request,
        "feedback/response_new.html",
        {"project": access.project, "form": form, "groups": groups, "chosen": set(chosen), "input_error": input_error},
        status=400 if form.errors else 200,
    )


@login_required
def unanswered(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise", offer=False)
    groups = selectors.unanswered_inputs(
        project=access.project,
        kind=request.GET.get("kind"),
        page=page_number(request.GET.get("page")),
        params=request.GET,
    )
    shown = next(g for g in groups if g.pager is not None)
    return render(
        request,
        "feedback/unanswered.html",
        {"project": access.project, "groups": groups, "shown": shown, "days": UNANSWERED_AFTER_DAYS},
    )
