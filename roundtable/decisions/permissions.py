"""Who may do what with decisions. Built on the project rules (``projects.permissions``).

* Every member and staff member of the project reads its decision log and each proposal (and the CSV);
  outsiders get 404.
* Organisers (admin or organiser staff) raise proposals, close them, record votes by proxy and change the
  settings; a partner may raise a proposal when the project allows it (``DecisionSettings``). Anyone else
  who can see the project gets 403.
* Voting is for the electorate (``electorate.side_of``); the service refuses anyone else.

Source: issue 14, "URLs" and "Proposals and votes".
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from roundtable.decisions.models import DecisionSettings, Proposal
from roundtable.projects.models import MemberRole
from roundtable.projects.permissions import ProjectAccess, require_project


def may_propose(access: ProjectAccess) -> bool:
    """Organisers always; an active partner when the project's settings allow it. One query for a partner."""
    if access.is_organiser:
        return True
    if access.is_member and access.membership is not None and access.membership.role == MemberRole.PARTNER:
        return DecisionSettings.objects.filter(project=access.project, partners_may_propose=True).exists()
    return False


def require_proposer(user, project_id: int) -> ProjectAccess:
    """The project and access of someone who may raise a proposal, or 404 (outsiders) / 403 (others)."""
    access = require_project(user, project_id, need="view")
    if not may_propose(access):
        raise PermissionDenied
    return access


def require_proposal(user, project_id: int, number: int, *, need: str = "view") -> tuple[ProjectAccess, Proposal]:
    """The proposal numbered ``number`` in the project and the viewer's access; 404 for outsiders and for a
    number that does not exist, 403 for ``need="organise"`` without an organiser role."""
    access = require_project(user, project_id, need=need)
    proposal = Proposal.objects.filter(project=access.project, number=number).first()
    if proposal is None:
        raise Http404
    proposal.project = access.project
    return access, proposal
