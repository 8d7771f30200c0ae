"""Print-ready letters (PDF, A4, for a DL window envelope), in large print when the person asked.

fpdf2 with DejaVu Sans (Debian's fonts-dejavu-core), so names in any script
print: Łucja, Zoë, and Arabic such as عائشة, which needs text shaping (joined,
right-to-left letters) from uharfbuzz. Large print follows RNIB's advice:
at least 16 point (we use 18), a plain sans-serif font, left-aligned, and
plenty of space between lines.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"


@dataclass
class LetterContent:
    """Everything printed on one letter."""

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


def content_for(message, *, profile=None) -> LetterContent:
    """The letter for one message, from the message and its person's profile."""
    recipient = message.recipient if message.recipient_id else None
    if profile is None and recipient is not None:
        profile = getattr(recipient, "profile", None)
    formats = (profile.formats or []) if profile else []
    sender = message.organiser if message.organiser_id else (message.sender if message.sender_id else None)
    return LetterContent(
        name=message.recipient_name,
        greeting_name=recipient.short_name if recipient else "",
        address=profile.postal_address if profile else "",
        subject=message.subject,
        body=message.body,
        sender_name=str(sender) if sender else "",
        group_label=message.group_label,
        link_url=message.link_url,
        easy_read_url=message.easy_read_url,
        large_print="large_print" in formats,
        date_text=date_format(timezone.localdate(), "j F Y"),
    )


def _new_pdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_margins(20, 20, 20)
    pdf.add_font("DejaVu", "", str(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    try:
        pdf.set_text_shaping(True)  # needs uharfbuzz: joins Arabic letters and runs them right to left
    except Exception:  # noqa: BLE001 - without uharfbuzz, letters still print; Arabic is unjoined
        logger.warning("uharfbuzz is not installed: Arabic and other joined scripts print unshaped")
    pdf.set_creator("Roundtable")
    return pdf


def _letter(pdf, letter: LetterContent) -> None:
    size = 18 if letter.large_print else 12
    line = size * 0.55  # mm per line, about 1.5 line spacing
    pdf.add_page()
    pdf.set_font("DejaVu", "", 10 if not letter.large_print else 14)
    # Sender and date, top right.
    top = [letter.group_label or "Roundtable"]
    if letter.sender_name:
        top.append(letter.sender_name)
    top.append(letter.date_text)
    pdf.set_xy(110, 15)
    pdf.multi_cell(80, line * 0.8, "\n".join(top), align="R")
    # Name and address where a DL window envelope shows them (20 mm in, 50 mm down).
    pdf.set_xy(20, 50)
    pdf.set_font("DejaVu", "", 12 if not letter.large_print else 16)
    pdf.multi_cell(90, 6.5 if not letter.large_print else 8, "\n".join([letter.name, letter.address.strip()]))
    pdf.set_xy(20, max(pdf.get_y() + 15, 95))
    pdf.set_font("DejaVu", "", size)
    greeting = _("Dear %(name)s,") % {"name": letter.greeting_name} if letter.greeting_name else _("Hello,")
    pdf.multi_cell(0, line, greeting)
    pdf.ln(line * 0.5)
    pdf.set_font("DejaVu", "B", size)
    pdf.multi_cell(0, line, letter.subject)
    pdf.ln(line * 0.5)
    pdf.set_font("DejaVu", "", size)
    for paragraph in [p.strip() for p in letter.body.replace("\r\n", "\n").split("\n\n") if p.strip()]:
        pdf.multi_cell(0, line, paragraph)
        pdf.ln(line * 0.5)
    if letter.link_url:
        pdf.multi_cell(0, line, _("You can also read this on the website: %(url)s") % {"url": letter.link_url})
        pdf.ln(line * 0.5)
    if letter.easy_read_url:
        pdf.multi_cell(0, line, _("There is an Easy Read version. Ask us and we will post it to you."))
        pdf.ln(line * 0.5)
    pdf.ln(line)
    pdf.set_font("DejaVu", "", max(size - 2, 11))
    pdf.multi_cell(
        0,
        line * 0.9,
        _(
            "You get letters from us because you asked for them. "
            "To change how we contact you, phone or write to %(who)s."
        )
        % {"who": letter.sender_name or _("your project contact")},
    )


def render_letters(letters: Iterable[LetterContent]) -> bytes:
    """One PDF with one letter per page (or more pages for a long one)."""
    pdf = _new_pdf()
    count = 0
    for letter in letters:
        _letter(pdf, letter)
        count += 1
    if count == 0:
        pdf.add_page()
        pdf.set_font("DejaVu", "", 14)
        pdf.multi_cell(0, 8, _("There are no letters to print."))
    return bytes(pdf.output())
