"""Channels: the ways a message can reach a person.

Each channel is one module with an object that has a ``name``, the message
status it leaves behind (``done_status``), whether a failure is worth trying
again (``retries``), whether it waits for the person's contact times
(``respects_window``), and one method::

    send(message) -> None        # it went (or, for letters and calls, it is with an organiser)
    raises ChannelUnavailable    # this channel cannot reach this person: try the next one
    raises DeliveryError         # it failed this time; permanent=True means do not retry

Built: email, text (through a provider, see ``text/``), letter (the organiser's
print-and-post queue), phone (a call task with a script) and the in-app inbox.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from roundtable.notifications.models import Message, MessageStatus


class ChannelUnavailable(Exception):
    """This channel cannot reach this person (no address, no number, no organiser)."""


class DeliveryError(Exception):
    """A try failed. It may work later, unless ``permanent``."""

    def __init__(self, text: str, *, permanent: bool = False) -> None:
        super().__init__(text)
        self.permanent = permanent


class MessageChannel(Protocol):
    name: str
    done_status: MessageStatus
    retries: bool
    respects_window: bool

    def send(self, message: Message) -> None: ...


def _registry() -> dict[str, MessageChannel]:
    from roundtable.notifications.channels.email import EmailChannel
    from roundtable.notifications.channels.inbox import InboxChannel
    from roundtable.notifications.channels.letter import LetterChannel
    from roundtable.notifications.channels.phone import PhoneChannel
    from roundtable.notifications.channels.text import TextChannel

    channels = (EmailChannel(), InboxChannel(), TextChannel(), LetterChannel(), PhoneChannel())
    return {channel.name: channel for channel in channels}


def get_channel(name: str) -> MessageChannel | None:
    """The channel with this name, or None if there is none by that name."""
    return _registry().get(name)
