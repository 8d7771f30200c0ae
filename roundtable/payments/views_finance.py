"""Finance pages: waiting claims, payment runs, exports, marking paid, timeliness and settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.audit.once import once_per_key
from roundtable.audit.services import audit_record
from roundtable.payments import exports, selectors, services
from roundtable.payments.forms import MarkPaidForm, SettingsForm
from roundtable.payments.permissions import require_finance, require_run
from roundtable.payments.views_claims import apply_errors


@login_required
def finance_home(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _roles = require_finance(request.user, slug)
    data = selectors.finance_home(organisation=organisation)
    return render(request, "payments/finance.html", {"organisation": organisation, "data": data})


@login_required
@require_POST
@once_per_key
def run_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _roles = require_finance(request.user, slug)
    run = services.run_create(actor=request.user, organisation=organisation)
    if run is None:
        messages.error(request, _("There are no approved claims to pay."))
        return redirect("payments:finance", slug)
    messages.success(request, _("The payment run is ready. Check it, export it, then mark it paid."))
    return redirect("payments:run", slug, run.pk)


@login_required
@require_http_methods(["GET", "POST"])
def run_page(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    organisation, run = require_run(request.user, slug, run_id)
    form = MarkPaidForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.run_mark_paid(actor=request.user, run=run, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Marked as paid. Everyone in the run gets a statement."))
            return redirect("payments:run", slug, run.pk)
    data = selectors.run_page(run=run)
    if data["warnings"]:
        audit_record(actor=request.user, action="payments.benefits_viewed", obj=run, summary="Benefits check on a run")
    return render(
        request,
        "payments/run.html",
        {"organisation": organisation, "run": run, "data": data, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def run_export(request: HttpRequest, slug: str, run_id: int, fmt: str) -> HttpResponse:
    _organisation, run = require_run(request.user, slug, run_id)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    audit_record(actor=request.user, action="payments.run_exported", obj=run, details={"format": fmt})
    if fmt == "csv":
        response = HttpResponse(exports.run_csv(run), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.run_xlsx(run), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="payment-run-{run.pk}.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _roles = require_finance(request.user, slug)
    rules = services.settings_for(organisation)
    initial = {k: getattr(rules, k) for k in ("target_days", "receipt_over", "mileage_rate", "advice_name")}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(actor=request.user, organisation=organisation, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Payment rules saved."))
            return redirect("payments:finance", slug)
    return render(request, "payments/settings.html", {"organisation": organisation, "form": form})
