"""Organisation pages: create, dashboard, staff and roles, the rate table, new projects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.lib.forms import apply_errors
from roundtable.lib.paging import Pager, page_number
from roundtable.projects import panels, selectors, services
from roundtable.projects.forms import (
    OrganisationContactForm,
    OrganisationForm,
    PayRateForm,
    ProjectCreateForm,
    StaffInviteForm,
    StaffRolesForm,
)
from roundtable.projects.offer import rates_in_force
from roundtable.projects.permissions import can_administer, can_organise, forget_roles, require_organisation

PROJECTS_PER_PAGE = 20  # the organisation page's projects; the rest on further pages


@login_required
def org_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request, "projects/org_list.html", {"organisations": selectors.organisation_list_for(user=request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def org_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(actor=request.user, **form.cleaned_data)
        forget_roles(request.user)
        messages.success(request, _("You have created %(name)s. You are its admin.") % {"name": organisation.name})
        return redirect("projects:org_dashboard", organisation.slug)
    return render(request, "projects/org_create.html", {"form": form})


@login_required
def org_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, roles = require_organisation(request.user, slug)
    page = page_number(request.GET.get("page"))
    offset = (page - 1) * PROJECTS_PER_PAGE
    data = selectors.organisation_dashboard(organisation=organisation, offset=offset, limit=PROJECTS_PER_PAGE)
    pager = Pager.build(page=page, per_page=PROJECTS_PER_PAGE, total=data["project_total"])
    if not pager.exists:
        raise Http404
    return render(
        request,
        "projects/org_dashboard.html",
        {
            "pager": pager,
            "organisation": organisation,
            "roles": roles,
            "is_admin": can_administer(roles),
            "can_organise": can_organise(roles),
            "rates": rates_in_force(organisation.pk),
            "panels": panels.organisation_panels(organisation=organisation, roles=roles, user=request.user),
            **data,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_contact(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Admins set the phone number and postal address partners use; every letter prints them."""
    organisation, _roles = require_organisation(request.user, slug, need="admin")
    initial = {"phone": organisation.phone, "postal_address": organisation.postal_address}
    form = OrganisationContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.organisation_contact_update(actor=request.user, organisation=organisation, **form.cleaned_data)
        messages.success(request, _("The phone number and address for partners are saved."))
        return redirect("projects:org_dashboard", organisation.slug)
    return render(
        request,
        "projects/org_contact.html",
        {"form": form, "organisation": organisation},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def staff_invite(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation, _roles = require_organisation(request.user, slug, need="admin")
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_invite(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("We have sent an invitation to %(email)s.") % form.cleaned_data)
            return redirect("projects:org_dashboard", organisation.slug)
    return render(request, "projects/staff_invite.html", {"form": form, "organisation": organisation})


@login_required
@require_http_methods(["GET", "POST"])
def staff_roles(request: AuthenticatedHttpRequest, slug: str, user_id: int) -> HttpResponse:
    organisation, _roles = require_organisation(request.user, slug, need="admin")
    person, current = selectors.staff_roles_of(organisation=organisation, user_id=user_id)
    form = StaffRolesForm(request.POST or None, initial={"roles": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_roles_set(
                actor=request.user, organisation=organisation, user=person, roles=set(form.cleaned_data["roles"])
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            forget_roles(request.user)
            messages.success(request, _("Roles saved for %(name)s.") % {"name": person.full_name})
            return redirect("projects:org_dashboard", organisation.slug)
    return render(request, "projects/staff_roles.html", {"form": form, "organisation": organisation, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def rates(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation, _roles = require_organisation(request.user, slug, need="rates")
    form = PayRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pay_rate_add(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The new rate is saved."))
            return redirect("projects:rates", organisation.slug)
    rows = organisation.pay_rates.order_by("activity", "-effective_from")
    return render(
        request,
        "projects/rates.html",
        {"form": form, "organisation": organisation, "rows": rows, "in_force": rates_in_force(organisation.pk)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def project_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation, _roles = require_organisation(request.user, slug, need="organise")
    form = ProjectCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = services.project_create(actor=request.user, organisation=organisation, **form.cleaned_data)
        messages.success(request, _("Project created. Now write its role offer."))
        return redirect("projects:offer_edit", project.pk)
    return render(request, "projects/project_create.html", {"form": form, "organisation": organisation})
