"""Who may see what of a story (issue 16, "URLs").

* ``/my-story/...``: the signed-in person's own parts, shares, requests and quotes. Another person's id
  in the address gets 404, as for anything that does not exist.
* ``/projects/<id>/stories/...``: the project's organisers (admin or organiser role, as held now) only.
  Everyone else, members and finance included, gets 404: we do not say whether anything is shared.
* ``/projects/<id>/people/<person>/story/``: only where ``projects.permissions.may_act_for`` allows it.
"""

from __future__ import annotations

from django.http import Http404

from roundtable.projects.permissions import ProjectAccess, require_project


def require_story_organiser(user, project_id: int) -> ProjectAccess:
    """The project and access of one of its organisers, or 404 for everyone else."""
    access = require_project(user, project_id, need="view")
    if not access.is_organiser:
        raise Http404
    return access
