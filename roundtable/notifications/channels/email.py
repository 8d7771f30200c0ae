"""Email: the only place in Roundtable that sends mail.

Templates, by name: notifications/email/message-subject.txt, message-body.txt
and message-body.html. Every email carries the message's idempotency key in
an ``X-Roundtable-Message`` header and a Message-ID made from it, so a copy
sent twice (see "at-least-once" in services.py) can be spotted as the same.
"""

from __future__ import annotations

import hashlib
import smtplib
from email.utils import parseaddr
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from roundtable.lib.i18n import in_language_of
from roundtable.notifications.channels import ChannelUnavailable, DeliveryError
from roundtable.notifications.models import INBOX_HIDDEN_KINDS, MessageStatus

if TYPE_CHECKING:
    from roundtable.notifications.models import Message


def _absolute(path_name: str) -> str:
    try:
        return settings.SITE_URL + reverse(path_name)
    except NoReverseMatch:
        return settings.SITE_URL + "/"


def message_id_for(message: Message) -> str:
    digest = hashlib.sha256(message.idempotency_key.encode("utf-8")).hexdigest()[:32]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "roundtable.localhost"
    return f"<rt-{digest}@{domain}>"


def render_email(message: Message) -> tuple[str, str, str]:
    """The subject, plain text and HTML of the email for this message."""
    recipient = message.recipient if message.recipient_id else None
    context = {
        "message": message,
        "greeting_name": recipient.short_name if recipient else "",
        "body": message.body,
        "link_url": message.link_url,
        "link_text": message.link_text,
        "group_label": message.group_label,
        "profile_url": _absolute("accounts:profile"),
        "inbox_url": _absolute("notifications:inbox"),
        "show_inbox_link": recipient is not None and recipient.uses_web and message.kind not in INBOX_HIDDEN_KINDS,
    }
    with in_language_of(recipient):  # the words around the message, in the person's language
        subject = render_to_string("notifications/email/message-subject.txt", context)
        subject = " ".join(subject.split())  # one line: headers may not hold new lines
        text = render_to_string("notifications/email/message-body.txt", context)
        html = render_to_string("notifications/email/message-body.html", context)
    return subject, text, html


class EmailChannel:
    name = "email"
    done_status = MessageStatus.SENT
    retries = True
    respects_window = True

    def send(self, message: Message) -> None:
        address = message.email_address
        if not address:
            raise ChannelUnavailable("No email address.")
        subject, text, html = render_email(message)
        email = EmailMultiAlternatives(
            subject=subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            headers={"Message-ID": message_id_for(message), "X-Roundtable-Message": message.idempotency_key},
            connection=get_connection(fail_silently=False),
        )
        email.attach_alternative(html, "text/html")
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError(f"The email server refused the address: {exc}", permanent=True) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
