"""Who may do what in listening. Built on ``projects.permissions.require_project``.

* Outsiders get 404 for everything in a project (we never reveal it exists).
* Any member or staff member can write notes, give dots, suggest themes, report notes, raise
  barriers and answer check-ins. Organisers (admin or organiser staff) make boards, agree themes,
  hide notes, answer barriers, open check-ins, record answers by phone, see feedback and write
  "you said, we did"; other members get 403.
* A barrier is seen by organisers, by the person who raised it, and by everyone in the project
  only if that person chose to share it. Anyone else gets 404.
"""

from __future__ import annotations

from django.http import Http404

from roundtable.feedback.models import Barrier, Board, Note
from roundtable.projects.permissions import ProjectAccess, require_project


def can_see_barrier(access: ProjectAccess, barrier: Barrier, user) -> bool:
    return access.is_organiser or barrier.raised_by_id == user.pk or (barrier.shared and access.can_view)


def require_barrier(user, project_id: int, barrier_id: int, *, need: str = "view") -> tuple[ProjectAccess, Barrier]:
    access = require_project(user, project_id, need=need, offer=False)
    barrier = Barrier.objects.select_related("raised_by", "owner").filter(pk=barrier_id, project=access.project).first()
    if barrier is None or not can_see_barrier(access, barrier, user):
        raise Http404
    barrier.project = access.project
    return access, barrier


def require_board(
    user, project_id: int, board_id: int, *, need: str = "view", one_read: bool = False
) -> tuple[ProjectAccess, Board]:
    """A project's board and the viewer's access, or 404 (403 without ``need``). ``one_read``: the project
    and the viewer's membership in one query (``require_project``); the board page asks for it (issue 19)."""
    access = require_project(user, project_id, need=need, offer=False, one_read=one_read)
    board = Board.objects.select_related("meeting").filter(pk=board_id, project=access.project).first()
    if board is None:
        raise Http404
    board.project = access.project
    return access, board


def require_note(
    user, project_id: int, board_id: int, note_id: int, *, need: str = "view"
) -> tuple[ProjectAccess, Board, Note]:
    access, board = require_board(user, project_id, board_id, need=need)
    note = Note.objects.filter(pk=note_id, board=board).first()
    if note is None:
        raise Http404
    note.board = board
    return access, board, note
