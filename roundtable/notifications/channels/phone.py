"""Phone calls: a task for the organiser, with what to say and a place to write what happened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from roundtable.notifications.access import task_assignee_for
from roundtable.notifications.bundles import task_carry
from roundtable.notifications.channels import ChannelUnavailable
from roundtable.notifications.models import MessageStatus, TaskKind
from roundtable.notifications.windows import window_text

if TYPE_CHECKING:
    from roundtable.notifications.models import Message


def call_script(message: Message) -> str:
    """What to say on the phone, in plain words, built from the message."""
    recipient = message.recipient if message.recipient_id else None
    name = recipient.short_name if recipient else message.recipient_name
    organiser = message.organiser.short_name if message.organiser_id and message.organiser else _("your organiser")
    about = message.group_label or "Roundtable"
    lines = [
        _("Hello %(name)s, this is %(organiser)s from %(about)s. Is now a good time to talk for a few minutes?")
        % {"name": name, "organiser": organiser, "about": about},
        _("I am calling to tell you: %(subject)s.") % {"subject": message.subject},
        message.body.strip(),
        _("Do you have any questions? Would you like this sent to you another way as well?"),
    ]
    if message.easy_read_url:
        lines.append(_("Offer to post them the Easy Read version."))
    return "\n\n".join(line for line in lines if line)


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
