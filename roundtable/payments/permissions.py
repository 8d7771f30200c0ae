"""Who may see and do what with claims and payment runs, built on projects.permissions.

* A person sees only their own claims, statements, choices and benefit record.
* Organisers (and admins) see and approve their projects' claims.
* Finance (and admins) see their organisation's claims and make payment runs.
* A person's benefit record, and the benefits check on their claims and runs, is for the person and the
  finance role only (``BENEFITS``): not organisers, not admins (issue 11). The benefits page says so in
  words made from this table (``benefits_sentence``), and a test checks one against the other.
* Only the claimant takes a claim back; organisers ask a question, hold or turn a claim down instead.
* Everyone else gets 404: we never say a claim exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from roundtable.payments.models import Claim, PaymentRun
from roundtable.projects.models import Organisation, StaffRole
from roundtable.projects.permissions import require_project, staff_roles

ORGANISE = {StaffRole.ADMIN, StaffRole.ORGANISER}
FINANCE = {StaffRole.ADMIN, StaffRole.FINANCE}
BENEFITS = {StaffRole.FINANCE}  # who, besides the person, sees a benefit record and its warnings


@dataclass
class ClaimAccess:
    claim: Claim
    is_claimant: bool
    is_organiser: bool
    is_finance: bool
    sees_benefits: bool = False

    @property
    def may_withdraw(self) -> bool:
        return self.is_claimant


def require_claim(user, claim_id: int) -> ClaimAccess:
    claim = (
        Claim.objects.select_related("project__organisation", "claimant", "meeting", "run", "rate", "approved_by")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None or not user.is_authenticated:
        raise Http404
    roles = staff_roles(user, claim.organisation_id)
    access = ClaimAccess(
        claim=claim,
        is_claimant=claim.claimant_id == user.pk,
        is_organiser=bool(roles & ORGANISE),
        is_finance=bool(roles & FINANCE),
        sees_benefits=bool(roles & BENEFITS),
    )
    if not (access.is_claimant or access.is_organiser or access.is_finance):
        raise Http404
    return access


def require_project_claims(user, project_id: int):
    """A project's claims: organisers and finance. Members without a staff role get 403, outsiders 404."""
    access = require_project(user, project_id, need="view")
    if not access.roles & (ORGANISE | FINANCE):
        raise PermissionDenied
    return access


def require_member_claiming(user, project_id: int):
    """Making a claim in a project: the project's members (and staff for someone, by proxy)."""
    access = require_project(user, project_id, need="view")
    if not access.is_member and not access.is_organiser:
        raise PermissionDenied
    return access


def require_finance(user, slug: str) -> tuple[Organisation, set[str]]:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    roles = staff_roles(user, organisation.pk)
    if not roles:
        raise Http404
    if not roles & FINANCE:
        raise PermissionDenied
    return organisation, roles


def require_run(user, slug: str, run_id: int) -> tuple[Organisation, PaymentRun]:
    organisation, _roles = require_finance(user, slug)
    run = PaymentRun.objects.filter(pk=run_id, organisation=organisation).first()
    if run is None:
        raise Http404
    return organisation, run


def sees_benefits(roles: set[str]) -> bool:
    """Whether staff with these roles in an organisation see its people's benefits checks."""
    return bool(set(roles) & BENEFITS)


def benefits_sentence() -> str:
    """The benefits page's promise, in words made from ``BENEFITS`` and ``StaffRole``: who can and cannot see it."""
    team: dict[str, str] = {
        StaffRole.FINANCE: _("the finance team"),
        StaffRole.ORGANISER: _("organisers"),
        StaffRole.ADMIN: _("admins"),
    }
    can = [team.get(r, StaffRole(r).label.lower()) for r in StaffRole.values if r in BENEFITS]
    cannot = [team.get(r, StaffRole(r).label.lower()) for r in StaffRole.values if r not in BENEFITS]
    text = _("This is private. Only you and %(can)s can see it.") % {"can": get_text_list(can, _("and"))}
    if cannot:
        words = get_text_list(cannot, _("and"))
        text += " " + _("%(cannot)s cannot.") % {"cannot": words[:1].upper() + words[1:]}
    return text
