"""Who may read and change an organisation's promises.

Anyone may read a privacy notice or the accessibility statement (they are public promises). Only the
organisation's admins may change its notice, read its audit log or export its data; other staff get 403
and everyone else 404 (``projects.permissions.require_organisation(need="admin")``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from roundtable.projects.models import StaffMembership, StaffRole


def require_admin_of(user, organisation) -> None:
    """For services: PermissionDenied unless ``user`` is an admin of ``organisation`` now (one query)."""
    if (
        not getattr(user, "is_authenticated", False)
        or not StaffMembership.objects.filter(organisation=organisation, user_id=user.pk, role=StaffRole.ADMIN).exists()
    ):
        raise PermissionDenied
