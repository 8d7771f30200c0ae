"""What a conversation letter carries: the project's contact and a reply slip (docs/conversation.md).

Registered with the outbox's letter parts in ``ConversationConfig.ready``. A "new topic" or "new replies"
message (keys ``conversation:topic:<topic>:new:<person>`` and ``conversation:topic:<topic>:replies:<date>:
<person>``) printed as a letter ends with a slip: "Do you want to reply?" and space to write. The organiser
types the letter's reference at ``/tasks/letters/replies/`` and copies what the person wrote; ``_record``
posts it in the topic as their reply, by post, typed in by the organiser (``services.reply_post``).
"""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from roundtable.notifications.letter_parts import LetterParts, ReplySlip
from roundtable.projects.letters import contact_for_project

if TYPE_CHECKING:
    from roundtable.notifications.models import Message

_KEY = re.compile(r"^conversation:topic:(\d+):(?:new|replies:[0-9-]+):(\d+)$")


def _record(topic_id: int, person_id: int, *, actor, chosen: list[str], comments: str) -> str:
    """Post what the person wrote on the slip as their reply, by post. Raises ValidationError when the slip
    is blank or the person may not post any more."""
    from roundtable.accounts.models import User
    from roundtable.conversation.models import Channel, Topic
    from roundtable.conversation.services import reply_post

    if not (comments or "").strip():
        raise ValidationError(_("Copy what the person wrote on the slip into the box."))
    topic = Topic.objects.select_related("project").get(pk=topic_id)
    person = User.objects.get(pk=person_id)
    try:
        reply_post(topic=topic, author=person, body=comments, channel=Channel.POST, entered_by=actor)
    except ValidationError as error:
        raise ValidationError(error.messages) from None
    return _("Their reply is posted in the topic, marked as sent by post.")


def letter_parts(message: Message) -> LetterParts | None:
    """The contact and a reply slip for a conversation letter, or None for any other message."""
    found = _KEY.match(message.idempotency_key or "")
    if not found:
        return None
    from roundtable.conversation.models import Topic

    topic = (
        Topic.objects.select_related("project__organisation", "project__contact").filter(pk=int(found.group(1))).first()
    )
    if topic is None:
        return None
    organiser = message.organiser if message.organiser_id else None
    parts = LetterParts(contact=contact_for_project(topic.project, person=organiser))
    parts.reply_slip = ReplySlip(
        question=_('Do you want to reply to "%(title)s"? Write your reply below and post this slip back to us.')
        % {"title": topic.title},
        options=[],
        record=partial(_record, topic.pk, int(found.group(2))),
        comments_prompt=_("Your reply:"),
    )
    return parts
