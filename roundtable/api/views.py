"""The admin page for API tokens and webhooks: /organisations/<slug>/api-tokens/ (admins only; other staff 403,
everyone else 404, as ``projects.permissions.require_organisation``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.api import selectors, services
from roundtable.api.forms import EndpointForm, TokenForm
from roundtable.audit.once import once_per_key, once_result
from roundtable.lib.forms import apply_errors
from roundtable.projects.permissions import require_organisation


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key
def admin_page(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """List tokens, endpoints and deliveries; make or revoke a token, add or stop an endpoint, retry a delivery."""
    organisation, _roles = require_organisation(request.user, slug, need="admin")
    here = reverse("api:admin", args=[organisation.slug])
    action = request.POST.get("form", "") if request.method == "POST" else ""
    token_form = TokenForm(request.POST if action == "token" else None)
    endpoint_form = EndpointForm(request.POST if action == "endpoint" else None)
    shown: dict = {}
    status = 200
    if action == "token":
        if token_form.is_valid():
            try:
                made = services.token_create(actor=request.user, organisation=organisation, **token_form.cleaned_data)
            except ValidationError as error:
                apply_errors(token_form, error)
            else:
                shown["new_token"] = made
                token_form = TokenForm()
        if "new_token" not in shown:
            status = 400
    elif action == "endpoint":
        if endpoint_form.is_valid():
            try:
                added = services.endpoint_create(
                    actor=request.user, organisation=organisation, **endpoint_form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(endpoint_form, error)
            else:
                shown["new_endpoint"] = added
                endpoint_form = EndpointForm()
        if "new_endpoint" not in shown:
            status = 400
    elif action in ("revoke", "stop", "retry"):
        found_id = request.POST.get("id", "")
        found_id = found_id if found_id.isdigit() else "0"
        if action == "revoke":
            token = selectors.token_of(organisation, found_id)
            if token is None:
                raise Http404
            services.token_revoke(actor=request.user, token=token)
            messages.success(request, _("The token has stopped working."))
        elif action == "stop":
            endpoint = selectors.endpoint_of(organisation, found_id)
            if endpoint is None:
                raise Http404
            services.endpoint_remove(actor=request.user, endpoint=endpoint)
            messages.success(request, _("We will send nothing more to that address."))
        else:
            delivery = selectors.delivery_of(organisation, found_id)
            if delivery is None:
                raise Http404
            services.delivery_retry(actor=request.user, delivery=delivery)
            messages.success(request, _("We will try to send it again now."))
        return redirect(here)
    elif request.method == "POST":
        raise Http404
    response = render(
        request,
        "api/admin.html",
        {
            "organisation": organisation,
            "token_form": token_form,
            "endpoint_form": endpoint_form,
            **shown,
            **selectors.admin_page(organisation),
        },
        status=status,
    )
    return once_result(response, here) if shown else response
