"""Who may do what in a project's conversation. Built on the project rules (``projects.permissions``).

* Every active member and staff member of the project reads its conversation and replies; outsiders and
  people who have left get 404 (``require_project``).
* Starting a topic: organisers always; any member or staff when the project's setting says "Anyone taking
  part" (the default), else 403.
* Hiding a reply and changing the settings: organisers (admin or organiser staff), else 403.
* Reporting a reply: anyone who can read it.

Source: issue 17, "A project conversation".
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from roundtable.conversation.models import ConversationSettings, Reply, Topic
from roundtable.projects.permissions import ProjectAccess, project_access, require_project


def settings_for(project) -> ConversationSettings:
    """The project's conversation settings (one query), or unsaved defaults when it has none."""
    found = ConversationSettings.objects.select_related("contact").filter(project=project).first()
    return found if found is not None else ConversationSettings(project=project)


def may_start(access: ProjectAccess, conversation: ConversationSettings) -> bool:
    """Whether this viewer may start a topic under these settings (no query)."""
    if access.is_organiser:
        return True
    return access.can_view and conversation.who_may_start == ConversationSettings.Starters.MEMBERS


def may_take_part(user, project) -> bool:
    """Whether ``user`` may post in the project's conversation now: an active member or staff (1-2 queries)."""
    if user is None or not getattr(user, "is_active", False):
        return False
    return project_access(user, project).can_view


def require_topic(user, project_id: int, number: int, *, need: str = "view") -> tuple[ProjectAccess, Topic]:
    """The topic numbered ``number`` in the project and the viewer's access: 404 for outsiders, for people
    who have left and for a number that does not exist; 403 for ``need="organise"`` without an organiser role."""
    access = require_project(user, project_id, need=need, offer=False)
    topic = (
        Topic.objects.select_related("started_by", "entered_by").filter(project=access.project, number=number).first()
    )
    if topic is None:
        raise Http404
    topic.project = access.project
    return access, topic


def require_reply(user, project_id: int, number: int, reply_id: int, *, need: str = "view"):
    """(access, topic, reply) for a reply in the topic, or 404/403 as ``require_topic``."""
    access, topic = require_topic(user, project_id, number, need=need)
    reply = Reply.objects.select_related("author", "hidden_by").filter(topic=topic, pk=reply_id).first()
    if reply is None:
        raise Http404
    reply.topic = topic
    return access, topic, reply


def require_starter(user, project_id: int) -> tuple[ProjectAccess, ConversationSettings]:
    access = require_project(user, project_id, need="view")
    conversation = settings_for(access.project)
    if not may_start(access, conversation):
        raise PermissionDenied
    return access, conversation
