"""Channels: the ways a message can reach a person.

Each channel is one module with an object that has a ``name``, the message
status it leaves behind (``done_status``), whether a failure is worth trying
again (``retries``), and one method::

    send(message) -> None        # it went
    raises ChannelUnavailable    # this channel cannot reach this person: try the next one
    raises DeliveryError         # it failed this time; permanent=True means do not retry

Only email and the in-app inbox are built. Text, phone and letter are not yet:
``get_channel`` returns None for them and the outbox records them as skipped.
To add one, write a module like ``email.py`` and add it to ``CHANNELS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from roundtable.notifications.models import Message


class ChannelUnavailable(Exception):
    """This channel cannot reach this person (not built yet, or no address)."""


class DeliveryError(Exception):
    """A try failed. It may work later, unless ``permanent``."""

    def __init__(self, text: str, *, permanent: bool = False) -> None:
        super().__init__(text)
        self.permanent = permanent


class MessageChannel(Protocol):
    name: str
    done_status: str
    retries: bool

    def send(self, message: Message) -> None: ...


def _registry() -> dict[str, MessageChannel]:
    from roundtable.notifications.channels.email import EmailChannel
    from roundtable.notifications.channels.inbox import InboxChannel

    return {channel.name: channel for channel in (EmailChannel(), InboxChannel())}


def get_channel(name: str) -> MessageChannel | None:
    """The built channel with this name, or None if it is not built yet."""
    return _registry().get(name)
