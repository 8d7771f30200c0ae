"""Who sees the health check (docs/health.md, "Who sees it"). The one place these rules live.

* A project's health check (``/projects/<id>/health/``): the organisation's admins, organisers and
  co-production leads see all of it (``HEALTH_STAFF_ROLES``); the project's members who are taking part
  (partners and professional members) see the same page without the staff-only next steps (the seed asks
  for transparency: partners can hold the organisation to it). Finance staff, who may open the project,
  get 403; outsiders, other organisations' staff and people who left get 404 (``projects.permissions``).
* An organisation's health check (``/organisations/<slug>/health/``): its admins and co-production leads
  (``projects.permissions.LEAD_ROLES``). Other staff of the organisation (organisers, finance) get 403: they
  know the organisation exists, and organisers see each project's health from the project page. Everyone
  else gets 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from roundtable.projects.models import Organisation
from roundtable.projects.permissions import (
    LEAD_ROLES,
    ORGANISER_ROLES,
    ProjectAccess,
    organisations_with_roles,
    require_organisation,
    require_project,
)

# Staff who see a project's whole health check, staff-only next steps included.
HEALTH_STAFF_ROLES = frozenset(ORGANISER_ROLES | LEAD_ROLES)


@dataclass(frozen=True)
class HealthAccess:
    """One person's view of one project's health check.

    ``staff`` is True for the organisation's admins, organisers and co-production leads (they see
    staff-only next steps); False for members taking part, who see the page without them.
    """

    access: ProjectAccess
    staff: bool

    @property
    def project(self):
        return self.access.project


def health_view_for(access: ProjectAccess) -> HealthAccess | None:
    """The viewer's view of the project's health check, or None if they may not see it. No query."""
    if set(access.roles) & HEALTH_STAFF_ROLES:
        return HealthAccess(access=access, staff=True)
    if access.is_member:
        return HealthAccess(access=access, staff=False)
    return None


def require_project_health(user, project_id: int) -> HealthAccess:
    """The project's health check as ``user`` may see it.

    Raises Http404 for people who may not see the project at all (outsiders, other organisations' staff,
    members who left or were removed) and PermissionDenied (403) for staff of the organisation without a
    health role (finance only). Queries: those of ``require_project`` (project, roles, membership).
    """
    access = require_project(user, project_id, need="view")
    view = health_view_for(access)
    if view is None:
        raise PermissionDenied
    return view


def may_see_organisation_health(roles) -> bool:
    """Whether staff with these roles in an organisation see its health check (admins and co-production leads)."""
    return bool(set(roles) & LEAD_ROLES)


def require_organisation_health(user, slug: str) -> tuple[Organisation, set[str]]:
    """The organisation and the viewer's roles there, if they see its health check.

    Raises Http404 for anyone who is not staff of the organisation, PermissionDenied (403) for its staff
    without ``LEAD_ROLES`` (organisers and finance). One query for the organisation, one for the roles.
    """
    organisation, roles = require_organisation(user, slug)
    if not may_see_organisation_health(roles):
        raise PermissionDenied
    return organisation, roles


def lead_organisations(user) -> list[int]:
    """Ids of the organisations whose health check ``user`` sees (no query once roles are read)."""
    return organisations_with_roles(user, LEAD_ROLES)
