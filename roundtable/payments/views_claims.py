"""Claim pages: a person's claims, one claim, making and correcting claims, and the organiser's approvals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.audit.services import audit_record
from roundtable.lib.forms import apply_errors
from roundtable.lib.money import MoneyError, format_money, to_decimal
from roundtable.meetings import selectors as meeting_selectors
from roundtable.payments import selectors, services
from roundtable.payments.forms import (
    AdvanceForm,
    ClaimChoiceForm,
    ClaimEditForm,
    CorrectionForm,
    ExpenseClaimForm,
    HoldForm,
    QueryForm,
    RefuseForm,
    TimeClaimForm,
)
from roundtable.payments.models import ClaimKind, ClaimStatus
from roundtable.payments.permissions import (
    claimant_for,
    require_claim,
    require_claim_correct,
    require_claim_edit,
    require_member_claiming,
    require_project_claims,
)


@login_required
def my_payments(request: HttpRequest) -> HttpResponse:
    data = selectors.my_payments(user=request.user, params=request.GET)
    return render(request, "payments/my_payments.html", {"data": data})


def _claim_context(request, access, **extra):
    """The claim page. The choice form always shows the claim's SAVED choice (a suggestion is not a choice);
    the send button carries the amount it will send (``claim.payable``), which ``claim_submit`` checks."""
    show_benefits = access.is_claimant or access.sees_benefits
    if show_benefits and not access.is_claimant:
        audit_record(
            actor=request.user,
            action="payments.benefits_viewed",
            subject=access.claim.claimant,
            obj=access.claim,
            summary="Finance saw the benefits check for a claim",
        )
    view = selectors.claim_view(claim=access.claim, show_benefits=show_benefits)
    choice_initial = {
        "choice": access.claim.choice,
        "reduced_to": access.claim.reduced_to,
        "charity": access.claim.charity,
    }
    return {
        "access": access,
        "claim": access.claim,
        "view": view,
        "choice_form": ClaimChoiceForm(initial=choice_initial),
        "query_form": QueryForm(),
        "refuse_form": RefuseForm(auto_id="id_refuse_%s") if access.may_decide else None,
        "hold_form": HoldForm(auto_id="id_hold_%s") if access.may_hold else None,
        **extra,
    }


def _shown_amount(text) -> Decimal | None:
    """The amount the send button showed (posted back with it), or None if the form had none or it is not one."""
    if text in (None, ""):
        return None
    try:
        return to_decimal(text)
    except MoneyError:
        return None


@login_required
def claim_page(request: HttpRequest, claim_id: int) -> HttpResponse:
    access = require_claim(request.user, claim_id)
    return render(request, "payments/claim.html", _claim_context(request, access))


@login_required
@require_POST
@once_per_key
def claim_action(request: AuthenticatedHttpRequest, claim_id: int, action: str) -> HttpResponse:
    access = require_claim(request.user, claim_id)
    claim = access.claim
    try:
        if action == "submit" and access.may_send:
            claim = services.claim_submit(
                actor=request.user, claim=claim, expected_payable=_shown_amount(request.POST.get("payable"))
            )
            text = (
                _("Thank you. We have your choice not to be paid.")
                if claim.status == ClaimStatus.DECLINED
                else _("Your claim is sent. We will tell you when it is paid.")
            )
            messages.success(request, text)
        elif action == "withdraw" and access.may_withdraw:
            services.claim_withdraw(actor=request.user, claim=claim)
            messages.success(request, _("The claim is taken back."))
        elif action == "approve" and access.may_decide:
            services.claim_approve(actor=request.user, claim=claim)
            messages.success(request, _("Claim approved. Finance will pay it in the next payment run."))
            return redirect("payments:project_claims", claim.project_id)
        elif action == "query" and access.may_decide:
            form: forms.Form = QueryForm(request.POST)
            if not form.is_valid():
                return render(
                    request, "payments/claim.html", _claim_context(request, access, query_form=form), status=400
                )
            services.claim_query(actor=request.user, claim=claim, reason=form.cleaned_data["reason"])
            messages.success(request, _("Your question is sent to the person."))
            return redirect("payments:project_claims", claim.project_id)
        elif action == "refuse" and access.may_decide:
            form = RefuseForm(request.POST, auto_id="id_refuse_%s")
            if not form.is_valid():
                return render(
                    request, "payments/claim.html", _claim_context(request, access, refuse_form=form), status=400
                )
            services.claim_refuse(actor=request.user, claim=claim, reason=form.cleaned_data["reason"])
            messages.success(request, _("The claim is turned down. We told the person why."))
            return redirect("payments:project_claims", claim.project_id)
        elif action == "hold" and access.may_hold:
            form = HoldForm(request.POST, auto_id="id_hold_%s")
            if not form.is_valid():
                return render(
                    request, "payments/claim.html", _claim_context(request, access, hold_form=form), status=400
                )
            services.claim_hold(actor=request.user, claim=claim, reason=form.cleaned_data["reason"])
            messages.success(request, _("The claim is on hold. It will not go in a payment run until you let it go."))
        elif action == "release" and access.may_hold:
            services.claim_release(actor=request.user, claim=claim)
            messages.success(request, _("The claim will be paid in the next payment run."))
        elif action == "choose" and access.may_send:
            form = ClaimChoiceForm(request.POST)
            if form.is_valid():
                try:
                    services.claim_choose(
                        actor=request.user,
                        claim=claim,
                        choice=form.cleaned_data["choice"],
                        reduced_to=form.cleaned_data.get("reduced_to"),
                        charity=form.cleaned_data.get("charity") or "",
                    )
                except ValidationError as error:
                    apply_errors(form, error)
            if form.errors:
                return render(
                    request, "payments/claim.html", _claim_context(request, access, choice_form=form), status=400
                )
            messages.success(request, _("Your choice is saved for this claim."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("payments:claim", claim.pk)


@login_required
@require_http_methods(["GET", "POST"])
def claim_edit(request: HttpRequest, claim_id: int) -> HttpResponse:
    access = require_claim_edit(request.user, claim_id)
    claim = access.claim
    initial = {"work_date": claim.work_date, "hours": claim.hours, "prep_hours": claim.prep_hours, "note": claim.note}
    form = ClaimEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_update(actor=request.user, claim=claim, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved. Check the amount, then send the claim."))
            return redirect("payments:claim", claim.pk)
    return render(request, "payments/claim_edit.html", {"claim": claim, "form": form})


@login_required
def receipt(request: HttpRequest, claim_id: int) -> FileResponse:
    access = require_claim(request.user, claim_id)
    if not access.claim.receipt:
        raise Http404
    return FileResponse(
        access.claim.receipt.open("rb"),
        as_attachment=False,
        filename=access.claim.receipt_name or "receipt",
        content_type=access.claim.receipt_type or "application/octet-stream",
    )


def _claimant(request, access):
    """Who the claim is for: the person, or a member an organiser claims for (?for=<id>); the rule is
    ``permissions.claimant_for``."""
    return claimant_for(access, request.user, request.GET.get("for") or request.POST.get("for"))


@login_required
@require_http_methods(["GET", "POST"])
def claim_new(request: AuthenticatedHttpRequest, project_id: int, kind: str) -> HttpResponse:
    access = require_member_claiming(request.user, project_id)
    claimant = _claimant(request, access)
    form_class = TimeClaimForm if kind == ClaimKind.TIME else ExpenseClaimForm
    if kind not in (ClaimKind.TIME, ClaimKind.EXPENSE):
        raise Http404
    rules = services.settings_for(access.project.organisation_id)
    extra: dict[str, Any] = {"receipt_over": rules.receipt_over} if kind == ClaimKind.EXPENSE else {}
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, **extra)
    else:
        form = form_class(
            initial={"submission_key": services.new_submission_key(), "work_date": timezone.localdate()}, **extra
        )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            claim = services.claim_create(
                actor=request.user,
                project=access.project,
                claimant=claimant,
                kind=kind,
                data=data,
                submission_key=data.get("submission_key") or services.new_submission_key(),
                receipt=data.get("receipt"),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if claim.status == ClaimStatus.DRAFT:
                messages.warning(
                    request,
                    _("Your claim is saved, but not sent yet. Read the note below and choose, then send it.")
                    if claimant.pk == request.user.pk
                    else _("The claim is saved, but not sent yet. %(name)s must choose what they would like first.")
                    % {"name": claimant},
                )
            elif claimant.pk != request.user.pk:
                messages.success(request, _("The claim is sent for %(name)s.") % {"name": claimant})
            else:
                messages.success(request, _("Your claim is sent. We will tell you when it is paid."))
            return redirect("payments:claim", claim.pk)
    costs = access.project.expense_labels()
    return render(
        request,
        "payments/claim_new.html",
        {
            "project": access.project,
            "form": form,
            "kind": kind,
            "claimant": claimant,
            "costs": costs,
            "rules": rules,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def project_claims(request: HttpRequest, project_id: int) -> HttpResponse:
    access = require_project_claims(request.user, project_id)
    if request.method == "POST" and access.is_organiser:
        made = services.claims_draft_due(project=access.project)
        messages.success(request, _("%(n)s draft claims made from meeting registers.") % {"n": made})
        return redirect("payments:project_claims", project_id)
    data = selectors.project_claims(project=access.project, params=request.GET)
    return render(request, "payments/project_claims.html", {"project": access.project, "access": access, "data": data})


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def claim_correct(request: AuthenticatedHttpRequest, claim_id: int) -> HttpResponse:
    access = require_claim_correct(request.user, claim_id)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.claim_correct(actor=request.user, claim=access.claim, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if made is None:
                messages.success(
                    request,
                    _("The claim already comes to %(amount)s, so nothing changed.")
                    % {"amount": format_money(form.cleaned_data["amount"], access.claim.currency)},
                )
            else:
                messages.success(request, _("The correction is added. It will be paid in the next payment run."))
            return redirect("payments:claim", access.claim.pk)
    return render(
        request,
        "payments/correct.html",
        {"claim": access.claim, "form": form, "comes_to": services.corrected_amount(access.claim)},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def advance_new(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    """Organisers and finance record a cost the organisation booked and paid for a member in advance."""
    access = require_project_claims(request.user, project_id)
    members = selectors.project_members(project=access.project)
    meetings = meeting_selectors.recent_meetings(project=access.project, limit=100)
    options = {"members": members, "meetings": meetings}
    if request.method == "POST":
        form = AdvanceForm(request.POST, **options)
    else:
        initial = {"submission_key": services.new_submission_key(), "work_date": timezone.localdate()}
        if str(request.GET.get("for", "")).isdigit():
            initial["person"] = int(request.GET["for"])
        form = AdvanceForm(initial=initial, **options)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = next(m for m in members if m.pk == data.pop("person"))
        meeting_id = data.pop("meeting")
        data["meeting"] = next((m for m in meetings if m.pk == meeting_id), None)
        try:
            services.advance_record(
                actor=request.user,
                project=access.project,
                person=person,
                data=data,
                submission_key=data.get("submission_key") or services.new_submission_key(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Saved. %(name)s will see that we paid this for them in advance.") % {"name": person}
            )
            return redirect("payments:project_claims", access.project.pk)
    return render(
        request,
        "payments/advance_new.html",
        {"project": access.project, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
