"""What a letter carries beyond its message: who to contact, papers to enclose, a reply slip.

The outbox sits low in the house and cannot see projects or meetings. Apps above it register a
*provider* here (in their ``AppConfig.ready``): given a Message, a provider returns the parts it
knows about, or None. ``projects`` knows the organisation's and project's postal address and phone;
``meetings`` knows which papers a "papers are ready" message is about and which times a poll asks
about. This is the same inversion as ``lib/writing.py``'s writing-check hook.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roundtable.notifications.models import Message


@dataclass
class LetterContact:
    """Who a person phones or writes to about a letter. ``address`` has one line per line;
    ``privacy_path``: the address of the organisation's privacy notice on this website ("" for the platform's)."""

    name: str = ""
    organisation: str = ""
    phone: str = ""
    address: str = ""
    privacy_path: str = ""

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.replace("\r\n", "\n").split("\n") if line.strip()]

    @property
    def is_complete(self) -> bool:
        """True when a person can both phone and write: a phone number and a postal address."""
        return bool(self.phone.strip() and self.address.strip())


@dataclass
class Enclosure:
    """A paper that goes in the envelope with the letter.

    ``kind`` "pdf" or "image" (PNG or JPEG, ``content_type``) is printed as part of the letter's PDF,
    read through ``load()`` only when the PDF is made; anything else (a Word file, a recording) is
    listed in the print queue for the organiser to print or copy and put in by hand
    (``download_url`` is where to get it).
    """

    title: str
    format_label: str = ""
    kind: str = ""
    content_type: str = ""
    load: Callable[[], bytes] | None = None
    download_url: str = ""
    # A short warning about what the paper talks about ("talks about a hospital stay"), printed on the
    # letter before the paper, so the reader can choose to skip it (docs/safety.md, "Content notes").
    content_note: str = ""

    @property
    def in_pdf(self) -> bool:
        return self.kind in ("pdf", "image") and self.load is not None

    def data_uri(self) -> str:
        """The picture as a ``data:`` address for the letter's HTML (empty when it is not a picture)."""
        if self.kind != "image" or self.load is None:
            return ""
        return f"data:{self.content_type};base64,{base64.b64encode(self.load()).decode('ascii')}"


@dataclass
class SlipQuestion:
    """One more question on a reply slip, with its own tick boxes: (key, words) pairs."""

    question: str
    options: list[tuple[str, str]]


@dataclass
class ReplySlip:
    """A slip at the end of a letter that asks a question: tick boxes and a space for comments.

    ``options`` are (key, words) pairs; ``record(actor=, chosen=, comments=)`` saves the answers an
    organiser copies from a returned slip, by proxy for the person (the provider audits it).
    A ``private`` slip (an anonymous vote) keeps what was ticked out of the audit row, so no row
    links the person to their answer.

    A slip with several questions (a check-in) lists them in ``questions``, each with its boxes, and
    gives ``enter_url``: the page where an organiser types in the answers, by proxy, which the
    reply-slip page opens once the reference is found (instead of its own one-question form).
    """

    question: str
    options: list[tuple[str, str]]
    record: Callable[..., Any] | None = None
    comments_prompt: str = ""
    answer_by: str = ""
    private: bool = False
    questions: list[SlipQuestion] = field(default_factory=list)
    enter_url: str = ""


@dataclass
class SupportLine:
    """Someone to turn to for support, printed at the foot of a letter (``projects.SupportContact``).

    ``kind`` is already in words ("Safeguarding lead"); ``hours`` says when they can be reached.
    """

    name: str
    kind: str = ""
    helps_with: str = ""
    phone: str = ""
    email: str = ""
    hours: str = ""


@dataclass
class LetterParts:
    contact: LetterContact | None = None
    enclosures: list[Enclosure] = field(default_factory=list)
    reply_slip: ReplySlip | None = None
    support: list[SupportLine] = field(default_factory=list)


Provider = Callable[["Message"], LetterParts | None]
_PROVIDERS: list[Provider] = []


def register_letter_parts(provider: Provider, *, specific: bool = False) -> None:
    """Add a provider. ``specific`` ones are asked first, so their contact wins over a general one."""
    if provider in _PROVIDERS:
        return
    if specific:
        _PROVIDERS.insert(0, provider)
    else:
        _PROVIDERS.append(provider)


def parts_for(message: Message) -> LetterParts:
    """Every provider's parts for one message, merged: the first contact, reply slip and list of support
    contacts; all enclosures."""
    merged = LetterParts()
    for provider in _PROVIDERS:
        found = provider(message)
        if found is None:
            continue
        if merged.contact is None and found.contact is not None:
            merged.contact = found.contact
        if merged.reply_slip is None and found.reply_slip is not None:
            merged.reply_slip = found.reply_slip
        if not merged.support and found.support:
            merged.support = list(found.support)
        merged.enclosures.extend(found.enclosures)
    return merged


# --- What a call script says beyond its messages -------------------------------------------------------
# Apps above the outbox add lines to call scripts (the project's support contacts, its ground rules for
# someone who joins a meeting by phone). A spoken provider takes every message of a list of calls at once
# and returns {message id: [paragraphs to read out]}, so a page of call tasks costs a fixed number of
# queries whatever the number of calls.
SpokenProvider = Callable[[list["Message"]], dict[int, list[str]]]
_SPOKEN: list[SpokenProvider] = []


def register_spoken_parts(provider: SpokenProvider) -> None:
    """Add a provider of extra call-script paragraphs (from an ``AppConfig.ready()``); asked in order."""
    if provider not in _SPOKEN:
        _SPOKEN.append(provider)


def spoken_parts_for(messages: list[Message]) -> dict[int, list[str]]:
    """Every provider's extra paragraphs for these messages, by message id, in provider order."""
    out: dict[int, list[str]] = {}
    if not messages or not _SPOKEN:
        return out
    for provider in _SPOKEN:
        for message_id, lines in provider(messages).items():
            out.setdefault(message_id, []).extend(lines)
    return out


REFERENCE_PREFIX = "RT"
_REFERENCE = re.compile(r"^\s*RT[\s-]*0*(\d{1,12})\s*$", re.IGNORECASE)


def letter_reference(message_id: int) -> str:
    """The reference printed on a letter and its reply slip, for example "RT00042" (the message's id)."""
    return f"{REFERENCE_PREFIX}{message_id:05d}"


def parse_reference(text: str) -> int | None:
    """The message id in a reference someone typed ("RT00042", "rt 42", "RT-42"), or None."""
    found = _REFERENCE.match(text or "")
    return int(found.group(1)) if found else None
