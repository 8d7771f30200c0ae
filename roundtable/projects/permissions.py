"""Who may do what with organisations and projects. The one place these rules live.

Outsiders get 404 (we never reveal that a private project exists); people who
can see a thing but not change it get 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from roundtable.projects.models import Membership, Organisation, Project, StaffMembership, StaffRole
from roundtable.projects.offer import in_force_pk

# Who organises an organisation's projects (plans meetings, approves claims, answers barriers, gets tasks).
ORGANISER_ROLES = frozenset({StaffRole.ADMIN, StaffRole.ORGANISER})
# Who may open an organisation's payments pages and set its pay rates.
FINANCE_ROLES = frozenset({StaffRole.ADMIN, StaffRole.FINANCE})
# Who sees the health check of every project in the organisation and is told when one turns "at risk".
LEAD_ROLES = frozenset({StaffRole.ADMIN, StaffRole.LEAD})


def _all_staff_roles(user) -> dict[int, set[str]]:
    """Every role the person holds, by organisation: one query per request, then remembered on the user
    (with each of those organisations' slugs, for ``staff_organisation_slug``)."""
    cache = getattr(user, "_rt_staff_roles", None)
    if cache is None:
        cache, slugs = {}, {}
        rows = StaffMembership.objects.filter(user=user).values_list("organisation_id", "organisation__slug", "role")
        for org_id, slug, role in rows:
            cache.setdefault(org_id, set()).add(role)
            slugs[org_id] = slug
        user._rt_staff_roles, user._rt_staff_slugs = cache, slugs
    return cache


def staff_organisation_slug(user, organisation_id: int) -> str:
    """The slug of an organisation where the person holds a staff role, read with their roles (no query if
    those were read for this request); "" for any other organisation or a signed-out person."""
    if not user.is_authenticated:
        return ""
    _all_staff_roles(user)
    return user._rt_staff_slugs.get(organisation_id, "")


def staff_roles(user, organisation_id: int) -> set[str]:
    if not user.is_authenticated:
        return set()
    return _all_staff_roles(user).get(organisation_id, set())


def can_organise(roles) -> bool:
    """Whether staff with these roles in an organisation organise its projects (``ORGANISER_ROLES``)."""
    return bool(set(roles) & ORGANISER_ROLES)


def can_administer(roles) -> bool:
    """Whether staff with these roles in an organisation run it: its staff, contact details and policies."""
    return StaffRole.ADMIN in roles


def forget_roles(user) -> None:
    for remembered in ("_rt_staff_roles", "_rt_staff_slugs"):
        if hasattr(user, remembered):
            delattr(user, remembered)


@dataclass
class ProjectAccess:
    """What one person may do with one project."""

    project: Project
    roles: set[str] = field(default_factory=set)
    membership: Membership | None = None

    @property
    def is_organiser(self) -> bool:
        return can_organise(self.roles)

    @property
    def is_staff(self) -> bool:
        return bool(self.roles)

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.is_active

    @property
    def can_view(self) -> bool:
        return self.is_staff or self.is_member

    @property
    def can_read_offer(self) -> bool:
        return self.can_view or (self.project.visibility == Project.Visibility.OPEN and self.project.is_published)


def project_access(user, project: Project) -> ProjectAccess:
    membership = None
    if user.is_authenticated:
        membership = Membership.objects.filter(project=project, user=user).first()
    return access_with_membership(user, project, membership)


def access_with_membership(user, project: Project, membership: Membership | None) -> ProjectAccess:
    """``project_access`` when the page has already read the person's membership of ``project`` (any status,
    or None): the same rules, with no query beyond the staff roles."""
    if not user.is_authenticated:
        membership = None
    return ProjectAccess(project=project, roles=staff_roles(user, project.organisation_id), membership=membership)


def require_project(
    user, project_id: int, *, need: str = "view", offer: bool = True, one_read: bool = False
) -> ProjectAccess:
    """The project and the viewer's access, or 404/403. `need` is view, offer or organise.

    The project comes with its organisation and contact; with `offer` (the default) also its current step,
    its pay rate and whether that rate is still in force (``offer.offer_rate`` then costs no query). Pages
    that show none of the offer (boards, barriers, the conversation) pass ``offer=False``: a lighter query.
    ``one_read``: read the project (as with ``offer``) and the viewer's membership in one hand-written query
    (``selectors.project_for_page``) instead of two; the busiest pages ask for it (issue 19).
    """
    if one_read:
        from roundtable.projects.selectors import project_for_page  # selectors imports this module

        project, membership = project_for_page(project_id=project_id, user=user)
        if project is None:
            raise Http404
        access = access_with_membership(user, project, membership)
    else:
        projects = Project.objects.select_related("organisation", "contact")
        if offer:
            projects = projects.select_related("current_step", "pay_rate").annotate(rate_in_force_pk=in_force_pk())
        project = projects.filter(pk=project_id).first()
        if project is None:
            raise Http404
        access = project_access(user, project)
    if need == "offer":
        if not access.can_read_offer:
            raise Http404
    elif need == "view":
        if not access.can_view:
            raise Http404
    elif need == "organise":
        if not access.can_view:
            raise Http404
        if not access.is_organiser:
            raise PermissionDenied
    else:  # pragma: no cover - a programming error
        raise ValueError(need)
    return access


def may_act_for(access: ProjectAccess, membership: Membership) -> bool:
    """Whether the viewer may answer for this member, on their behalf (a proxy act).

    Only for a person added by proxy who does not use the web (such as Grace), only while they are an
    active member of this project, and only by the project's organisers (admin or organiser role, looked
    up now, not when the person was added). People who use the web answer for themselves, and choose
    for themselves what they share. Source: issue 11, "Proxy pages".
    """
    return (
        access.is_organiser
        and membership.project_id == access.project.pk
        and membership.added_by_proxy
        and membership.is_active
        and not membership.user.uses_web
    )


def require_organiser_of(user, project: Project) -> ProjectAccess:
    """For services: the person's access to ``project`` if they organise it (``ProjectAccess.is_organiser``),
    otherwise PermissionDenied. The views have already answered outsiders with 404 (``require_project``)."""
    access = project_access(user, project)
    if not access.is_organiser:
        raise PermissionDenied
    return access


def require_proxy(user, project_id: int, person_id: int) -> tuple[ProjectAccess, Membership]:
    """The project, the viewer's access and the membership of the person acted for, or 404.

    Everyone who may not act for this person (people who use the web, people who left or were removed,
    members, finance, outsiders, other organisations' staff) gets 404: we do not say whether the person
    exists or what they answered.
    """
    access = require_project(user, project_id, need="view")
    membership = (
        Membership.objects.select_related("user__profile").filter(project=access.project, user_id=person_id).first()
    )
    if membership is None or not may_act_for(access, membership):
        raise Http404
    return access, membership


def require_organisation(user, slug: str, *, need: str = "staff") -> tuple[Organisation, set[str]]:
    """The organisation and the viewer's roles; 404 for non-staff, 403 without the role needed.

    ``need``: "staff" (any role), "admin", "organise" (ORGANISER_ROLES), "rates" or "finance" (FINANCE_ROLES).
    """
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    roles = staff_roles(user, organisation.pk)
    if not roles:
        raise Http404
    roles_for: dict[str, set[str]] = {
        "staff": set(StaffRole.values),
        "admin": {StaffRole.ADMIN},
        "organise": set(ORGANISER_ROLES),
        "rates": set(FINANCE_ROLES),
        "finance": set(FINANCE_ROLES),
    }
    allowed = roles_for[need]
    if not roles & allowed:
        raise PermissionDenied
    return organisation, roles


TASK_ROLES = ORGANISER_ROLES


def organisations_organised_by(user_id: int):
    """Ids of the organisations whose projects this person organises now (``ORGANISER_ROLES``), as a lazy
    query, so a page uses it as a subquery and a role removed a moment ago counts at once."""
    return StaffMembership.objects.filter(user_id=user_id, role__in=ORGANISER_ROLES).values_list(
        "organisation_id", flat=True
    )


def task_organisations_for(user_id: int):
    """Organisations where this person may handle organiser tasks now (``TASK_ROLES``: the organisers), as a
    lazy query of ids (``organisations_organised_by``). Registered with `notifications.access`."""
    return organisations_organised_by(user_id)


def task_handler_for(organisation_id: int) -> int | None:
    """Who gets an organisation's tasks when their organiser can no longer: its longest-standing admin,
    otherwise organiser (user id), or None."""
    rows = StaffMembership.objects.filter(organisation_id=organisation_id, role__in=TASK_ROLES)
    row = rows.order_by(models.Case(models.When(role=StaffRole.ADMIN, then=0), default=1), "id").first()
    return row.user_id if row else None


def organisations_with_roles(user, roles: frozenset[str] | set[str]) -> list[int]:
    """Ids of the organisations where the person holds any of ``roles``, from the roles already read for
    this request (no query if they were). Signed-out people hold none."""
    if not user.is_authenticated:
        return []
    return [org_id for org_id, held in _all_staff_roles(user).items() if held & roles]


def is_any_staff(user) -> bool:
    if not user.is_authenticated:
        return False
    return bool(_all_staff_roles(user))
