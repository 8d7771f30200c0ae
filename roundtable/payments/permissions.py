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

from roundtable.accounts.models import User
from roundtable.payments.models import Claim, ClaimKind, PaymentRun
from roundtable.projects.models import Membership, Organisation, StaffRole
from roundtable.projects.permissions import (
    FINANCE_ROLES,
    ORGANISER_ROLES,
    ProjectAccess,
    require_organisation,
    require_project,
    staff_roles,
)

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
        """Only the claimant takes a claim back."""
        return self.is_claimant

    @property
    def may_send(self) -> bool:
        """Send the claim, or choose how it is paid: the claimant, or an organiser for them (by proxy)."""
        return self.is_claimant or self.is_organiser

    @property
    def may_decide(self) -> bool:
        """Approve, question or turn down a claim: its organisers, never on their own claim."""
        return self.is_organiser and not self.is_claimant

    @property
    def may_hold(self) -> bool:
        """Hold a claim out of payment runs, or let it go: finance, never on their own claim."""
        return self.is_finance and not self.is_claimant

    @property
    def may_edit(self) -> bool:
        """Change a time claim's day, hours and note: the claimant or an organiser. Costs are not changed."""
        return (self.is_claimant or self.is_organiser) and self.claim.kind == ClaimKind.TIME

    @property
    def may_correct(self) -> bool:
        """Correct what a paid claim comes to: finance (and admins)."""
        return self.is_finance


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
        is_organiser=bool(roles & ORGANISER_ROLES),
        is_finance=bool(roles & FINANCE_ROLES),
        sees_benefits=bool(roles & BENEFITS),
    )
    if not (access.is_claimant or access.is_organiser or access.is_finance):
        raise Http404
    return access


def require_claim_edit(user, claim_id: int) -> ClaimAccess:
    """A claim the viewer may change (``ClaimAccess.may_edit``): 403 for others who see it, 404 for the rest."""
    access = require_claim(user, claim_id)
    if not access.may_edit:
        raise PermissionDenied
    return access


def require_claim_correct(user, claim_id: int) -> ClaimAccess:
    """A claim finance may correct (``ClaimAccess.may_correct``): 403 for others who see it, 404 for the rest."""
    access = require_claim(user, claim_id)
    if not access.may_correct:
        raise PermissionDenied
    return access


def claimant_for(access: ProjectAccess, user, other) -> User:
    """Who a new claim in ``access.project`` is for: ``user``, or the member ``other`` (a user id as posted,
    or empty) an organiser claims for, recorded as by proxy.

    Only the project's organisers claim for someone else (others: 403), and only for its active members
    (anyone else: 404). Claiming for oneself needs active membership (403 without it).
    """
    if other and str(other) != str(user.pk):
        if not access.is_organiser:
            raise PermissionDenied
        person = User.objects.filter(
            pk=other if str(other).isdigit() else 0,
            memberships__project=access.project,
            memberships__status=Membership.Status.ACTIVE,
        ).first()
        if person is None:
            raise Http404
        return person
    if not access.is_member:
        raise PermissionDenied
    return user


def require_project_claims(user, project_id: int):
    """A project's claims: organisers and finance. Members without a staff role get 403, outsiders 404."""
    access = require_project(user, project_id, need="view")
    if not access.roles & (ORGANISER_ROLES | FINANCE_ROLES):
        raise PermissionDenied
    return access


def require_member_claiming(user, project_id: int):
    """Making a claim in a project: the project's members (and staff for someone, by proxy)."""
    access = require_project(user, project_id, need="view")
    if not access.is_member and not access.is_organiser:
        raise PermissionDenied
    return access


def require_finance(user, slug: str) -> tuple[Organisation, set[str]]:
    """An organisation's payments pages, and the viewer's roles there: finance and admins.

    Other staff get 403, everyone else 404 (``projects.permissions.require_organisation``).
    """
    return require_organisation(user, slug, need="finance")


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
        StaffRole.LEAD: _("co-production leads"),
    }
    can = [team.get(r, StaffRole(r).label.lower()) for r in StaffRole.values if r in BENEFITS]
    cannot = [team.get(r, StaffRole(r).label.lower()) for r in StaffRole.values if r not in BENEFITS]
    text = _("This is private. Only you and %(can)s can see it.") % {"can": get_text_list(can, _("and"))}
    if cannot:
        words = get_text_list(cannot, _("and"))
        text += " " + _("%(cannot)s cannot.") % {"cannot": words[:1].upper() + words[1:]}
    return text
