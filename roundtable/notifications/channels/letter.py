"""Letters: the message joins its organiser's print-and-post queue.

The organiser prints a ready-made PDF (large print if the person asked for it,
see ``letters.py``) and marks it posted; only then is the message "posted".
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from roundtable.notifications.access import task_assignee_for
from roundtable.notifications.bundles import task_carry
from roundtable.notifications.channels import ChannelUnavailable
from roundtable.notifications.models import MessageStatus, TaskKind

if TYPE_CHECKING:
    from roundtable.notifications.models import Message


def _profile(message: Message):
    recipient = message.recipient if message.recipient_id else None
    return getattr(recipient, "profile", None) if recipient else None


class LetterChannel:
    name = "letter"
    done_status = MessageStatus.TO_POST
    retries = False
    respects_window = False
    # How long a letter takes to reach someone, at worst: Royal Mail's second class aims for two to three
    # working days, first class for the next working day; we count two days. A message useful for less
    # time than this (a cancellation tomorrow) goes another way.
    takes = timedelta(days=2)

    def send(self, message: Message) -> None:
        profile = _profile(message)
        if profile is None or not profile.postal_address.strip():
            raise ChannelUnavailable("No postal address.")
        assignee_id = task_assignee_for(message)
        if assignee_id is None:
            raise ChannelUnavailable("No organiser to post it.")
        text = _("Print this letter for %(name)s, post it, then mark it as posted.") % {"name": message.recipient_name}
        if "large_print" in (profile.formats or []):
            text += " " + _("It is in large print, as they asked.")
        task_carry(message, kind=TaskKind.POST, instructions=text, assignee_id=assignee_id)
