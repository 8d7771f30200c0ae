"""A person's own payment pages: how they want to be paid, their private benefits record, statements, the letter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.lib.forms import apply_errors
from roundtable.payments import pdf, selectors, services
from roundtable.payments.forms import BenefitForm, PaymentChoiceForm
from roundtable.payments.models import PaymentRun
from roundtable.payments.permissions import benefits_sentence


def _large(user) -> bool:
    profile = getattr(user, "profile", None)
    return bool(profile and "large_print" in (profile.formats or []))


@login_required
@require_http_methods(["GET", "POST"])
def choices(request: AuthenticatedHttpRequest) -> HttpResponse:
    project = None
    if request.GET.get("project") or request.POST.get("project"):
        pid = request.GET.get("project") or request.POST.get("project")
        project = selectors.my_project(user=request.user, project_id=pid)
        if project is None:
            raise Http404
    row = selectors.my_choice(user=request.user, project=project)
    initial = (
        {
            "choice": row.choice,
            "reduced_to": row.reduced_to,
            "charity": row.charity,
            "payee_reference": row.payee_reference,
        }
        if row
        else {"choice": "bank"}
    )
    form = PaymentChoiceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.choice_set(actor=request.user, user=request.user, project=project, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved. New claims will use this choice."))
            return redirect("payments:mine")
    projects = selectors.my_active_projects(user=request.user)
    return render(request, "payments/choices.html", {"form": form, "project": project, "projects": projects})


@login_required
@require_http_methods(["GET", "POST"])
def benefits(request: AuthenticatedHttpRequest) -> HttpResponse:
    record = selectors.my_benefit_record(user=request.user)
    initial = (
        {f: getattr(record, f) for f in ("carers_allowance", "universal_credit", "uc_period_day", "other")}
        if record
        else {}
    )
    form = BenefitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.benefit_record_set(actor=request.user, user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved.") + " " + benefits_sentence())  # the rule, not a copy of it
            return redirect("payments:mine")
    limits = selectors.earnings_limits()
    return render(
        request, "payments/benefits.html", {"form": form, "limits": limits, "privacy_sentence": benefits_sentence()}
    )


@login_required
def statement(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    found = selectors.my_statement(user=request.user, run_id=run_id)
    claims = selectors.statement_for(run=found.run, person=request.user)
    if request.GET.get("format") == "pdf":
        body = pdf.statement_pdf(run=found.run, person=request.user, claims=claims, large=_large(request.user))
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="statement-{run_id}.pdf"'
        return response
    return render(request, "payments/statement.html", {"statement": found, "run": found.run, "claims": claims})


@login_required
def letter(request: HttpRequest) -> HttpResponse:
    claims = selectors.letter_claims(person=request.user)
    body = pdf.involvement_letter_pdf(person=request.user, claims=claims, large=_large(request.user))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="involvement-payments-letter.pdf"'
    return response


__all__ = ["PaymentRun"]
