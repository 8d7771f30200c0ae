"""Who may vote on a proposal, and on which side of the table each person sits.

* Everyone taking part in the project (an active membership) may vote: a lived-experience partner
  counts in the partners' view, a professional member in staff's view.
* The organisation's admins and organisers may vote too, in staff's view (a staff role counts before a
  membership: an organiser is never counted as a partner). Finance staff do not vote.
* A "partners only" proposal: only partners.

Source: issue 14 ("Every member votes once, partners and staff alike"). Read by services and selectors.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from roundtable.accounts.models import User
from roundtable.decisions.models import Proposal, Side
from roundtable.projects.models import MemberRole, Membership, Project, StaffMembership, StaffRole
from roundtable.projects.permissions import ProjectAccess

VOTING_STAFF_ROLES = (StaffRole.ADMIN, StaffRole.ORGANISER)


@dataclass
class Voter:
    user: User
    side: str

    @property
    def is_partner(self) -> bool:
        return self.side == Side.PARTNER


def electorate(project: Project, voters: str = Proposal.Voters.EVERYONE) -> list[Voter]:
    """Everyone who may vote, in a stable order (partners first, then staff; by name). Two queries."""
    staff_ids = set(
        StaffMembership.objects.filter(
            organisation_id=project.organisation_id, role__in=VOTING_STAFF_ROLES
        ).values_list("user_id", flat=True)
    )
    people: dict[int, Voter] = {}
    members = Membership.objects.filter(project=project, status=Membership.Status.ACTIVE).select_related(
        "user", "user__profile"
    )
    for membership in members:
        side = Side.STAFF if membership.user_id in staff_ids or membership.role != MemberRole.PARTNER else Side.PARTNER
        people[membership.user_id] = Voter(user=membership.user, side=side)
    if voters != Proposal.Voters.PARTNERS:
        missing = staff_ids - set(people)
        if missing:
            for user in User.objects.filter(pk__in=missing).select_related("profile"):
                people[user.pk] = Voter(user=user, side=Side.STAFF)
    found = [v for v in people.values() if voters != Proposal.Voters.PARTNERS or v.is_partner]
    return sorted(found, key=lambda v: (v.side != Side.PARTNER, v.user.full_name.lower(), v.user.pk))


def eligible_users(project: Project, voters: str = Proposal.Voters.EVERYONE) -> QuerySet[User]:
    """The same people as ``electorate()``, as a lazy queryset of users (no query until it is read).

    For pages that count or page the electorate instead of loading it whole: ``.count()`` is one query,
    a slice one more, whatever the number of members. Unordered; order it where it is listed.
    """
    staff = StaffMembership.objects.filter(organisation_id=project.organisation_id, role__in=VOTING_STAFF_ROLES).values(
        "user_id"
    )
    members = Membership.objects.filter(project=project, status=Membership.Status.ACTIVE)
    if voters == Proposal.Voters.PARTNERS:
        partners = members.filter(role=MemberRole.PARTNER).values("user_id")
        return User.objects.filter(pk__in=partners).exclude(pk__in=staff)
    return User.objects.filter(Q(pk__in=members.values("user_id")) | Q(pk__in=staff))


def side_from_access(access: ProjectAccess, voters: str = Proposal.Voters.EVERYONE) -> str | None:
    """The viewer's side, from what their ``ProjectAccess`` already holds (no query); the same rule as ``side_of``."""
    if set(access.roles) & set(VOTING_STAFF_ROLES):
        side = Side.STAFF
    elif access.is_member and access.membership is not None:
        side = Side.PARTNER if access.membership.role == MemberRole.PARTNER else Side.STAFF
    else:
        return None
    if voters == Proposal.Voters.PARTNERS and side != Side.PARTNER:
        return None
    return side


def side_of(project: Project, person: User, voters: str = Proposal.Voters.EVERYONE) -> str | None:
    """The side this person votes on, or None when they may not vote. Two queries at most."""
    is_staff = StaffMembership.objects.filter(
        organisation_id=project.organisation_id, user=person, role__in=VOTING_STAFF_ROLES
    ).exists()
    membership = Membership.objects.filter(project=project, user=person, status=Membership.Status.ACTIVE).first()
    if is_staff:
        side = Side.STAFF
    elif membership is not None:
        side = Side.PARTNER if membership.role == MemberRole.PARTNER else Side.STAFF
    else:
        return None
    if voters == Proposal.Voters.PARTNERS and side != Side.PARTNER:
        return None
    return side
