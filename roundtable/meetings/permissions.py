"""Who may do what with meetings, papers and polls. Built on the project rules.

* Members and staff of the project see its meetings, released papers and polls; outsiders get 404.
* Organisers (admin or organiser staff) plan meetings, upload and release papers, record attendance
  and book a time from a poll; other members get 403.
* Unreleased papers are seen by organisers only: for anyone else they do not exist (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from roundtable.accounts.models import User
from roundtable.lib.rawsql import select
from roundtable.meetings.models import Meeting, Paper, Poll
from roundtable.projects.models import Membership
from roundtable.projects.permissions import ProjectAccess, require_project


def require_meeting(
    user, project_id: int, meeting_id: int, *, need: str = "view", one_read: bool = False
) -> tuple[ProjectAccess, Meeting]:
    """A project's meeting and the viewer's access (``need`` and ``one_read`` as for ``require_project``).
    Outsiders and a meeting of another project get 404; members without the role ``need`` asks for get 403."""
    access = require_project(user, project_id, need=need, one_read=one_read)
    found = select(Meeting, where={"id": meeting_id, "project": access.project.pk})
    if not found:
        raise Http404
    meeting = found[0]
    meeting.project = access.project
    return access, meeting


def require_paper(user, project_id: int, meeting_id: int, paper_id: int) -> tuple[ProjectAccess, Meeting, Paper]:
    access, meeting = require_meeting(user, project_id, meeting_id, need="view")
    paper = Paper.objects.filter(pk=paper_id, meeting=meeting, project=access.project).first()
    if paper is None or (not paper.is_released and not access.is_organiser):
        raise Http404
    return access, meeting, paper


def require_poll(user, project_id: int, poll_id: int, *, need: str = "view") -> tuple[ProjectAccess, Poll]:
    access = require_project(user, project_id, need=need)
    poll = Poll.objects.filter(pk=poll_id, project=access.project).first()
    if poll is None:
        raise Http404
    poll.project = access.project
    return access, poll


def can_answer_for(access: ProjectAccess, person) -> bool:
    """Organisers answer for people who do not use the web (recorded as by proxy)."""
    return access.is_organiser and not person.uses_web


def require_answer_for(user, project_id: int, poll_id: int, person_id: int) -> tuple[ProjectAccess, Poll, User]:
    """A poll an organiser answers for one of the project's active members (``can_answer_for``).

    Outsiders, and a person who is not an active member, get 404; members who do not organise, and
    organisers answering for someone who uses the web (they answer for themselves), get 403.
    """
    access, poll = require_poll(user, project_id, poll_id, need="organise")
    membership = (
        Membership.objects.filter(project=access.project, user_id=person_id, status=Membership.Status.ACTIVE)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Http404
    if not can_answer_for(access, membership.user):
        raise PermissionDenied
    return access, poll, membership.user
