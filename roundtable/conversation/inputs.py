"""The conversation's topics and replies as things people told us (registered with ``feedback.inputs``).

A topic or reply counts as an input for "you said, we did" and the health check's sign 2 when someone who
is not one of the organisation's organisers (admin or organiser staff, ``projects.permissions.ORGANISER_ROLES``)
wrote it, by any channel (web, email, text, or typed in from a letter or call), and it was not hidden. It
is answered by a "you said, we did" linked to it, or where it was said: the first reply after it in the same
topic by one of the organisers (not hidden). Source: issue 17, "it counts as an input for 'you said, we did'
and the health check".
"""

from __future__ import annotations

import datetime as dt

from django.db.models import DateTimeField, OuterRef, Q, QuerySet, Subquery
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roundtable.conversation.models import Reply, Topic
from roundtable.feedback.inputs import InputKind
from roundtable.projects.models import StaffMembership
from roundtable.projects.permissions import ORGANISER_ROLES


def _organisers(project):
    """Ids of the organisation's organisers, as a subquery."""
    return StaffMembership.objects.filter(organisation_id=project.organisation_id, role__in=ORGANISER_ROLES).values(
        "user_id"
    )


def _shown_then(qs: QuerySet, as_of: dt.datetime | None) -> QuerySet:
    if as_of is None:
        return qs.filter(hidden_at__isnull=True)
    return qs.filter(created_at__lte=as_of).filter(Q(hidden_at__isnull=True) | Q(hidden_at__gt=as_of))


def topic_rows(project, as_of: dt.datetime | None) -> QuerySet:
    """Topics in ``project`` started by people other than its organisers, by ``as_of`` (None: now)."""
    qs = Topic.objects.filter(project=project).exclude(started_by__in=_organisers(project)).select_related("started_by")
    return qs if as_of is None else qs.filter(created_at__lte=as_of)


def reply_rows(project, as_of: dt.datetime | None) -> QuerySet:
    """Replies in ``project`` by people other than its organisers, shown (not hidden) at ``as_of``."""
    qs = Reply.objects.filter(project=project).exclude(author__in=_organisers(project))
    return _shown_then(qs, as_of).select_related("author", "topic")


def _first_organiser_reply(project, as_of: dt.datetime | None, **match) -> Subquery:
    replies = _shown_then(Reply.objects.filter(author__in=_organisers(project), **match), as_of)
    return Subquery(replies.order_by("id").values("created_at")[:1], output_field=DateTimeField())


def topic_answered_here(project, as_of: dt.datetime | None) -> Subquery:
    """When an organiser first replied in the topic (by ``as_of``), or NULL."""
    return _first_organiser_reply(project, as_of, topic=OuterRef("pk"))


def reply_answered_here(project, as_of: dt.datetime | None) -> Subquery:
    """When an organiser first replied after this reply in its topic (by ``as_of``), or NULL."""
    return _first_organiser_reply(project, as_of, topic=OuterRef("topic"), pk__gt=OuterRef("pk"))


def _cut(text: str, length: int = 160) -> str:
    return Truncator(text or "").chars(length)


def _topic_label(topic: Topic) -> tuple[str, str]:
    return f"{topic.title}: {topic.body}", _("topic in the conversation")


def _reply_label(reply: Reply) -> tuple[str, str]:
    return reply.body, _("reply in the conversation, topic %(title)s") % {"title": reply.topic.title}


def _topic_shown(topic: Topic, is_organiser: bool) -> str:
    return _("“%(title)s” (a topic in the conversation)") % {"title": _cut(topic.title, 150)}


def _reply_shown(reply: Reply, is_organiser: bool) -> str:
    if reply.hidden_at is not None:
        return _("A hidden reply in the conversation")
    return _("“%(words)s” (a reply in the conversation)") % {"words": _cut(reply.body, 200)}


TOPICS = InputKind(
    key="topic",
    heading=gettext_lazy("Conversation topics"),
    rows=topic_rows,
    author=lambda topic: topic.started_by,
    label=_topic_label,
    shown=_topic_shown,
    answered_here=topic_answered_here,
)
REPLIES = InputKind(
    key="reply",
    heading=gettext_lazy("Conversation replies"),
    rows=reply_rows,
    author=lambda reply: reply.author,
    label=_reply_label,
    shown=_reply_shown,
    answered_here=reply_answered_here,
)
