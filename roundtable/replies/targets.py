"""Where a reply lands: a small registry of "reply targets", keyed by the first word of the answered
message's idempotency key (``announcement:12:…`` → "announcement", id 12).

A target is found by ``resolve(object_id)`` and says which project it belongs to, what to call it, and
how to land a reply (``land(incoming) -> landed_as``). Apps above ``replies`` register their own in their
``AppConfig.ready()`` with ``register_target(prefix, resolve)``; the built-in ones (registered by
``RepliesConfig.ready``) put a reply as named feedback on an announcement, a progress update, a
meeting (notices, papers, reminders, polls) or a decision (proposal), with the project's lead told
(``feedback.services.feedback_reply_add``), so it counts as an input for "you said, we did".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from roundtable.lib.urls import absolute_url

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.notifications.models import Message
    from roundtable.projects.models import Project


@dataclass(frozen=True)
class Incoming:
    """One reply ready to land. ``key`` is unique to it (the outbox keys made from it tell nobody twice)."""

    person: User
    text: str
    channel: str  # "email", "text", "post", "phone"
    key: str
    by_proxy: bool = False
    entered_by: User | None = None


@dataclass(frozen=True)
class Target:
    project: Project
    label: str
    land: Callable[[Incoming], str]


Resolver = Callable[[int], "Target | None"]
_targets: dict[str, Resolver] = {}


def register_target(prefix: str, resolve: Resolver) -> None:
    """Replies to messages whose key starts ``<prefix>:<id>:`` go to ``resolve(id)``. Last one wins."""
    _targets[prefix] = resolve


def target_for(message: Message) -> Target | None:
    """The target of a reply to ``message``, or None if no registered target knows its key."""
    key = message.idempotency_key or ""
    # A two-word prefix ("conversation:topic:<id>:...") is tried before a one-word one ("meeting:<id>:...").
    first, _sep, rest = key.partition(":")
    second, _sep, after = rest.partition(":")
    if f"{first}:{second}" in _targets:
        prefix, object_id = f"{first}:{second}", after.partition(":")[0]
    else:
        prefix, object_id = first, second
    resolve = _targets.get(prefix)
    if resolve is None or not object_id.isdigit():
        return None
    return resolve(int(object_id))


def _feedback_target(*, project, about: str, label: str, link: str) -> Target:
    def land(incoming: Incoming) -> str:
        from roundtable.feedback.services import feedback_reply_add

        feedback = feedback_reply_add(
            project=project,
            author=incoming.person,
            text=incoming.text,
            channel=incoming.channel,
            about=about,
            about_label=label,
            by_proxy=incoming.by_proxy,
            entered_by=incoming.entered_by,
            key=incoming.key,
        )
        return f"feedback:{feedback.pk}"

    return Target(project=project, label=label, land=land)


def _announcement(object_id: int) -> Target | None:
    from roundtable.projects.models import Announcement

    row = Announcement.objects.select_related("project").filter(pk=object_id).first()
    if row is None:
        return None
    label = _("the announcement “%(subject)s”") % {"subject": row.subject}
    link = absolute_url(reverse("projects:project", args=[row.project_id]))
    return _feedback_target(project=row.project, about=f"announcement:{row.pk}", label=label, link=link)


def _update(object_id: int) -> Target | None:
    from roundtable.updates.models import ProgressUpdate

    row = ProgressUpdate.objects.select_related("project").filter(pk=object_id).first()
    if row is None:
        return None
    label = _("the update “%(title)s”") % {"title": row.title}
    link = absolute_url(reverse("projects:project", args=[row.project_id]))
    return _feedback_target(project=row.project, about=f"update:{row.pk}", label=label, link=link)


def _meeting(object_id: int) -> Target | None:
    from roundtable.meetings.models import Meeting

    row = Meeting.objects.select_related("project").filter(pk=object_id).first()
    if row is None:
        return None
    label = _("the meeting “%(title)s”") % {"title": row.title}
    link = absolute_url(reverse("projects:project", args=[row.project_id]))
    return _feedback_target(project=row.project, about=f"meeting:{row.pk}", label=label, link=link)


def _poll(object_id: int) -> Target | None:
    from roundtable.meetings.models import Poll

    row = Poll.objects.select_related("project").filter(pk=object_id).first()
    if row is None:
        return None
    label = _("finding a time to meet")
    link = absolute_url(reverse("projects:project", args=[row.project_id]))
    return _feedback_target(project=row.project, about=f"poll:{row.pk}", label=label, link=link)


def _proposal(object_id: int) -> Target | None:
    from roundtable.decisions.models import Proposal

    row = Proposal.objects.select_related("project").filter(pk=object_id).first()
    if row is None:
        return None
    label = _("the decision “%(question)s”") % {"question": row.question[:150]}
    link = absolute_url(reverse("projects:project", args=[row.project_id]))
    return _feedback_target(project=row.project, about=f"proposal:{row.pk}", label=label, link=link)


def register_built_in() -> None:
    """The targets that exist below ``replies`` (called from ``RepliesConfig.ready``)."""
    register_target("announcement", _announcement)
    register_target("update", _update)
    register_target("meeting", _meeting)
    register_target("poll", _poll)
    register_target("proposal", _proposal)
    register_target("conversation:topic", _topic)


def _topic(object_id: int) -> Target | None:
    """A reply to a topic's message (``conversation:topic:<id>:...``) lands in the topic as the person's reply,
    through ``conversation.services.reply_post`` (marked as by proxy when an organiser typed it in)."""
    from roundtable.conversation.models import Topic
    from roundtable.conversation.services import reply_post

    topic = Topic.objects.select_related("project").filter(pk=object_id).first()
    if topic is None:
        return None

    def land(incoming: Incoming) -> str:
        reply = reply_post(
            topic=topic,
            author=incoming.person,
            body=incoming.text,
            channel=incoming.channel,
            entered_by=incoming.entered_by,
        )
        return f"conversation:{reply.pk}"

    return Target(project=topic.project, label=_("the topic “%(title)s”") % {"title": topic.title[:150]}, land=land)
