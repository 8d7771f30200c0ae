"""Reply addresses: ``reply+<message>.<time>.<signature>@<REPLY_DOMAIN>``, one per message (so one per
person and message), signed with the site's secret so nobody can guess or forge one.

All in lower case letters and digits, because some mail systems change the case of the part before
the @. The signature is an HMAC-SHA256 (``django.utils.crypto.salted_hmac``, keyed by SECRET_KEY) of the
message's id and the time it was made, cut to 24 hex digits (96 bits). An address older than
``REPLY_ADDRESS_DAYS`` (default 180) is still recognised, but as expired.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from roundtable.notifications.channels.email import sender_domain
from roundtable.notifications.models import Message

SALT = "roundtable.replies.address"
_TOKEN = re.compile(r"^reply\+([0-9a-z]{1,13})\.([0-9a-z]{1,13})\.([0-9a-f]{24})$")
_ANY_REPLY = re.compile(r"^reply\+", re.IGNORECASE)


def _b36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


def reply_domain() -> str:
    """The domain of reply addresses: REPLY_DOMAIN, else the domain of DEFAULT_FROM_EMAIL."""
    configured = getattr(settings, "REPLY_DOMAIN", "")
    return configured or sender_domain(settings.DEFAULT_FROM_EMAIL)


def _signature(message_id: int, made: int) -> str:
    return salted_hmac(SALT, f"{message_id}:{made}", algorithm="sha256").hexdigest()[:24]


def reply_address(message_id: int, *, made: int | None = None) -> str:
    """The reply address for message ``message_id``, made at ``made`` (seconds since 1970; now if None)."""
    made = int(time.time()) if made is None else made
    return f"reply+{_b36(message_id)}.{_b36(made)}.{_signature(message_id, made)}@{reply_domain()}"


def reply_address_for_message(message: Message) -> str | None:
    """The hook the email channel calls (``register_reply_address``): an address for a message to a person.

    A message with no person (sent to a bare email address, e.g. an invitation) gets none.
    """
    if not message.pk or not message.recipient_id:
        return None
    return reply_address(message.pk)


@dataclass(frozen=True)
class AddressCheck:
    """What a reply address says. ``state``: "ok", "expired", "forged" or "none" (not a reply address)."""

    state: str
    message_id: int | None = None


def read_address(address: str, *, now: float | None = None) -> AddressCheck:
    """Check one address (``"reply+…@domain"``). Never raises.

    "forged": it looks like a reply address but the signature (or the domain) is wrong;
    "expired": the signature is right but it is older than REPLY_ADDRESS_DAYS days (message_id is given,
    so the admins can see what it answered); "ok": use it.
    """
    local, _at, domain = (address or "").strip().lower().rpartition("@")
    if not _ANY_REPLY.match(local):
        return AddressCheck("none")
    found = _TOKEN.match(local)
    if not found or domain != reply_domain().lower():
        return AddressCheck("forged")
    message_id, made = int(found.group(1), 36), int(found.group(2), 36)
    if not constant_time_compare(_signature(message_id, made), found.group(3)):
        return AddressCheck("forged")
    now = time.time() if now is None else now
    days = getattr(settings, "REPLY_ADDRESS_DAYS", 180)
    if now - made > days * 86400 or made - now > 3600:
        return AddressCheck("expired", message_id)
    return AddressCheck("ok", message_id)
