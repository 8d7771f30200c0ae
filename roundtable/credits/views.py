"""Credits pages: my contributions, the project's ledger, outputs and naming, the people behind a project."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.credits import selectors, services, statements
from roundtable.credits.certificate import certificate_pdf_kept
from roundtable.credits.forms import (
    CheckForm,
    ContributionForm,
    NamingForm,
    OrcidForm,
    OutputForm,
    PublishForm,
)
from roundtable.credits.models import Output
from roundtable.credits.naming import credited_name
from roundtable.lib.forms import apply_errors
from roundtable.lib.paging import page_number
from roundtable.projects.permissions import require_project


@login_required
@require_http_methods(["GET", "POST"])
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = selectors.my_credit_profile(user=request.user)
    form = OrcidForm(request.POST or None, initial={"orcid": profile.orcid if profile else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.orcid_set(actor=request.user, orcid=form.cleaned_data["orcid"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your ORCID iD is saved."))
            return redirect("credits:mine")
    data = selectors.my_contributions(user=request.user, page=page_number(request.GET.get("page")), params=request.GET)
    return render(request, "credits/mine.html", {"data": data, "form": form})


@login_required
def certificate(request: AuthenticatedHttpRequest) -> HttpResponse:
    pdf = certificate_pdf_kept(name=request.user.full_name, organisations=selectors.certificate_data(user=request.user))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="certificate-of-contribution.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def ledger(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    if request.method == "POST":
        made = services.contributions_suggest(project=access.project)
        messages.success(request, _("We looked for new help to credit and found %(n)s.") % {"n": made})
        return redirect("credits:ledger", project_id)
    rows = selectors.project_ledger(project=access.project)
    return render(
        request,
        "credits/ledger.html",
        {"project": access.project, "access": access, "rows": rows, "check_form": CheckForm()},
    )


@login_required
@require_POST
def check(request: AuthenticatedHttpRequest, project_id: int, contribution_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    contribution = selectors.project_contribution(project=access.project, contribution_id=contribution_id)
    form = CheckForm(request.POST)
    degree = form.cleaned_data["degree"] if form.is_valid() else None
    try:
        services.contribution_check(
            actor=request.user,
            contribution=contribution,
            confirm=request.POST.get("action") != "decline",
            degree=degree,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("credits:ledger", project_id)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def add(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view")
    form = ContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_add(
                actor=request.user, project=access.project, person=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. An organiser will check it."))
            return redirect("credits:mine")
    return render(request, "credits/add.html", {"project": access.project, "form": form})


@login_required
def people(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="view")
    groups = selectors.project_people(project=access.project)
    return render(request, "credits/people.html", {"project": access.project, "groups": groups})


@login_required
def outputs(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    rows = selectors.output_list(project=access.project)
    return render(request, "credits/outputs.html", {"project": access.project, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def output_new(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    confirmed = selectors.confirmed_for_output(project=access.project)
    form = OutputForm(request.POST or None, contributions=confirmed)
    if request.method == "POST" and form.is_valid():
        try:
            output = services.output_create(actor=request.user, project=access.project, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("credits:output", project_id, output.pk)
    return render(
        request, "credits/output_new.html", {"project": access.project, "form": form, "has_any": bool(confirmed)}
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def output_page(request: AuthenticatedHttpRequest, project_id: int, output_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    output = selectors.output_detail(project=access.project, output_id=output_id)
    action = request.POST.get("action") if request.method == "POST" else None
    publish_form = PublishForm(request.POST if action == "publish" else None, initial={"link": output.link})
    if action == "tell":
        try:
            sent = services.output_tell(actor=request.user, output=output)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("We told %(n)s people how they will be named.") % {"n": sent})
        return redirect("credits:output", project_id, output.pk)
    if action == "publish" and publish_form.is_valid():
        try:
            services.output_publish(actor=request.user, output=output, link=publish_form.cleaned_data["link"])
        except ValidationError as error:
            apply_errors(publish_form, error)
        else:
            messages.success(request, _("Marked as published. Thank you for crediting people."))
            return redirect("credits:output", project_id, output.pk)
    people_list = statements.credited_people(output)
    rows: list[dict[str, Any]] = []
    for credit in output.credits.all():
        if credit.person.is_former_member:  # no name, and no "they chose this": the erasure chose it
            rows.append({"credit": credit, "shown": None, "former": True})
            continue
        name = credited_name(
            naming=credit.naming,
            full_name=credit.person.full_name,
            short_name=credit.person.short_name,
            pseudonym=credit.pseudonym,
        )
        rows.append({"credit": credit, "shown": name, "former": False})
    context = {
        "project": access.project,
        "output": output,
        "rows": rows,
        "publish_form": publish_form,
        "acknowledgement": statements.acknowledgement(output, people_list),
        "statement": statements.roles_statement(output, people_list),
        "statement_json": statements.roles_json(output, people_list),
    }
    return render(request, "credits/output.html", context)


@login_required
def output_json(request: HttpRequest, project_id: int, output_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    output = selectors.output_detail(project=access.project, output_id=output_id)
    return HttpResponse(statements.roles_json(output), content_type="application/json; charset=utf-8")


@login_required
@require_http_methods(["GET", "POST"])
def naming(request: AuthenticatedHttpRequest, output_id: int) -> HttpResponse:
    credit = selectors.my_output_credit(user=request.user, output_id=output_id)
    output = credit.output
    form = NamingForm(request.POST or None, initial={"naming": credit.naming, "pseudonym": credit.pseudonym})
    if request.method == "POST" and form.is_valid():
        try:
            services.output_naming_set(actor=request.user, output=output, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved. We will name you the way you chose."))
            return redirect("credits:naming", output.pk)
    shown = credited_name(
        naming=credit.naming,
        full_name=request.user.full_name,
        short_name=request.user.short_name,
        pseudonym=credit.pseudonym,
    )
    return render(
        request,
        "credits/naming.html",
        {
            "output": output,
            "credit": credit,
            "form": form,
            "shown": shown,
            "published": output.status == Output.Status.PUBLISHED,
        },
    )
