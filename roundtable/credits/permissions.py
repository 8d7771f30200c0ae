"""Who may record, check and publish contributions and credits. Built on ``projects.permissions``.

* A member or staff member of a project records their own contributions; an organiser checks them.
* Organisers (admin or organiser staff) record a contribution for someone else (confirmed at once),
  check contributions, and make, tell and publish outputs (``projects.permissions.require_organiser_of``).
  Anyone else gets PermissionDenied (403).
* How a person is named in an output is theirs alone: only people credited in it reach that page, and
  for anyone else it does not exist (404, in the view's lookup).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from roundtable.projects.models import Project
from roundtable.projects.permissions import project_access


def can_record_contribution(actor, project: Project, person) -> bool:
    """Whether ``actor`` may record a contribution by ``person`` in ``project``: their own as a member or
    staff member, or anyone's as its organiser."""
    access = project_access(actor, project)
    if actor.pk == person.pk:
        return access.is_member or access.is_staff
    return access.is_organiser


def require_contribution_recording(actor, project: Project, person) -> None:
    """Raise PermissionDenied unless ``can_record_contribution``."""
    if not can_record_contribution(actor, project, person):
        raise PermissionDenied
