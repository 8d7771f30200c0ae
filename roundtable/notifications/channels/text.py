"""Text messages, through the provider chosen in the settings (see ``notifications/text``)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from roundtable.lib.i18n import in_language_of
from roundtable.lib.urls import absolute_url
from roundtable.notifications.channels import ChannelUnavailable, DeliveryError
from roundtable.notifications.models import INBOX_HIDDEN_KINDS, Message, MessageStatus
from roundtable.notifications.text import TextFailed, TextRejected, get_provider, mobile_number

if TYPE_CHECKING:
    from roundtable.notifications.models import Message as MessageType

TEXT_LIMIT = 612  # four text-message parts; Notify's own limit is 918 characters


def text_reference(message: MessageType) -> str:
    """The reference sent to the provider: the same for every try of one message."""
    return "rt-" + hashlib.sha256(message.idempotency_key.encode("utf-8")).hexdigest()[:40]


def render_text(message: MessageType) -> str:
    """The words of the text: who it is from, the subject, the message, and a link. Cut to fit.

    Our own words ("Easy Read: ...", "(read it all at the link)") are in the person's language.
    """
    with in_language_of(message.recipient if message.recipient_id else None):
        return _render_text(message)


def _render_text(message: MessageType) -> str:
    head = f"Roundtable: {message.group_label}\n" if message.group_label else "Roundtable\n"
    link = message.link_url
    if not link and message.recipient_id and message.kind not in INBOX_HIDDEN_KINDS:
        link = absolute_url(reverse("notifications:message_detail", args=[message.pk]))
    tail = f"\n{link}" if link else ""
    if message.easy_read_url:
        tail += "\n" + _("Easy Read: %(url)s") % {"url": message.easy_read_url}
    text = f"{head}{message.subject}\n{message.body}".strip()
    room = TEXT_LIMIT - len(tail)
    if len(text) > room:
        more = "… " + _("(read it all at the link)")
        text = text[: max(0, room - len(more))].rstrip() + more
    return text + tail


class TextChannel:
    name = "text"
    done_status = MessageStatus.SENT
    retries = True
    respects_window = True

    def send(self, message: Message) -> None:
        recipient = message.recipient if message.recipient_id else None
        profile = getattr(recipient, "profile", None) if recipient else None
        number = mobile_number(profile.phone if profile else "")
        if not number:
            raise ChannelUnavailable("No mobile phone number for texts.")
        provider = get_provider()
        if provider is None:
            raise ChannelUnavailable("Text messages are switched off on this site.")
        reference = text_reference(message)
        try:
            if message.maybe_sent:
                found = provider.find(reference=reference)
                if found:
                    message.provider_ref = found
                    return
            provider_id = provider.send(to=number, body=render_text(message), reference=reference)
        except TextRejected as exc:
            raise DeliveryError(str(exc), permanent=True) from exc
        except TextFailed as exc:
            raise DeliveryError(str(exc)) from exc
        message.provider_ref = provider_id
