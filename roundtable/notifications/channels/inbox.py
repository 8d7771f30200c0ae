"""The in-app inbox. Every message shows there anyway; choosing it just counts it as delivered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundtable.notifications.channels import ChannelUnavailable
from roundtable.notifications.models import INBOX_HIDDEN_KINDS, MessageStatus

if TYPE_CHECKING:
    from roundtable.notifications.models import Message


class InboxChannel:
    name = "app"
    done_status = MessageStatus.DELIVERED
    retries = False
    respects_window = False

    def send(self, message: Message) -> None:
        if message.recipient_id is None:
            raise ChannelUnavailable("No account, so no inbox.")
        if message.kind in INBOX_HIDDEN_KINDS:
            raise ChannelUnavailable("This kind of message is not shown in the inbox.")
