"""Answers that come back by post: an organiser finds a letter by its reference and records the
reply slip for the person, by proxy.

Reads (``letter_for_reference``) and the write (``reply_slip_record``) are here, beside the letter
parts they use, so the outbox's own services stay about delivery.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from roundtable.audit.services import audit_record
from roundtable.notifications.access import visible_tasks_q
from roundtable.notifications.letter_parts import ReplySlip, parse_reference, parts_for
from roundtable.notifications.models import Message, TaskKind

if TYPE_CHECKING:
    from roundtable.accounts.models import User


@dataclass(frozen=True)
class ProxyReplies:
    """Replies in a person's own words, typed in by an organiser from a letter or a call (issue 17), for
    messages that carry no reply slip. The outbox cannot know where such a reply lands, so the ``replies``
    app registers this from its ``AppConfig.ready`` (``register_proxy_replies``):

    * ``find(user, message_id)``: the message (with ``recipient``) if ``user`` may type in a reply to it, else
      None. One or two queries.
    * ``enter(actor, message, text, channel)``: land it as the person's reply, by proxy ("post" or "phone"),
      and return the address of the page that shows it. Raises ValidationError (keyed ``text`` or
      ``channel``), PermissionDenied or Http404.
    """

    find: Callable[[User, int], Message | None]
    enter: Callable[..., str]


_PROXY: list[ProxyReplies] = []


def register_proxy_replies(handler: ProxyReplies) -> None:
    """Set the one handler for typed-in replies (the last registered wins)."""
    _PROXY[:] = [handler]


def proxy_replies() -> ProxyReplies | None:
    """The registered handler, or None (the outbox alone: only reply slips can be entered)."""
    return _PROXY[0] if _PROXY else None


def letter_for_reference(*, user: User, reference: str) -> Message | None:
    """The message a letter reference ("RT00042") points to, if this person may handle its envelope now.

    The envelope is the letter task that carries the message (one envelope a day, ``bundles.py``); the
    person must be its assignee and still hold a staff role that may see it (``access.visible_tasks_q``).
    None otherwise: nobody learns about other people's letters. One query.
    """
    message_id = parse_reference(reference)
    if message_id is None:
        return None
    return (
        Message.objects.select_related("recipient", "recipient__profile", "organiser")
        .filter(pk=message_id, carried_by__kind=TaskKind.POST)
        .filter(visible_tasks_q(user.pk, prefix="carried_by__"))
        .first()
    )


def reply_slip_for(message: Message) -> ReplySlip | None:
    """The reply slip printed on this message's letter, or None when the letter asks nothing."""
    return parts_for(message).reply_slip


@transaction.atomic
def reply_slip_record(*, actor: User, message: Message, chosen: list[str], comments: str) -> ReplySlip:
    """Record the answers from a returned reply slip for the letter's reader, by proxy.

    ``chosen`` are the keys of the ticked boxes; ``comments`` what they wrote (up to 2,000
    characters). The slip's owner (for a poll: meetings) saves the answers and checks the actor may;
    this writes an audit row marked as done by proxy (without the answers for a private slip).
    Raises ValidationError when the letter has no
    reply slip or a key is not one of its boxes.
    """
    slip = reply_slip_for(message)
    if slip is None or slip.record is None:
        raise ValidationError(_("This letter has no reply slip."))
    keys = {key for key, _words in slip.options}
    unknown = [key for key in chosen if key not in keys]
    if unknown:
        raise ValidationError(_("Tick only the boxes that are on the slip."))
    comments = (comments or "").strip()[:2000]
    slip.record(actor=actor, chosen=list(chosen), comments=comments)
    audit_record(
        actor=actor,
        action="letter.reply_recorded",
        subject=message.recipient,
        obj=message,
        by_proxy=True,
        summary=_("Reply slip entered from a letter"),
        details={} if slip.private else {"chosen": sorted(chosen), "comments": comments},
    )
    return slip
