"""Joining: the invitation page, accepting or declining, and a person's own list of projects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roundtable.accounts.http import AuthenticatedHttpRequest
from roundtable.lib.paging import Pager, page_number
from roundtable.projects import panels, selectors, services
from roundtable.projects.forms import DeclineForm
from roundtable.projects.models import Invitation
from roundtable.projects.permissions import forget_roles
from roundtable.projects.views_project import offer_context

TAKING_PART_PER_PAGE = 20  # "My projects": the projects a person takes part in, a page at a time
ORGANISING_SHOWN = 20  # and the first projects their organisations run; each organisation's page lists all


def _invitation(token: str) -> Invitation:
    return selectors.invitation_by_token(token=token)


def _viewer(request: HttpRequest):
    return request.user if request.user.is_authenticated else None


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The whole role offer, readable before the person has to create anything."""
    item = _invitation(token)
    if item.status == Invitation.Status.ACCEPTED:
        if item.project_id is None:
            return redirect("projects:org_dashboard", item.organisation.slug)
        problem = services.invitation_accepted_problem(item)
        if not problem:
            return redirect("projects:project", item.project_id)
    else:
        problem = services.invitation_problem(item, _viewer(request))
    context = {"invitation": item, "problem": problem}
    if item.project is not None:
        context.update(offer_context(item.project))
    return render(request, "projects/invitation.html", context, status=410 if problem else 200)


@require_POST
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    item = _invitation(token)
    try:
        user, membership = services.invitation_accept(invitation=item, user=_viewer(request))
    except services.InvitationUnusable as unusable:
        context = {"invitation": item, "problem": unusable.reason}
        if item.project is not None:
            context.update(offer_context(item.project))
        return render(request, "projects/invitation.html", context, status=410)
    if not request.user.is_authenticated:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    forget_roles(request.user)
    if membership is None:
        messages.success(request, _("Welcome to %(name)s.") % {"name": item.organisation.name})
        return redirect("projects:org_dashboard", item.organisation.slug)
    after = reverse("projects:sharing", args=[membership.project_id]) + "?welcome=1"
    return redirect(reverse("accounts:setup") + "?" + urlencode({"next": after, "welcome": "1"}))


@require_http_methods(["GET", "POST"])
def invitation_decline(request: HttpRequest, token: str) -> HttpResponse:
    item = _invitation(token)
    if item.status != Invitation.Status.PENDING:
        return redirect("projects:invitation", token)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invitation_decline(invitation=item, reason=form.cleaned_data["reason"])
        return render(request, "projects/declined.html", {"invitation": item})
    return render(request, "projects/decline.html", {"invitation": item, "form": form})


@login_required
def my_projects(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's projects: what needs them, a page of the projects they take part in, their past ones,
    and the first of those their organisations run (with a link to each organisation's full list)."""
    page = page_number(request.GET.get("page"))
    data = selectors.my_projects(
        user=request.user,
        offset=(page - 1) * TAKING_PART_PER_PAGE,
        limit=TAKING_PART_PER_PAGE,
        organising_limit=ORGANISING_SHOWN,
    )
    pager = Pager.build(page=page, per_page=TAKING_PART_PER_PAGE, total=data.taking_part_total)
    if not pager.exists:
        raise Http404
    needs = panels.needs_for(user=request.user) if data.taking_part_total else []
    return render(request, "projects/my_projects.html", {"data": data, "needs": needs, "pager": pager})
