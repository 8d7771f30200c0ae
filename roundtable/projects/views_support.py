"""Support contacts: the page every member can read, and the organiser's tools to add, change and remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.lib.forms import apply_errors
from roundtable.projects import support
from roundtable.projects.forms import SupportContactForm
from roundtable.projects.permissions import require_project


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def support_page(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    """Who to turn to for support. Members read it; organisers also add contacts here."""
    access = require_project(request.user, project_id, need="view")
    form = SupportContactForm(request.POST or None) if access.is_organiser else None
    if request.method == "POST":
        access = require_project(request.user, project_id, need="organise")
        assert form is not None
        if form.is_valid():
            try:
                support.support_contact_create(actor=request.user, project=access.project, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The support contact is added."))
                return redirect("projects:support", access.project.pk)
    return render(
        request,
        "projects/support.html",
        {
            "project": access.project,
            "access": access,
            "contacts": support.support_contacts(project=access.project),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def support_edit(request: AuthenticatedHttpRequest, project_id: int, contact_id: int) -> HttpResponse:
    """Change one support contact (organisers)."""
    access = require_project(request.user, project_id, need="organise")
    contact = support.support_contact(project=access.project, contact_id=contact_id)
    initial = {name: getattr(contact, name) for name in support.FIELDS}
    form = SupportContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            support.support_contact_update(actor=request.user, contact=contact, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The support contact is changed."))
            return redirect("projects:support", access.project.pk)
    return render(request, "projects/support_edit.html", {"project": access.project, "contact": contact, "form": form})


@login_required
@require_POST
def support_remove(request: AuthenticatedHttpRequest, project_id: int, contact_id: int) -> HttpResponse:
    """Remove one support contact (organisers)."""
    access = require_project(request.user, project_id, need="organise")
    contact = support.support_contact(project=access.project, contact_id=contact_id)
    support.support_contact_remove(actor=request.user, contact=contact)
    messages.success(request, _("The support contact is removed."))
    return redirect("projects:support", access.project.pk)
