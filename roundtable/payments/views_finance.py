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

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.audit.services import audit_record
from roundtable.lib.forms import apply_errors
from roundtable.payments import exports, selectors, services
from roundtable.payments.forms import MarkPaidForm, PayeeForm, SettingsForm
from roundtable.payments.models import PaymentRun
from roundtable.payments.permissions import require_finance, require_run, sees_benefits
from roundtable.projects.permissions import staff_roles


@login_required
def finance_home(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _roles = require_finance(request.user, slug)
    data = selectors.finance_home(organisation=organisation)
    return render(request, "payments/finance.html", {"organisation": organisation, "data": data})


@login_required
@require_POST
@once_per_key
def run_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation, _roles = require_finance(request.user, slug)
    run = services.run_create(actor=request.user, organisation=organisation)
    if run is None:
        messages.error(request, _("There are no approved claims to pay."))
        return redirect("payments:finance", slug)
    messages.success(request, _("The payment run is ready. Check it, export it, then mark it paid."))
    return redirect("payments:run", slug, run.pk)


def _render_run(request, organisation, run, *, form, payee_form=None, pay_on=None, status=200) -> HttpResponse:
    """The run page. Benefits warnings only for the finance role (``BENEFITS``), audited when shown."""
    show_benefits = sees_benefits(staff_roles(request.user, organisation.pk))
    data = selectors.run_page(run=run, show_benefits=show_benefits, pay_on=pay_on)
    if data["warnings"]:
        audit_record(actor=request.user, action="payments.benefits_viewed", obj=run, summary="Benefits check on a run")
    context = {
        "organisation": organisation,
        "run": run,
        "data": data,
        "form": form,
        "payee_form": payee_form or PayeeForm(),
        "payee_for": getattr(payee_form, "person", None),
    }
    return render(request, "payments/run.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def run_page(request: AuthenticatedHttpRequest, slug: str, run_id: int) -> HttpResponse:
    organisation, run = require_run(request.user, slug, run_id)
    form = MarkPaidForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    pay_on = None
    if request.method == "POST" and form.is_valid():
        pay_on = form.cleaned_data["paid_on"]
        try:
            services.run_mark_paid(actor=request.user, run=run, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Marked as paid. Everyone in the run gets a statement."))
            return redirect("payments:run", slug, run.pk)
    return _render_run(request, organisation, run, form=form, pay_on=pay_on, status=400 if form.errors else 200)


@login_required
@require_POST
def run_payee(request: AuthenticatedHttpRequest, slug: str, run_id: int) -> HttpResponse:
    """Finance adds the payee number (from its own finance system) for someone in the run who has none."""
    organisation, run = require_run(request.user, slug, run_id)
    person = next((p for p in services.run_missing_payees(run) if str(p.pk) == request.POST.get("person")), None)
    if person is None:
        messages.error(request, _("That person has a payee number already, or is not in this run."))
        return redirect("payments:run", slug, run.pk)
    form = PayeeForm(request.POST)
    if form.is_valid():
        try:
            services.payee_reference_set(
                actor=request.user, run=run, person=person, reference=form.cleaned_data["reference"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Payee number saved for %(name)s.") % {"name": person})
            return redirect("payments:run", slug, run.pk)
    form.person = person
    mark_paid = MarkPaidForm(initial={"paid_on": timezone.localdate()})
    return _render_run(request, organisation, run, form=mark_paid, payee_form=form, status=400)


@login_required
def run_export(request: HttpRequest, slug: str, run_id: int, fmt: str) -> HttpResponse:
    _organisation, run = require_run(request.user, slug, run_id)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if run.status == PaymentRun.Status.OPEN:
        try:
            services.run_refuse_missing_payees(run=run)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("payments:run", slug, run.pk)
    audit_record(actor=request.user, action="payments.run_exported", obj=run, details={"format": fmt})
    if fmt == "csv":
        response = HttpResponse(exports.run_csv(run), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.run_xlsx(run), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="payment-run-{run.number or run.pk}.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
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
