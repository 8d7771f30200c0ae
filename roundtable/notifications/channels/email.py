"""Email: the only place in Roundtable that sends mail.

Templates, by name: notifications/email/message-subject.txt, message-body.txt
and message-body.html. Every email carries the message's idempotency key in
an ``X-Roundtable-Message`` header and a Message-ID made from it, so a copy
sent twice (see "at-least-once" in services.py) can be spotted as the same.
"""

from __future__ import annotations

import hashlib
import secrets
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parseaddr
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.autoreload import file_changed
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _

from roundtable.lib.i18n import in_language_of, language_of
from roundtable.lib.urls import absolute_url
from roundtable.notifications.channels import ChannelUnavailable, DeliveryError
from roundtable.notifications.models import INBOX_HIDDEN_KINDS, Message, MessageStatus


def _absolute(path_name: str) -> str:
    """The full address of the page named ``path_name``, or of the home page if there is none."""
    try:
        return absolute_url(reverse(path_name))
    except NoReverseMatch:
        return absolute_url("/")


@lru_cache(maxsize=8)
def sender_domain(from_email: str) -> str:
    """The domain of an address such as ``settings.DEFAULT_FROM_EMAIL`` ("Roundtable <hello@x.org>" gives
    "x.org"; "roundtable.localhost" if it has none). Kept, as every email of a fan-out asks it."""
    return parseaddr(from_email)[1].rpartition("@")[2] or "roundtable.localhost"


def message_id_for(message: Message) -> str:
    digest = hashlib.sha256(message.idempotency_key.encode("utf-8")).hexdigest()[:32]
    return f"<rt-{digest}@{sender_domain(settings.DEFAULT_FROM_EMAIL)}>"


ReplyAddressHook = Callable[[Message], "str | None"]
_reply_address_hooks: list[ReplyAddressHook] = []


def register_reply_address(hook: ReplyAddressHook) -> None:
    """Let a higher app give each email its Reply-To: ``hook(message)`` returns an address or None.

    The outbox cannot know where answers go (the ``replies`` app, above it, does), so the app registers
    a hook in its ``AppConfig.ready()`` (docs/replies.md). The first hook that answers wins; registering
    the same hook twice has no effect.
    """
    if hook not in _reply_address_hooks:
        _reply_address_hooks.append(hook)


def reply_address_for(message: Message) -> str | None:
    """The Reply-To address for this message's email, or None (no hook registered, or none answered)."""
    for hook in _reply_address_hooks:
        address = hook(message)
        if address:
            return address
    return None


AUTO_ANSWER_KINDS = frozenset({"reply_answer"})  # answers a machine writes to an email it could not place

DIGEST_ITEM_CHARACTERS = 600  # as in the round-up's plain text: a long message is cut, with its link to read it all


@dataclass
class DigestItem:
    subject: str
    text: str
    link_url: str
    link_text: str


@dataclass
class DigestGroup:
    label: str
    items: list[DigestItem] = field(default_factory=list)


def digest_groups(digest: Message) -> list[DigestGroup]:
    """The messages a round-up gathered, grouped by project (``group_label``), for its HTML part. One query.

    Each item keeps its own subject, its words (cut at 600 characters) and its link, so the HTML can
    give each project a heading, each message a list item, and each address a real link.
    """
    groups: dict[str, DigestGroup] = {}
    rows = Message.objects.filter(digest=digest).order_by("group_label", "created_at", "id")
    for row in rows.only("subject", "body", "link_url", "link_text", "group_label"):
        label = row.group_label or str(_("Other messages"))
        text = row.body.strip()
        if len(text) > DIGEST_ITEM_CHARACTERS:
            text = text[:DIGEST_ITEM_CHARACTERS].rstrip() + "…"
        item = DigestItem(subject=row.subject, text=text, link_url=row.link_url, link_text=row.link_text)
        groups.setdefault(label, DigestGroup(label)).items.append(item)
    return list(groups.values())


def render_email(message: Message) -> tuple[str, str, str]:
    """The subject, plain text and HTML of the email for this message.

    A round-up (kind "digest") gets real HTML: a heading per project, a list of its messages, and
    each web address as a link that wraps on a narrow phone screen (see ``digest_groups``).

    The templates see only the values in ``_context`` (the subject, words, link, group, greeting name, and
    whether to show the inbox link), so a fan-out renders them once for everyone it goes to in one language:
    ``_render_shared`` keeps the last renders, made with a stand-in for the person's name, and each email puts
    the name in where the stand-in is (escaped in the HTML, as the template would). If the stand-in is not
    there exactly once (a translation that says the name twice), the email is rendered for the person.
    """
    recipient = message.recipient if message.recipient_id else None
    greeting_name = recipient.short_name if recipient else ""
    show_inbox_link = recipient is not None and recipient.uses_web and message.kind not in INBOX_HIDDEN_KINDS
    if message.kind == "digest" and message.pk:
        with in_language_of(recipient):
            return _render(_context(message, greeting_name, show_inbox_link, digest_groups(message)))
    shared = _render_shared(
        language_of(recipient), message.subject, message.body, message.link_url, message.link_text,
        message.group_label, bool(greeting_name), show_inbox_link, settings.SITE_URL, get_urlconf(),
        get_script_prefix(),
    )  # fmt: skip
    subject, text, html = shared
    if not greeting_name:
        return shared
    if text.count(_NAME) != 1 or html.count(_NAME) != 1:
        with in_language_of(recipient):
            return _render(_context(message, greeting_name, show_inbox_link, []))
    return subject, text.replace(_NAME, greeting_name), html.replace(_NAME, str(conditional_escape(greeting_name)))


# Stands in for the person's name in a shared render: letters and digits only, so escaping leaves it alone.
_NAME = "rtname" + secrets.token_hex(12)


def _context(message, greeting_name: str, show_inbox_link: bool, groups: list[DigestGroup]) -> dict:
    """Everything the three email templates see."""
    return {
        "subject": message.subject,
        "greeting_name": greeting_name,
        "body": message.body,
        "link_url": message.link_url,
        "link_text": message.link_text,
        "group_label": message.group_label,
        "profile_url": _absolute("accounts:profile"),
        "inbox_url": _absolute("notifications:inbox"),
        "show_inbox_link": show_inbox_link,
        "digest_groups": groups,
    }


def _render(context: dict) -> tuple[str, str, str]:
    subject: str = render_to_string("notifications/email/message-subject.txt", context)
    subject = " ".join(subject.split())  # one line: headers may not hold new lines
    text = render_to_string("notifications/email/message-body.txt", context)
    html = render_to_string("notifications/email/message-body.html", context)
    return subject, text, html


def _forget_renders(**kwargs) -> None:
    """A setting (a tests' language catalogue, the site's address) or a template file changed: render anew."""
    _render_shared.cache_clear()


setting_changed.connect(_forget_renders)
file_changed.connect(_forget_renders)


@dataclass(frozen=True)
class _Shared:
    subject: str
    body: str
    link_url: str
    link_text: str
    group_label: str


@lru_cache(maxsize=64)
def _render_shared(
    language: str, subject: str, body: str, link_url: str, link_text: str, group_label: str, named: bool,
    show_inbox_link: bool, site_url: str, urlconf: str | None, script_prefix: str,
) -> tuple[str, str, str]:  # fmt: skip
    """One render of the templates for every email with these values (the last 64 kept). The site's address,
    URL configuration and script prefix are part of the key because the profile and inbox links use them."""
    shared = _Shared(subject=subject, body=body, link_url=link_url, link_text=link_text, group_label=group_label)
    with translation.override(language):
        return _render(_context(shared, _NAME if named else "", show_inbox_link, []))


class _Email(EmailMultiAlternatives):
    """An email whose MIME boundary is made from its Message-ID, when that does not occur in the text.

    The standard library otherwise makes a random boundary and compiles a regular expression to check
    it against the whole text, once per email: a fifth of the time a fan-out spends building its mail.
    """

    boundary = ""

    def _create_alternatives(self, msg):
        msg = super()._create_alternatives(msg)  # type: ignore[misc]  # Django's, not in its stubs
        if self.boundary and msg.is_multipart():
            msg.set_boundary(self.boundary)
        return msg


def _boundary(message: Message, *parts: str) -> str:
    boundary = "=_rt-" + hashlib.sha256(message.idempotency_key.encode("utf-8")).hexdigest()[:40]
    return "" if any(boundary in part for part in parts) else boundary


class EmailChannel:
    name = "email"
    done_status = MessageStatus.SENT
    retries = True
    respects_window = True

    def can_tell_if_sent(self) -> bool:
        """Whether the mail service can say later if it has an email (``has_message``; the one-file-per-email
        backend can, SMTP cannot). If not, each email's outcome is recorded as soon as it is sent."""
        return hasattr(get_connection(), "has_message")

    def send(self, message: Message) -> None:
        address = message.email_address
        if not address:
            raise ChannelUnavailable("No email address.")
        connection = get_connection(fail_silently=False)
        has_message = getattr(connection, "has_message", None)
        if message.maybe_sent and has_message is not None and has_message(message_id_for(message)):
            return  # a worker sent it, then stopped before it could say so; the mail service has it
        subject, text, html = render_email(message)
        email = _Email(
            subject=subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            headers={"Message-ID": message_id_for(message), "X-Roundtable-Message": message.idempotency_key},
            connection=connection,
        )
        if message.kind in AUTO_ANSWER_KINDS:  # RFC 3834: so other machines never answer our answer
            email.extra_headers["Auto-Submitted"] = "auto-replied"
        reply_to = reply_address_for(message)
        if reply_to:
            email.reply_to = [reply_to]
        email.attach_alternative(html, "text/html")
        email.boundary = _boundary(message, subject, text, html)
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError(f"The email server refused the address: {exc}", permanent=True) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
