"""Ground rules pages: see and suggest rules, agree them, and report a broken rule privately."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.lib.forms import apply_errors
from roundtable.projects.permissions import require_project
from roundtable.safety import selectors, services
from roundtable.safety.forms import AgreeAfterBoardForm, BreachReportForm, GroundRuleForm
from roundtable.safety.models import BreachReport


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def ground_rules(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    """The project's ground rules: agreed, waiting and past. Any member suggests one here."""
    access = require_project(request.user, project_id, need="view")
    project = access.project
    form = GroundRuleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ground_rule_propose(actor=request.user, project=project, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your rule is suggested. The group will agree it together."))
            return redirect("safety:ground_rules", project.pk)
    services.ground_rules_settle(project=project)  # a vote that has closed since the last visit
    context = {"project": project, "access": access, "form": form, **selectors.ground_rules_page(project=project)}
    return render(request, "safety/ground_rules.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def rule_vote(request: AuthenticatedHttpRequest, project_id: int, rule_id: int) -> HttpResponse:
    """Put a suggested rule to a vote (organisers). Twice gives the same proposal."""
    access = require_project(request.user, project_id, need="organise")
    rule = selectors.ground_rule(project=access.project, rule_id=rule_id)
    try:
        services.ground_rule_put_to_vote(actor=request.user, rule=rule)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Everyone who can vote has been asked, their way."))
    return redirect("safety:ground_rules", access.project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def rule_agree(request: AuthenticatedHttpRequest, project_id: int, rule_id: int) -> HttpResponse:
    """Agree a rule as the organiser, after the project talked it over on one of its boards."""
    access = require_project(request.user, project_id, need="organise")
    rule = selectors.ground_rule(project=access.project, rule_id=rule_id)
    boards = selectors.project_boards(project=access.project)
    form = AgreeAfterBoardForm(request.POST if request.method == "POST" else None, boards=boards)
    if request.method == "POST" and form.is_valid():
        board = next(b for b in boards if b.pk == form.cleaned_data["board"])
        try:
            services.ground_rule_agree_after_board(actor=request.user, rule=rule, board=board)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The rule is agreed. Everyone can now see it on the project page and meeting pages.")
            )
            return redirect("safety:ground_rules", access.project.pk)
    return render(
        request,
        "safety/agree.html",
        {"project": access.project, "rule": rule, "form": form, "boards": boards},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def rule_retire(request: AuthenticatedHttpRequest, project_id: int, rule_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    rule = selectors.ground_rule(project=access.project, rule_id=rule_id)
    services.ground_rule_retire(actor=request.user, rule=rule)
    messages.success(request, _("The rule is no longer used."))
    return redirect("safety:ground_rules", access.project.pk)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def report(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    """Report privately that a ground rule was broken. The page names who will read it."""
    access = require_project(request.user, project_id, need="view")
    project = access.project
    rules = selectors.agreed_rules(project=project)
    form = BreachReportForm(request.POST if request.method == "POST" else None, rules=rules)
    if request.method == "POST" and form.is_valid():
        rule = next((r for r in rules if r.pk == form.cleaned_data["rule"]), None)
        try:
            services.breach_report(
                actor=request.user, project=project, what_happened=form.cleaned_data["what_happened"], rule=rule
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you for telling us. Only the people named on this page will read it."))
            return redirect("safety:report", project.pk)
    readers = services.report_readers(project)
    return render(
        request,
        "safety/report.html",
        {"project": project, "access": access, "form": form, "readers": readers},
        status=400 if form.errors else 200,
    )


@login_required
def reports(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    """The project's breach reports (organisers only)."""
    access = require_project(request.user, project_id, need="organise")
    return render(
        request,
        "safety/reports.html",
        {"project": access.project, "reports": selectors.reports_for(project=access.project)},
    )


@login_required
@require_POST
def report_handled(request: AuthenticatedHttpRequest, project_id: int, report_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    row = get_object_or_404(BreachReport.objects.select_related("project"), project=access.project, pk=report_id)
    services.breach_report_handled(actor=request.user, report=row)
    return redirect("safety:reports", access.project.pk)
