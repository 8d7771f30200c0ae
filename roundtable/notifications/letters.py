"""Print-ready letters (PDF, A4, for a DL window envelope), in large print when the person asked.

Letters are HTML (``notifications/pdf/letter.html``) made into tagged PDFs by ``lib/pdf.py``
(WeasyPrint, Noto fonts), so names in any script print: Łucja, عائشة, 王小明. Large print follows
RNIB's clear print advice: at least 16 point (we use 18), a plain sans-serif font, left-aligned,
plenty of space between lines. Every letter is left-aligned, never breaks a web address across
lines, prints no web address for a person who does not use the web, and ends with who to phone or
write to. Papers go in the envelope (``Enclosure``); a letter that asks a question ends with a
reply slip carrying the letter's reference (see ``letter_parts.py``).

Entry points: ``content_for(message)`` (one message) or ``content_for([m1, m2])`` (several
messages to one person in one envelope), then ``render_letters([content, ...])``.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format

from roundtable.lib.pdf import paragraphs_html, render_pdf_template, undrawable, url_html
from roundtable.lib.urls import absolute_url
from roundtable.notifications.letter_parts import (
    Enclosure,
    LetterContact,
    ReplySlip,
    SupportLine,
    letter_reference,
    parts_for,
)

logger = logging.getLogger(__name__)


@dataclass
class LetterSection:
    """One message inside a letter: its own heading, words, papers and reply slip."""

    subject: str
    body: str
    link_url: str = ""
    easy_read_url: str = ""
    reference: str = ""
    group_label: str = ""
    enclosures: list[Enclosure] = field(default_factory=list)
    reply_slip: ReplySlip | None = None


@dataclass
class LetterContent:
    """Everything printed on one letter (one envelope).

    ``sections`` holds every message in the envelope, each with its own reference and reply slip
    (``content_for`` always fills it, one section for one message). ``subject``/``body``/
    ``link_url``/``easy_read_url``/``reference`` are the first message's; a letter built by hand
    with no ``sections`` is that one message. ``uses_web`` False prints no web address at all.
    """

    name: str
    greeting_name: str
    address: str
    subject: str
    body: str
    sender_name: str = ""
    group_label: str = ""
    link_url: str = ""
    easy_read_url: str = ""
    large_print: bool = False
    date_text: str = ""
    uses_web: bool = True
    reference: str = ""
    contact: LetterContact | None = None
    enclosures: list[Enclosure] = field(default_factory=list)
    reply_slip: ReplySlip | None = None
    sections: list[LetterSection] = field(default_factory=list)
    # Who to turn to for support (the project's support contacts), printed after "How to reach us".
    support: list[SupportLine] = field(default_factory=list)

    @property
    def all_sections(self) -> list[LetterSection]:
        if self.sections:
            return self.sections
        return [
            LetterSection(
                subject=self.subject,
                body=self.body,
                link_url=self.link_url,
                easy_read_url=self.easy_read_url,
                reference=self.reference,
                group_label=self.group_label,
                enclosures=self.enclosures,
                reply_slip=self.reply_slip,
            )
        ]

    @property
    def all_enclosures(self) -> list[Enclosure]:
        return [enclosure for section in self.all_sections for enclosure in section.enclosures]

    @property
    def reply_slips(self) -> list[tuple[str, ReplySlip]]:
        """Each reply slip in the envelope with its own message's reference (``RT00024``), in order."""
        return [(s.reference, s.reply_slip) for s in self.all_sections if s.reply_slip is not None]

    def texts(self) -> list[str]:
        """Every piece of text the letter prints, for the font check."""
        out = [self.name, self.greeting_name, self.address, self.sender_name, self.group_label]
        for section in self.all_sections:
            out += [section.subject, section.body, *(e.title for e in section.enclosures)]
            out += [e.content_note for e in section.enclosures if e.content_note]
            if section.reply_slip:
                out += [section.reply_slip.question, *(words for _key, words in section.reply_slip.options)]
        if self.contact:
            out += [self.contact.name, self.contact.organisation, self.contact.address, self.contact.phone]
        for line in self.support:
            out += [line.name, line.kind, line.helps_with, line.phone, line.email, line.hours]
        return out

    def undrawable(self) -> list[str]:
        """Characters in this letter that no font can print (warn the organiser before printing)."""
        return undrawable(*self.texts())


def _section(message) -> tuple[LetterSection, LetterContact | None, list[SupportLine]]:
    parts = parts_for(message)
    return (
        LetterSection(
            subject=message.subject,
            body=message.body,
            link_url=message.link_url,
            easy_read_url=message.easy_read_url,
            reference=letter_reference(message.pk) if message.pk else "",
            group_label=message.group_label,
            enclosures=parts.enclosures,
            reply_slip=parts.reply_slip,
        ),
        parts.contact,
        parts.support,
    )


def content_for(message_or_messages, *, profile=None) -> LetterContent:
    """The letter for one message, or for several messages to one person in one envelope.

    Name, address and large print come from the person's profile; the contact at the foot of the
    letter, papers to enclose, any reply slip and the support contacts from the providers in ``letter_parts``.
    """
    messages: Sequence = (
        list(message_or_messages) if isinstance(message_or_messages, list | tuple) else [message_or_messages]
    )
    if not messages:
        raise ValueError("A letter needs at least one message.")
    first = messages[0]
    recipient = first.recipient if first.recipient_id else None
    if profile is None and recipient is not None:
        profile = getattr(recipient, "profile", None)
    formats = (profile.formats or []) if profile else []
    sender = first.organiser if first.organiser_id else (first.sender if first.sender_id else None)
    sections, contact = [], None
    support: list[SupportLine] = []
    for message in messages:
        section, found, lines = _section(message)
        sections.append(section)
        contact = contact or found
        support = support or lines
    if contact is None and sender is not None:
        contact = LetterContact(name=str(sender))
    one = sections[0]
    return LetterContent(
        name=first.recipient_name,
        greeting_name=recipient.short_name if recipient else "",
        address=profile.postal_address if profile else "",
        subject=one.subject,
        body=one.body,
        sender_name=str(sender) if sender else "",
        group_label=first.group_label,
        link_url=one.link_url,
        easy_read_url=one.easy_read_url,
        large_print="large_print" in formats,
        date_text=date_format(timezone.localdate(), "j F Y"),
        uses_web=recipient.uses_web if recipient is not None else True,
        reference=one.reference,
        contact=contact,
        enclosures=one.enclosures,
        reply_slip=one.reply_slip,
        sections=sections,
        support=support,
    )


def _sections_for_template(letter: LetterContent) -> list[dict]:
    out = []
    for section in letter.all_sections:
        out.append(
            {
                "section": section,
                "paragraphs": paragraphs_html(section.body, web=letter.uses_web, large=letter.large_print),
                "link_url": section.link_url if letter.uses_web else "",
                "link_html": url_html(section.link_url, large=letter.large_print) if section.link_url else "",
                "easy_read_url": section.easy_read_url,
                "enclosed": list(section.enclosures),
            }
        )
    return out


def _letter_html_context(letter: LetterContent) -> dict:
    contact = letter.contact or LetterContact(name=letter.sender_name)
    return {
        "letter": letter,
        "sections": _sections_for_template(letter),
        "contact": contact,
        "from_line": letter.group_label or (contact.organisation if contact else "") or "Roundtable",
        "images": [(e, e.data_uri()) for e in letter.all_enclosures if e.kind == "image" and e.load is not None],
        "large_print": letter.large_print,
        # The privacy notice's address (the organisation's, else the platform's), only for people who use the web.
        "privacy_html": url_html(absolute_url(contact.privacy_path or "/privacy/"), large=letter.large_print),
    }


def _render_one(letters: list[LetterContent]) -> bytes:
    return render_pdf_template(
        "notifications/pdf/letters.html",
        {
            "letters": [_letter_html_context(letter) for letter in letters],
            "large_print": bool(letters) and all(letter.large_print for letter in letters),
        },
    )


def _with_enclosed_pdfs(letter_pdf: bytes, enclosures: Iterable[Enclosure]) -> bytes:
    """The letter, then the pages of each enclosed PDF paper. The letter's tags stay as they were."""
    from pypdf import PdfReader, PdfWriter

    loaders = [e.load for e in enclosures if e.kind == "pdf" and e.load is not None]
    if not loaders:
        return letter_pdf
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(letter_pdf)))
    for load in loaders:
        try:
            writer.append(PdfReader(io.BytesIO(load())))
        except Exception:  # noqa: BLE001 - a damaged or missing paper must not stop the letter; the queue lists it
            logger.warning("An enclosed paper could not be read as a PDF; it is left out of the letter PDF")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_letters(letters: Iterable[LetterContent]) -> bytes:
    """One PDF with every letter, each starting on a new page, each followed by its enclosed papers.

    Without PDF papers to enclose it is one tagged document (PDF/UA); with them, each letter is
    rendered on its own and the papers' pages follow it. An empty list gives one page saying so.
    """
    letters = list(letters)
    if not any(e.kind == "pdf" and e.load for letter in letters for e in letter.all_enclosures):
        return _render_one(letters)
    from pypdf import PdfReader, PdfWriter

    parts = [_with_enclosed_pdfs(_render_one([letter]), letter.all_enclosures) for letter in letters]
    if len(parts) == 1:
        return parts[0]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(parts[0])))
    for part in parts[1:]:
        writer.append(PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
