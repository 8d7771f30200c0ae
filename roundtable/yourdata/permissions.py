"""Who may act on someone else's data: an organisation admin, for a person added by proxy."""

from __future__ import annotations

from django.http import Http404

from roundtable.accounts.models import User
from roundtable.projects.models import Membership, StaffMembership, StaffRole


def require_proxy_person(user: User, person_id: int) -> User:
    """The person ``user`` may ask erasure for: someone who does not use the web, with a membership in a
    project of an organisation where ``user`` is an admin. Anyone else gets a 404 (existence is not leaked)."""
    if not user.is_authenticated:
        raise Http404
    admin_of = StaffMembership.objects.filter(user=user, role=StaffRole.ADMIN).values("organisation_id")
    person = User.objects.filter(pk=person_id, uses_web=False, is_active=True).first()
    if person is None or person.pk == user.pk:
        raise Http404
    if not Membership.objects.filter(user=person, project__organisation_id__in=admin_of).exists():
        raise Http404
    return person
