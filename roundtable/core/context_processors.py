from typing import Any

from django.conf import settings
from django.urls import reverse

from roundtable.notifications.selectors import unread_count
from roundtable.projects.permissions import (
    FINANCE_ROLES,
    is_any_staff,
    organisations_with_roles,
    staff_organisation_slug,
)


def finance_link(user) -> str:
    """Where the menu's "Payments" link goes for finance staff and admins, or "" for everyone else.

    One organisation: its payments page. Several: the list of organisations, each of which links to
    its payments. No query beyond the staff roles the menu already reads (they carry each organisation's slug).
    """
    org_ids = organisations_with_roles(user, FINANCE_ROLES)
    if not org_ids:
        return ""
    if len(org_ids) > 1:
        return reverse("projects:org_list")
    slug = staff_organisation_slug(user, org_ids[0])
    return reverse("payments:finance", args=[slug]) if slug else ""


def support_url(request) -> str:
    """The project's support page when this page belongs to a project (its address has a project id), else "".

    No query: every partner page of a project links to its support contacts from the foot of the page,
    and the support page itself answers outsiders with 404 like any project page.
    """
    match = getattr(request, "resolver_match", None)
    project_id = match.kwargs.get("project_id") if match is not None else None
    if not isinstance(project_id, int):
        return ""
    return reverse("projects:support", args=[project_id])


def site(request):
    """Site-wide template values. The two queries run only if a template asks for them."""
    user: Any = getattr(request, "user", None)  # a User when signed_in (checked in each lambda)
    signed_in = user is not None and user.is_authenticated
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SITE_NAME": "Roundtable",
        "nav_is_staff": lambda: signed_in and is_any_staff(user),
        "nav_finance": lambda: finance_link(user) if signed_in else "",
        "nav_unread": lambda: unread_count(user=user) if signed_in else 0,
        "project_support_url": lambda: support_url(request) if signed_in else "",
    }
