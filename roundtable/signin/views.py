"""Sign in by a link sent by email, or with a password; sign out."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roundtable.audit.once import once_per_key, once_result
from roundtable.lib.clientip import client_ip
from roundtable.signin.forms import EmailForm, PasswordSignInForm
from roundtable.signin.services import TOO_MANY_LINKS, sign_in_link_allowed, sign_in_link_send


def safe_next(request: HttpRequest, default: str = "") -> str:
    """The `next` address, if it points back into this site; otherwise the default."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or reverse(settings.LOGIN_REDIRECT_URL)


@once_per_key
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url)
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if not sign_in_link_allowed(email=email, address=client_ip(request) or ""):
            form.add_error("email", TOO_MANY_LINKS)
            return render(request, "signin/sign_in.html", {"form": form, "next": next_url}, status=429)
        sign_in_link_send(email=email, next_url=next_url)
        return once_result(
            render(request, "signin/check_email.html", {"email": form.cleaned_data["email"], "next": next_url})
        )
    return render(request, "signin/sign_in.html", {"form": form, "next": next_url})


def sign_in_link(request: HttpRequest) -> HttpResponse:
    """The page a sign-in link opens.

    Opening the link only shows a button; the link is used up when the person
    presses it. Mail scanners that open links therefore cannot use it up.
    """
    token = request.GET.get(settings.SESAME_TOKEN_NAME) or request.POST.get(settings.SESAME_TOKEN_NAME) or ""
    next_url = safe_next(request)
    if request.method == "POST":
        # authenticate() with the request, so django-axes counts guesses; login() then
        # updates last_login, which is what makes the link single-use.
        user = authenticate(request, sesame=token) if token else None
        if user is not None and user.is_active and user.uses_web:
            login(request, user)
            return redirect(next_url)
        return render(
            request,
            "signin/link_expired.html",
            {"form": EmailForm(), "next": next_url},
            status=400,
        )
    if not token:
        return render(request, "signin/link_expired.html", {"form": EmailForm(), "next": next_url}, status=400)
    return render(request, "signin/link_confirm.html", {"token": token, "next": next_url})


def sign_in_password(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    form = PasswordSignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["email"].strip().lower(), password=form.cleaned_data["password"]
        )
        if user is not None and user.uses_web:
            login(request, user)
            return redirect(next_url)
        form.add_error(
            None,
            _("The email address or password is not right. You can ask for a sign-in link by email instead."),
        )
    return render(request, "signin/password.html", {"form": form, "next": next_url})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return render(request, "signin/signed_out.html")
