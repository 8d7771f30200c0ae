"""Phone calls: a task for the organiser, with what to say and a place to write what the person said.

The script is written to be spoken (see ``call_script_for``): no web addresses (a caller cannot read
them out and nobody can write them down), a format said once ("Study outline, Easy Read", never
"(Easy Read) (Easy Read)"), and, for someone who reads Easy Read, how the Easy Read paper will reach
them. Notes for the caller, not to read out, are in square brackets. The task's form then records
what the person said.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from roundtable.lib.i18n import in_language_of
from roundtable.notifications.access import task_assignee_for
from roundtable.notifications.bundles import task_carry
from roundtable.notifications.channels import ChannelUnavailable
from roundtable.notifications.letter_parts import spoken_parts_for
from roundtable.notifications.models import MessageStatus, TaskKind
from roundtable.notifications.windows import window_text

if TYPE_CHECKING:
    from roundtable.notifications.models import Message

_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s()<>]+(?<![.,;:!?])", re.IGNORECASE)
_REPEATED_LABEL = re.compile(r"(\([^()\n]+\))(?:\s*\1)+", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-*•]\s+")


def spoken(text: str) -> tuple[str, bool]:
    """Text made fit to read aloud, and whether a web address was taken out.

    Web addresses go (a line left with only a label such as "Join online:" goes too); a label
    repeated in brackets is said once; list dashes go. Blank lines between paragraphs are kept.
    """
    removed = False
    lines = []
    for raw in text.splitlines():
        line, count = _ADDRESS.subn("", raw)
        removed = removed or bool(count)
        line = _REPEATED_LABEL.sub(r"\1", line)
        line = _BULLET.sub("", line).rstrip()
        if count and (not line.strip() or line.strip().endswith(":")):
            continue  # only a label was left, such as "Join online:"
        line = line.replace("( )", "").replace("()", "")
        lines.append(re.sub(r"(?<=\S) {2,}", " ", line).replace(" .", ".").replace(" ,", ","))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip(), removed


def _profile(message: Message):
    recipient = message.recipient if message.recipient_id else None
    return getattr(recipient, "profile", None) if recipient is not None else None


def _has_easy_read(message: Message) -> bool:
    return bool(message.easy_read_url) or "easy read" in message.body.casefold()


def easy_read_lines(message: Message) -> list[str]:
    """What to say about the Easy Read paper, and a note for the caller on how to send it.

    For someone whose profile asks for Easy Read: the paper comes by post to the address we have,
    else by email; with neither, the caller asks for an address. For anyone else, it is offered.
    Empty when the message has no Easy Read version.
    """
    if not _has_easy_read(message):
        return []
    profile = _profile(message)
    wants = "easy_read" in (getattr(profile, "formats", None) or [])
    address = (getattr(profile, "postal_address", "") or "").strip()
    email = message.email_address
    if not wants:
        return [
            _("There is an Easy Read version too. Would you like us to post it to you?"),
            _("[If they say yes, post it and write that down below.]"),
        ]
    if address:
        return [
            _("We will post the Easy Read version to you. It should reach you in 2 or 3 days."),
            _("[After the call, post the Easy Read version to: %(address)s.]")
            % {"address": ", ".join(part.strip() for part in address.splitlines() if part.strip())},
        ]
    if email:
        return [
            _("We will email the Easy Read version to you today. Would you like it posted as well?"),
            _("[After the call, email the Easy Read version to %(email)s. To post it, ask for their address.]")
            % {"email": email},
        ]
    return [
        _("We would like to post the Easy Read version to you. What address should we send it to?"),
        _("[Write their address below, then post the Easy Read version.]"),
    ]


def call_script_for(messages: list[Message], *, extras: dict[int, list[str]] | None = None) -> str:
    """What to say on one phone call that passes on one or more messages to one person, as plain text.

    Paragraphs are separated by blank lines; notes for the caller (not to read out) are in square
    brackets. Rendered in the person's language (``lib.i18n.in_language_of``). The first message
    gives the person, the organiser and the project; each message then gets its subject and its
    words, made fit to speak (``spoken``). Raises ValueError for an empty list.

    Apps above the outbox add paragraphs through ``letter_parts.register_spoken_parts`` (the project's
    ground rules before a meeting, its support contacts), each said once, before the closing question.
    ``extras`` ({message id: paragraphs}) passes them in when the caller has read them for many calls at
    once; without it they are read here.
    """
    if not messages:
        raise ValueError("A call needs at least one message.")
    first = messages[0]
    recipient = first.recipient if first.recipient_id else None
    with in_language_of(recipient):
        name = recipient.short_name if recipient else first.recipient_name
        organiser = first.organiser.short_name if first.organiser_id and first.organiser else _("your organiser")
        about = first.group_label or "Roundtable"
        lines = [
            _("Hello %(name)s, this is %(organiser)s from %(about)s. Is now a good time to talk for a few minutes?")
            % {"name": name, "organiser": organiser, "about": about},
        ]
        had_link = False
        easy_read: list[str] = []
        for message in messages:
            subject, _removed = spoken(message.subject)
            body, removed = spoken(message.body)
            had_link = had_link or removed or bool(message.link_url)
            lines.append(_("I am calling to tell you: %(subject)s.") % {"subject": subject.rstrip(".")})
            lines.append(body)
            easy_read = easy_read or easy_read_lines(message)
        lines.extend(easy_read)
        found = extras if extras is not None else spoken_parts_for(messages)
        said: list[str] = []
        for message in messages:
            said += [line for line in found.get(message.pk, []) if line not in said]
        lines.extend(said)
        if had_link:
            lines.append(_("[Do not read out web addresses. If they want a link, offer to text or email it.]"))
        lines.append(_("Do you have any questions? Would you like this sent to you another way as well?"))
        lines.append(_("[Write down what %(name)s said in the box below, in their words.]") % {"name": name})
        return "\n\n".join(line for line in lines if line)


def call_script(message: Message) -> str:
    """What to say on the phone for one message. See ``call_script_for``."""
    return call_script_for([message])


class PhoneChannel:
    name = "phone"
    done_status = MessageStatus.TO_CALL
    retries = False
    respects_window = False  # the organiser phones; the task says when the person can take calls

    def send(self, message: Message) -> None:
        recipient = message.recipient if message.recipient_id else None
        profile = getattr(recipient, "profile", None) if recipient else None
        if profile is None or not profile.phone.strip():
            raise ChannelUnavailable("No phone number.")
        assignee_id = task_assignee_for(message)
        if assignee_id is None:
            raise ChannelUnavailable("No organiser to make the call.")
        text = _("Phone %(name)s and tell them this message.") % {"name": message.recipient_name}
        when = window_text(profile)
        if when:
            text += " " + _("They can take calls: %(when)s.") % {"when": when}
        task_carry(message, kind=TaskKind.CALL, instructions=text, assignee_id=assignee_id)
