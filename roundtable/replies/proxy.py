"""Replies typed in by an organiser, in the person's own words, from a letter or a call: what the one entry
page (``/tasks/letters/replies/``, notifications/views_replies.py) asks of us through
``notifications.replies.ProxyReplies``."""

from __future__ import annotations

from django.urls import reverse

from roundtable.accounts.models import User
from roundtable.notifications.models import Message
from roundtable.notifications.replies import ProxyReplies
from roundtable.projects.permissions import organisations_organised_by
from roundtable.replies import services, targets


def find(user: User, message_id: int) -> Message | None:
    """The message numbered ``message_id`` if it went to a person, we can place a reply to it
    (``targets.target_for``), and ``user`` organises the organisation it belongs to; else None. Two queries."""
    message = Message.objects.select_related("recipient").filter(pk=message_id, recipient__isnull=False).first()
    if message is None:
        return None
    target = targets.target_for(message)
    if target is None or target.project.organisation_id not in set(organisations_organised_by(user.pk)):
        return None
    return message


def enter(*, actor: User, message: Message, text: str, channel: str) -> str:
    """Land the typed-in reply (``services.reply_enter_by_proxy``); the organisation's replies page, where it
    shows. Raises as that service does."""
    reply = services.reply_enter_by_proxy(actor=actor, message=message, text=text, channel=channel)
    assert reply.organisation is not None  # noqa: S101 - a reply typed in always has its project's organisation
    return reverse("replies:org_replies", args=[reply.organisation.slug])


PROXY_REPLIES = ProxyReplies(find=find, enter=enter)
