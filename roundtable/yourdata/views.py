"""/my-data/: ask for a copy of your data, download it, delete your account; an admin's erasure by proxy."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key
from roundtable.lib.forms import apply_errors
from roundtable.yourdata import selectors, services
from roundtable.yourdata.forms import ConfirmDeleteForm, ProxyDeleteForm
from roundtable.yourdata.permissions import require_proxy_person


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's own page: their download requests, and the way to delete their account."""
    return render(
        request,
        "yourdata/home.html",
        {
            "requests": selectors.requests_for(request.user),
            "plan": selectors.what_goes_and_stays(),
            "download_days": settings.DATA_DOWNLOAD_DAYS,
        },
    )


@login_required
@require_POST
@once_per_key
def ask(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.data_request_create(person=request.user, actor=request.user)
    messages.success(request, _("We are making a copy of your data. We will send you a message when it is ready."))
    return redirect("yourdata:home")


@login_required
def download(request: AuthenticatedHttpRequest, token: str) -> FileResponse:
    """The zip, for its own person only, until the link runs out; anyone else gets a 404."""
    found = services.download_for(user=request.user, token=token)
    if found is None:
        raise Http404
    return FileResponse(found.archive.open("rb"), as_attachment=True, filename="my-roundtable-data.zip")


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ConfirmDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete_self(person=request.user, confirm=form.cleaned_data["confirm"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            logout(request)
            return redirect("yourdata:deleted")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "yourdata/delete.html", {"form": form, "plan": selectors.what_goes_and_stays()}, status=status
    )


def deleted(request: HttpRequest) -> HttpResponse:
    """Shown after an account is deleted (the person is signed out by then)."""
    return render(request, "yourdata/deleted.html")


@login_required
@require_http_methods(["GET", "POST"])
def delete_for(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    """An organisation admin deletes the account of someone they added by proxy, on that person's request."""
    person = require_proxy_person(request.user, person_id)
    form = ProxyDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete_for(
                person=person, actor=request.user, reason=form.cleaned_data["reason"], may_act=True
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Their account is deleted. What the law keeps no longer has their name."))
            return redirect("yourdata:home")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "yourdata/delete_for.html",
        {"form": form, "person": person, "plan": selectors.what_goes_and_stays()},
        status=status,
    )
