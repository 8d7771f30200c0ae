"""The anonymous feedback form (no sign-in, by a secret link) and the organiser's page for it.

Abuse limits: a hidden "honeypot" box that people never fill in, length limits, and at most
``RATE_LIMIT`` messages an hour from one address. We keep only a salted hash of the address, in the
cache, for an hour; it is never written to the database.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.audit.once import once_per_key, once_result
from roundtable.feedback import selectors, services
from roundtable.feedback.forms import AnonymousFeedbackForm
from roundtable.feedback.models import Anonymity
from roundtable.feedback.tell import project_lead
from roundtable.lib.clientip import client_ip
from roundtable.lib.forms import apply_errors
from roundtable.lib.urls import absolute_url
from roundtable.projects.permissions import require_project

RATE_LIMIT = 5
RATE_WINDOW = 3600


def _rate_key(request: HttpRequest, token: str) -> str:
    address = client_ip(request) or ""  # behind a trusted proxy, the client's address, not the proxy's
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"feedback-rate:{token[:12]}:{digest}"


def _over_limit(request: HttpRequest, token: str) -> bool:
    key = _rate_key(request, token)
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


@require_http_methods(["GET", "POST"])
@once_per_key
def say(request: HttpRequest, token: str) -> HttpResponse:
    link = selectors.open_link_by_token(token=token)
    if link is None:
        raise Http404
    form = AnonymousFeedbackForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and form.cleaned_data["website"]:
            return render(
                request, "feedback/say_done.html", {"project": link.project}
            )  # a program: say thanks, keep nothing
        if _over_limit(request, link.token):
            form.add_error(None, _("We have had a lot of messages from here. Please try again in an hour."))
            status = 429
        elif form.is_valid():
            try:
                services.feedback_submit(link=link, text=form.cleaned_data["text"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return once_result(render(request, "feedback/say_done.html", {"project": link.project}))
        if status == 200:
            status = 400
    context = {
        "project": link.project,
        "form": form,
        "promise": Anonymity.ANONYMOUS.label,
        "lead": project_lead(link.project),
    }
    return render(request, "feedback/say.html", context, status=status)


@login_required
def feedback_page(request: HttpRequest, project_id: int) -> HttpResponse:
    """Organisers: the secret link and what was sent. Members: the link to the form and who reads it
    (issue 17: a signed-in partner used to get 403 here)."""
    access = require_project(request.user, project_id, need="view")
    if not access.is_organiser:
        link = selectors.open_link_for(project=access.project)
        url = reverse("feedback:say", args=[link.token]) if link else ""
        return render(
            request,
            "feedback/feedback_member.html",
            {"project": access.project, "url": url, "lead": project_lead(access.project)},
        )
    link, items = selectors.project_feedback(project=access.project)
    url = absolute_url(reverse("feedback:say", args=[link.token])) if link else ""
    return render(
        request,
        "feedback/feedback_page.html",
        {"project": access.project, "link": link, "url": url, "items": items},
    )


@login_required
@require_POST
@once_per_key
def feedback_link_make(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    access = require_project(request.user, project_id, need="organise")
    if request.POST.get("renew"):
        services.feedback_link_renew(actor=request.user, project=access.project)
        messages.success(request, _("Here is a new link. The old one does not work any more."))
    else:
        services.feedback_link_get(actor=request.user, project=access.project)
    return redirect("feedback:feedback", access.project.pk)
