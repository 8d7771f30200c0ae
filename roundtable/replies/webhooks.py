"""Inbound email through django-anymail's webhooks (``/inbound/<esp>/inbound/`` and Mailgun's
``/inbound/mailgun/inbound_mime/``), and GOV.UK Notify's received-text callback.

Anymail checks each provider's signature (Mailgun's HMAC with ANYMAIL's MAILGUN_WEBHOOK_SIGNING_KEY,
Amazon SES's SNS signature, basic auth with ANYMAIL's WEBHOOK_SECRET for the others) before it sends its
``inbound`` signal; a call that fails gets 400 and nothing is filed. Our receiver files the raw message
through the same service as the ``inbound-email`` command.
"""

from __future__ import annotations

import logging

from anymail.signals import AnymailInboundEvent, inbound

from roundtable.replies.services import reply_file_email

logger = logging.getLogger(__name__)


def file_anymail_inbound(sender, event: AnymailInboundEvent, esp_name: str, **kwargs) -> None:
    """anymail's ``inbound`` signal: file the message (its envelope recipient tried first)."""
    message = event.message
    if message is None:
        return
    envelope = [message.envelope_recipient] if getattr(message, "envelope_recipient", None) else []
    filed = reply_file_email(raw=message.as_bytes(), envelope_recipients=envelope)
    logger.info("Inbound email from %s filed as reply %s (%s)", esp_name, filed.reply.pk, filed.reply.status)


def connect() -> None:
    inbound.connect(file_anymail_inbound, dispatch_uid="roundtable.replies.anymail_inbound")
