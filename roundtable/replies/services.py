"""Filing replies from every channel: land them, or keep them aside and answer the sender once.

``reply_file_email(raw=…)`` (the ``inbound-email`` command and anymail's inbound webhooks),
``reply_file_text(…)`` (GOV.UK Notify's received-text callback), ``reply_enter_by_proxy(…)`` (an
organiser types in a letter's reply slip or a call's notes). Each keeps one ``InboundReply`` row,
whatever becomes of the reply, inside one transaction, and is idempotent on the provider's id.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.accounts.models import User
from roundtable.audit.services import audit_record
from roundtable.lib.i18n import in_language_of
from roundtable.lib.urls import absolute_url
from roundtable.notifications.letter_parts import letter_reference
from roundtable.notifications.models import Message
from roundtable.notifications.services import message_queue
from roundtable.notifications.text import mobile_number
from roundtable.projects.models import Membership, Organisation
from roundtable.projects.permissions import require_organiser_of
from roundtable.replies import addresses, targets
from roundtable.replies.models import RAW_KEPT, TEXT_KEPT, InboundReply, ReplyFile
from roundtable.replies.parse import ParsedEmail, headers_only, parse_email

Status = InboundReply.Status
Reason = InboundReply.Reason


def max_bytes() -> int:
    """The biggest inbound email we read (INBOUND_MAX_BYTES, default 10 MB)."""
    return getattr(settings, "INBOUND_MAX_BYTES", 10 * 1024 * 1024)


def max_attachments() -> int:
    """The most attachments one reply may carry (INBOUND_MAX_ATTACHMENTS, default 10)."""
    return getattr(settings, "INBOUND_MAX_ATTACHMENTS", 10)


@dataclass(frozen=True)
class Filed:
    """What became of one reply: the row, and for the command line whether to refuse it (exit non-zero)."""

    reply: InboundReply
    refused: bool
    reason: str


def _existing(external_id: str | None) -> InboundReply | None:
    if not external_id:
        return None
    return InboundReply.objects.filter(external_id=external_id).first()


def _save(reply: InboundReply) -> InboundReply:
    """Save a new row; if another process filed the same provider id first, return theirs."""
    try:
        with transaction.atomic():
            reply.save()
    except IntegrityError:
        found = _existing(reply.external_id)
        if found is None:
            raise
        return found
    return reply


def _answer_sender(reply: InboundReply) -> None:
    """Tell the sender of a reply we could not place, once, how to reach the project.

    Through the outbox, at most one answer per address (or person) a week (the key has the week), and
    never to an automatic reply (the caller checks), so two machines cannot answer each other forever.
    The answer carries ``Auto-Submitted: auto-replied`` (notifications/channels/email.py).
    """
    who = reply.person
    if who is None and not (reply.channel == InboundReply.Channel.EMAIL and reply.sender):
        return  # an unknown phone number: the outbox cannot text a number that is no one's
    if who is not None and not who.is_active:
        return
    week = timezone.now().strftime("%G-%V")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{(who.pk if who else reply.sender)}".encode()).hexdigest()[:24]
    organisation = reply.organisation if reply.organisation_id else None
    ways = []
    if organisation is not None and organisation.phone:
        ways.append(_("Phone %(phone)s.") % {"phone": organisation.phone})
    if organisation is not None and organisation.postal_address:
        ways.append(_("Write to %(address)s.") % {"address": ", ".join(organisation.postal_address.split("\n"))})
    if not ways:
        ways.append(
            _("Please contact the organiser who wrote to you, or sign in at %(site)s.") % {"site": absolute_url("/")}
        )
    body = _(
        "Thank you for your message. We could not pass it on. We could not tell which project it is for, "
        "or the address you wrote to has stopped working.\n\n"
        "To reach the project: %(ways)s\n\n"
        "This is an automatic answer. We only send it once."
    ) % {"ways": " ".join(str(w) for w in ways)}
    message_queue(
        recipient=who,
        to_email="" if who else reply.sender,
        subject=_("We could not pass on your message"),
        body=body,
        kind="reply_answer",
        organisation_id=reply.organisation_id,
        idempotency_key=f"reply-answer:{digest}:{week}",
    )
    reply.sender_answered_at = timezone.now()
    reply.save(update_fields=["sender_answered_at"])


def _tell_to_read(reply: InboundReply, message: Message | None) -> None:
    """A reply from a known person that answers nothing we can place: tell whoever sent the message."""
    organiser = message.organiser if message is not None else None
    organisation = reply.organisation if reply.organisation_id else None
    if organiser is None or organisation is None:
        return
    name = reply.person.short_name if reply.person else reply.sender
    message_queue(
        recipient=organiser,
        subject=_("%(name)s sent a reply for you to read") % {"name": name},
        body=reply.text[:2000],
        kind="reply_to_read",
        organisation_id=reply.organisation_id,
        link_url=absolute_url(reverse("replies:org_replies", args=[organisation.slug])),
        link_text=_("Read replies"),
        idempotency_key=f"reply:{reply.pk}:to-read",
    )


ROUND_UP_KINDS = frozenset({"digest", "reply_which"})
_NAMED_REFERENCE = re.compile(r"\bRT[\s-]*0*(\d{1,12})\b", re.IGNORECASE)


def _round_up_items(message: Message) -> list[Message]:
    """The messages a round-up (``kind="digest"``) carried, newest first; for our "which one?" question
    (``kind="reply_which"``, ``topic="replies:round-up:<digest id>"``) those of the round-up it asks about."""
    digest_id: int | None = message.pk
    if message.kind == "reply_which":
        tail = (message.topic or "").rpartition(":")[2]
        digest_id = int(tail) if tail.isdigit() else None
    if digest_id is None:
        return []
    return list(
        Message.objects.filter(digest_id=digest_id, recipient_id=message.recipient_id).order_by("-created_at", "-id")
    )


def _round_up_choice(text: str, items: list[Message]) -> Message | None:
    """Which item of a round-up a reply answers: the one whose reference ("RT00042") the person wrote, else
    the only place all of them would land (every item has the same target), else None."""
    by_id = {item.pk: item for item in items}
    for found in _NAMED_REFERENCE.finditer(text or ""):
        if int(found.group(1)) in by_id:
            return by_id[int(found.group(1))]
    places = {}
    for item in items:
        target = targets.target_for(item)
        if target is None:
            return None
        places[(target.project.pk, target.label)] = item
    return next(iter(places.values())) if len(places) == 1 else None


def _ask_which(reply: InboundReply, round_up: Message, items: list[Message]) -> None:
    """Ask the person, once, on the channel their reply came by, which message of the round-up they answer,
    listing each with its reference; their answer to this question lands by ``_round_up_choice``."""
    person = reply.person
    if person is None or not person.is_active or not items:
        return
    digest_id = round_up.pk if round_up.kind == "digest" else (round_up.topic or "").rpartition(":")[2]
    with in_language_of(person):
        lines = "\n".join(
            f"{letter_reference(item.pk)}: {item.subject}" + (f" ({item.group_label})" if item.group_label else "")
            for item in items[:20]
        )
        body = _(
            "Thank you for your reply. You answered a round-up of %(count)d messages. We do not know which one "
            "you mean. We have kept your reply for the organiser to read.\n\n"
            "To send it to the right place, reply to this message. Put the code of the message you mean "
            "(like %(example)s) and your words again.\n\n%(lines)s"
        ) % {"count": len(items), "example": letter_reference(items[0].pk), "lines": lines}
        message_queue(
            recipient=person,
            subject=_("Which message are you answering?"),
            body=body,
            kind="reply_which",
            organisation_id=reply.organisation_id,
            idempotency_key=f"reply:{reply.pk}:which",
            topic=f"replies:round-up:{digest_id}",
            channels=[reply.channel] if reply.channel in ("email", "text") else None,
        )


def _land(reply: InboundReply, message: Message | None) -> InboundReply:
    """Put a reply from a known person where it belongs, or keep it aside with a reason.

    A reply to a round-up (several messages in one) lands on the item it names by reference, or on the
    only place every item would land; otherwise it waits in "replies to read" of the organisation of the
    newest item (its organiser told) and the person is asked which message they answer (``_ask_which``).
    """
    if message is not None and message.kind in ROUND_UP_KINDS:
        items = _round_up_items(message)
        chosen = _round_up_choice(reply.text, items)
        if chosen is None:
            organisations = [item.scope_organisation_id for item in items if item.scope_organisation_id]
            reply.organisation_id = organisations[0] if organisations else reply.organisation_id
            reply.status, reply.reason = Status.TO_READ, Reason.ROUND_UP
            reply.save(update_fields=["status", "reason", "organisation"])
            _tell_to_read(reply, message)
            _ask_which(reply, message, items)
            return reply
        message = chosen
        reply.message = chosen
        reply.save(update_fields=["message"])
    target = targets.target_for(message) if message is not None else None
    if target is None:
        reply.status = Status.TO_READ
        reply.reason = Reason.NO_PLACE
        reply.save(update_fields=["status", "reason"])
        _tell_to_read(reply, message)
        return reply
    reply.project = target.project
    reply.organisation_id = target.project.organisation_id
    active = Membership.objects.filter(
        project=target.project, user=reply.person, status=Membership.Status.ACTIVE
    ).exists()
    if not active and not reply.by_proxy:
        reply.status = Status.QUARANTINED
        reply.reason = Reason.LEFT
        reply.save(update_fields=["status", "reason", "project", "organisation"])
        _answer_sender(reply)
        return reply
    assert reply.person is not None
    incoming = targets.Incoming(
        person=reply.person,
        text=reply.text[:2000],
        channel=reply.channel,
        key=f"inbound:{reply.pk}",
        by_proxy=reply.by_proxy,
        entered_by=reply.entered_by,
    )
    try:
        with transaction.atomic():  # a target that refuses (the author may not post there) leaves nothing behind
            reply.landed_as = target.land(incoming)[:40]
    except ValidationError:
        reply.status = Status.TO_READ
        reply.reason = Reason.NOT_ALLOWED
        reply.save(update_fields=["status", "reason", "project", "organisation"])
        _tell_to_read(reply, message)
        return reply
    reply.status = Status.LANDED
    reply.save(update_fields=["status", "landed_as", "project", "organisation"])
    return reply


def _organisation_of(message: Message | None) -> int | None:
    if message is None:
        return None
    if message.scope_organisation_id and Organisation.objects.filter(pk=message.scope_organisation_id).exists():
        return message.scope_organisation_id
    return None


@transaction.atomic
def reply_file_email(*, raw: bytes, envelope_recipients: list[str] | None = None) -> Filed:
    """File one raw RFC 5322 email (bytes). Returns what became of it; never loses it.

    Refused (``Filed.refused``; the command exits non-zero so the mail server bounces it): bigger than
    INBOUND_MAX_BYTES (only its headers are kept) or more than INBOUND_MAX_ATTACHMENTS attachments.
    Automatic replies are kept as refused but not bounced. Unknown senders, forged or expired reply
    addresses, a sender other than the person we wrote to, or someone who left: quarantined, and the
    sender answered once (``_answer_sender``). Filing the same Message-ID again returns the first row.
    """
    if len(raw) > max_bytes():
        head = headers_only(raw)[:RAW_KEPT]
        parsed = parse_email(head, extra_recipients=envelope_recipients)
        reply = InboundReply(
            channel=InboundReply.Channel.EMAIL,
            status=Status.REFUSED,
            reason=Reason.TOO_BIG,
            sender=parsed.sender[:254],
            subject=parsed.subject,
            raw=head,
        )
        return Filed(_save(reply), True, str(Reason.TOO_BIG.label))
    parsed = parse_email(raw, extra_recipients=envelope_recipients)
    external_id = f"email:{parsed.message_id}" if parsed.message_id else None
    found = _existing(external_id)
    if found is not None:
        return Filed(found, found.status == Status.REFUSED and found.reason != Reason.AUTO_REPLY, found.reason)
    reply = InboundReply(
        channel=InboundReply.Channel.EMAIL,
        sender=parsed.sender[:254],
        subject=parsed.subject,
        text=parsed.text[:TEXT_KEPT],
        raw=raw[:RAW_KEPT] if len(raw) <= RAW_KEPT else headers_only(raw)[:RAW_KEPT],
        attachments=parsed.attachments[:100],
        external_id=external_id,
        status=Status.QUARANTINED,
    )
    check = addresses.AddressCheck("none")
    for address in parsed.recipients:
        check = addresses.read_address(address)
        if check.state != "none":
            break
    message = (
        Message.objects.select_related("recipient").filter(pk=check.message_id).first() if check.message_id else None
    )
    reply.message = message
    reply.organisation_id = _organisation_of(message)
    if message is not None and message.recipient_id:
        reply.person = message.recipient
    elif parsed.sender:
        reply.person = User.objects.filter(email__iexact=parsed.sender).first()
    if parsed.auto_reply:
        reply.status, reply.reason = Status.REFUSED, Reason.AUTO_REPLY
        return Filed(_save(reply), False, str(Reason.AUTO_REPLY.label))
    if len(parsed.attachments) > max_attachments():
        reply.status, reply.reason = Status.REFUSED, Reason.TOO_MANY_FILES
        return Filed(_save(reply), True, str(Reason.TOO_MANY_FILES.label))
    reasons = {"none": Reason.NO_ADDRESS, "forged": Reason.FORGED, "expired": Reason.EXPIRED}
    if check.state != "ok" or message is None or message.recipient is None:
        reply.reason = reasons.get(check.state, Reason.NO_ADDRESS)
        if check.state == "none" and reply.person is None:
            reply.reason = Reason.UNKNOWN_SENDER
        reply = _save(reply)
        _answer_sender(reply)
        return Filed(reply, False, str(Reason(reply.reason).label))
    if parsed.sender != (message.recipient.email or "").strip().lower():
        reply.reason = Reason.WRONG_SENDER
        reply.person = None
        reply = _save(reply)
        _answer_sender(reply)
        return Filed(reply, False, str(Reason.WRONG_SENDER.label))
    if not reply.text.strip():
        reply.status, reply.reason = Status.TO_READ, Reason.EMPTY
        reply = _save(reply)
        _keep_files(reply, parsed)  # "see attached" with no words: an organiser reads the files
        return Filed(reply, False, str(Reason.EMPTY.label))
    reply = _save(reply)
    if reply.status != Status.QUARANTINED or reply.reason:
        return Filed(reply, False, reply.reason)  # filed before, by another process
    reply = _land(reply, message)
    if reply.status in (Status.LANDED, Status.TO_READ):
        _keep_files(reply, parsed)
    return Filed(reply, False, reply.reason)


def _keep_files(reply: InboundReply, parsed: ParsedEmail) -> None:
    """Keep the attachments that passed the checks (``parse.parse_email`` ran ``meetings.uploads.check_upload``
    on each: its name's ending and its first bytes, up to 20 MB) as ``ReplyFile`` rows with the reply, and
    tell the sender once, in plain words, which files we could not keep and why.

    Only for a reply from someone we know that landed or waits for an organiser: files from unknown senders,
    forged addresses or people who left are never stored (their names and checks stay in ``attachments``).
    """
    if reply.files.exists():
        return  # kept already (the same message filed twice)
    for name, content_type, data in parsed.files:
        ReplyFile.objects.create(
            reply=reply, name=name, content_type=content_type, size=len(data), file=ContentFile(data, name=name)
        )
    refused = [a for a in reply.attachments if not a.get("ok")]
    person = reply.person
    if not refused or person is None or not person.is_active:
        return
    lines = "\n".join(f"- {a['name']}: {a['error']}" for a in refused)
    with in_language_of(person):
        kept = (
            _("We kept your words and passed them on.")
            if reply.status == Status.LANDED
            else _("We kept your message for an organiser to read.")
        )
        body = _(
            "Thank you for your reply. %(kept)s\n\n"
            "We could not keep these files:\n%(lines)s\n\n"
            "You can send them again. We can keep PDF and Word files, photos and sound. "
            "Each one can be up to 20 MB. Or ask the organiser to help."
        ) % {"kept": kept, "lines": lines}
        message_queue(
            recipient=person,
            subject=_("We could not keep a file you sent"),
            body=body,
            kind="reply_files_refused",
            organisation_id=reply.organisation_id,
            idempotency_key=f"reply:{reply.pk}:files-refused",
        )


def uk_mobile(raw: str) -> str:
    """A UK mobile number in +447… form however it was written ("07700 900123", "+44 (0)7700 900123",
    "447700900123"), or "" if it is not one. Built on ``notifications.text.mobile_number``."""
    digits = re.sub(r"\(0\)", "", raw or "")
    digits = re.sub(r"[^\d+]", "", digits)
    if digits.startswith("44") and not digits.startswith("+"):
        digits = "+" + digits
    return mobile_number(digits)


def person_for_number(number: str) -> User | None:
    """The active person whose profile phone is this UK mobile (any spelling, see ``uk_mobile``), or None.

    If two people share the number, None: we cannot tell who it is (the reply is kept aside). One query.
    """
    wanted = uk_mobile(number)
    if not wanted:
        return None
    squeezed = Replace(
        Replace(Replace("profile__phone", Value(" "), Value("")), Value("-"), Value("")), Value(")"), Value("")
    )
    candidates = User.objects.filter(is_active=True).annotate(squeezed=squeezed)
    people = [
        user
        for user in candidates.filter(squeezed__endswith=wanted[-9:]).select_related("profile")
        if uk_mobile(user.profile.phone) == wanted
    ]
    return people[0] if len(people) == 1 else None


def last_text_to(person: User) -> Message | None:
    """The last message we sent this person by text (its delivery on the text channel succeeded)."""
    return (
        Message.objects.filter(recipient=person, deliveries__channel="text", deliveries__outcome="sent")
        .order_by("-deliveries__created_at", "-id")
        .first()
    )


@transaction.atomic
def reply_file_text(*, provider_id: str, source_number: str, text: str) -> InboundReply:
    """File one received text (GOV.UK Notify's callback: its ``id``, ``source_number`` and ``message``).

    Matched to the person by phone number (``person_for_number``); it answers the last message we sent
    them by text. Unknown numbers are quarantined (not answered: the outbox texts only people). The
    same ``provider_id`` twice returns the first row.
    """
    external_id = f"text:{provider_id}"[:250]
    found = _existing(external_id)
    if found is not None:
        return found
    person = person_for_number(source_number)
    message = last_text_to(person) if person is not None else None
    reply = InboundReply(
        channel=InboundReply.Channel.TEXT,
        status=Status.QUARANTINED,
        sender=(uk_mobile(source_number) or source_number)[:254],
        text=(text or "").strip()[:TEXT_KEPT],
        external_id=external_id,
        person=person,
        message=message,
        organisation_id=_organisation_of(message),
    )
    if person is None:
        reply.reason = Reason.UNKNOWN_SENDER
        return _save(reply)
    if not reply.text:
        reply.status, reply.reason = Status.TO_READ, Reason.EMPTY
        return _save(reply)
    reply = _save(reply)
    if reply.reason:
        return reply
    return _land(reply, message)


@transaction.atomic
def reply_enter_by_proxy(*, actor: User, message: Message, text: str, channel: str) -> InboundReply:
    """An organiser types in a person's answer to ``message``: a letter's reply slip ("post") or what they
    said on a call ("phone"). It lands as theirs, marked as by proxy, with an audit row.

    Raises ValidationError for an empty text or another channel; PermissionDenied / Http404 when the
    actor does not organise the project the message is about (or it answers nothing we can place).
    """
    if channel not in (InboundReply.Channel.POST, InboundReply.Channel.PHONE):
        raise ValidationError({"channel": _("Choose post or phone.")})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Type what they said.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("Keep it to 2,000 letters or fewer.")})
    if message.recipient is None:
        raise ValidationError(_("This message was not sent to a person."))
    target = targets.target_for(message)
    if target is None:
        raise PermissionDenied
    require_organiser_of(actor, target.project)
    reply = InboundReply.objects.create(
        channel=channel,
        status=Status.QUARANTINED,
        sender="",
        person=message.recipient,
        message=message,
        organisation_id=target.project.organisation_id,
        project=target.project,
        text=text,
        by_proxy=True,
        entered_by=actor,
    )
    audit_record(
        actor=actor,
        action="reply.entered_by_proxy",
        subject=message.recipient,
        obj=reply,
        by_proxy=True,
        summary=target.label[:200],
        details={"channel": channel},
    )
    return _land(reply, message)


@transaction.atomic
def reply_mark_read(*, actor: User, reply: InboundReply) -> InboundReply:
    """Mark a reply kept aside as read by ``actor`` (an admin or organiser of its organisation; the view
    checks). Idempotent: the first reader and time are kept."""
    locked = InboundReply.objects.select_for_update().get(pk=reply.pk)
    if locked.read_at is None:
        locked.read_at = timezone.now()
        locked.read_by = actor
        locked.save(update_fields=["read_at", "read_by"])
    return locked
