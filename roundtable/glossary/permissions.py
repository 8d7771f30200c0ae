"""Who may do what with glossaries: the project's rules, from projects.permissions.

* Anyone who can see a project (members and the organisation's staff) can read
  its glossary and ask what a word means. Outsiders get 404.
* Only organisers (and admins) add, change and remove entries and answer
  questions; members get 403.
* An organisation's own jargon list is kept by its organisers and admins; only
  admins change the writing policy.
"""

from __future__ import annotations

from django.http import Http404

from roundtable.glossary.models import GlossaryEntry, TermQuestion
from roundtable.projects.permissions import ProjectAccess, can_administer, require_organisation, require_project

__all__ = ["can_set_writing_policy", "require_entry", "require_organisation", "require_project", "require_question"]


def can_set_writing_policy(roles) -> bool:
    """Whether staff with these roles in an organisation change its writing policy: admins only."""
    return can_administer(roles)


def require_question(user, project_id: int, question_id: int) -> tuple[ProjectAccess, TermQuestion]:
    access = require_project(user, project_id, need="organise")
    question = (
        TermQuestion.objects.select_related("asked_by", "entry").filter(pk=question_id, project=access.project).first()
    )
    if question is None:
        raise Http404
    return access, question


def require_entry(user, project_id: int, entry_id: int) -> tuple[ProjectAccess, GlossaryEntry]:
    access = require_project(user, project_id, need="organise")
    entry = GlossaryEntry.objects.filter(pk=entry_id, project=access.project).first()
    if entry is None:
        raise Http404
    return access, entry
