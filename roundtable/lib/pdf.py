"""Every PDF we make (letters, statements, the involvement payments letter, certificates): HTML to PDF.

WeasyPrint lays out HTML and CSS with Pango, which shapes every script (Arabic joined and right to
left, Devanagari and Bengali conjuncts, Chinese), and writes PDF/UA-1: tagged headings, paragraphs and
tables in reading order, the document's title and language, so a screen reader can read it.

Fonts come from Debian's Noto packages, ``fonts-noto-core`` (Latin, Greek, Cyrillic, Arabic, Urdu,
the scripts of South Asia, Hebrew, Armenian, Georgian, Ethiopic, South East Asia) and
``fonts-noto-cjk`` (Chinese, Japanese, Korean): together they cover the scripts people in the UK
write their names in (the languages of the 2021 Census's main-language question). ``FONT_STACK``
lists them in the order Pango tries them. Where a character is in none of them,
``undrawable(text)`` finds it, so the organiser can be warned before anything is printed or sent.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

FONT_ROOT = Path("/usr/share/fonts")
# WeasyPrint logs every layout step at INFO; keep its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Font:
    family: str  # the name CSS and fontconfig know it by
    file: str  # the regular weight's file name in Debian's package
    package: str  # the Debian package that installs it


# Most names first; the rest in the order Pango should try them. Noto Sans covers Latin (Polish,
# Welsh, Irish, Turkish...), Greek and Cyrillic.
FONT_STACK: tuple[Font, ...] = (
    Font("Noto Sans", "NotoSans-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Arabic", "NotoSansArabic-Regular.ttf", "fonts-noto-core"),
    Font("Noto Nastaliq Urdu", "NotoNastaliqUrdu-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Devanagari", "NotoSansDevanagari-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Bengali", "NotoSansBengali-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Gurmukhi", "NotoSansGurmukhi-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Gujarati", "NotoSansGujarati-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Tamil", "NotoSansTamil-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Telugu", "NotoSansTelugu-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Kannada", "NotoSansKannada-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Malayalam", "NotoSansMalayalam-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Sinhala", "NotoSansSinhala-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Oriya", "NotoSansOriya-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Thaana", "NotoSansThaana-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Hebrew", "NotoSansHebrew-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Armenian", "NotoSansArmenian-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Georgian", "NotoSansGeorgian-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Ethiopic", "NotoSansEthiopic-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Thai", "NotoSansThai-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Lao", "NotoSansLao-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Khmer", "NotoSansKhmer-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans Myanmar", "NotoSansMyanmar-Regular.ttf", "fonts-noto-core"),
    Font("Noto Serif Tibetan", "NotoSerifTibetan-Regular.ttf", "fonts-noto-core"),
    Font("Noto Sans CJK SC", "NotoSansCJK-Regular.ttc", "fonts-noto-cjk"),
)

# Characters that are never drawn, so never missing: spaces, line breaks, controls, and format marks
# such as the right-to-left mark and the zero-width joiner.
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def font_family_css() -> str:
    """The CSS ``font-family`` value for every PDF: the Noto stack, then any sans-serif."""
    return ", ".join(f'"{font.family}"' for font in FONT_STACK) + ", sans-serif"


@functools.cache
def _font_path(file_name: str) -> Path | None:
    found = sorted(FONT_ROOT.rglob(file_name)) if FONT_ROOT.exists() else []
    return found[0] if found else None


@functools.cache
def _covered() -> frozenset[int]:
    """Every code point some font in FONT_STACK can draw (read from the fonts' cmap tables, once)."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for font in FONT_STACK:
        path = _font_path(font.file)
        if path is None:
            continue
        opened = TTFont(str(path), fontNumber=0, lazy=True)
        try:
            points.update(opened.getBestCmap() or {})
        finally:
            opened.close()
    return frozenset(points)


def missing_fonts() -> list[Font]:
    """The fonts of FONT_STACK that are not installed on this machine (install their packages)."""
    return [font for font in FONT_STACK if _font_path(font.file) is None]


def undrawable(*texts: str) -> list[str]:
    """The characters in ``texts`` that no font we print with can draw, in order of first use, no repeats.

    An empty list means everything prints. Spaces, line breaks and invisible format marks are never
    counted. Used to warn an organiser before a letter, statement or certificate is printed or sent.
    """
    covered = _covered()
    seen: dict[str, None] = {}
    for text in texts:
        for char in text or "":
            if char in seen or unicodedata.category(char) in _INVISIBLE:
                continue
            if ord(char) not in covered:
                seen[char] = None
    return list(seen)


def describe_characters(chars: Iterable[str]) -> str:
    """Characters for a warning: each shown with its Unicode name, for example "𓀀 (EGYPTIAN HIEROGLYPH A001)"."""
    return ", ".join(f"{char} ({unicodedata.name(char, f'U+{ord(char):04X}')})" for char in chars)


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """A tagged PDF (PDF/UA-1) from a whole HTML document.

    The document's ``<title>`` becomes the PDF's title and ``<html lang>`` its language; headings,
    paragraphs, lists and tables are tagged in the order they appear. ``base_url`` resolves relative
    image addresses (a ``file://`` folder). Raises whatever WeasyPrint raises for HTML it cannot read.
    """
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")


def render_pdf_template(template_name: str, context: dict, *, base_url: str | None = None) -> bytes:
    """Render a Django template that extends ``pdf/base.html`` and make it a tagged PDF.

    The context gets ``font_family`` (the Noto stack). The template sets ``title`` and ``lang``
    blocks; ``large_print`` in the context switches to 18 point text (RNIB's clear print advice:
    16 point at least, left-aligned, a plain sans-serif font, space between lines).
    """
    html = render_to_string(template_name, {"font_family": font_family_css(), **context})
    return render_pdf(html, base_url=base_url)


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]]", re.IGNORECASE)


# A4 less 20 mm margins each side is 170 mm, about 482 points; Noto Sans averages under 0.58 em a
# character in a web address. A longer address gets smaller type, on a line of its own, so it fits.
LINE_POINTS = 470
CHAR_EM = 0.58


def url_html(url: str, *, large: bool = False) -> SafeString:
    """A web address that never breaks across lines and always fits the width of an A4 page.

    Text is 12 point (18 in large print); an address too long for a line at that size gets its own
    line at the size that fits (``LINE_POINTS / (characters * CHAR_EM)`` points).
    """
    base = 18 if large else 12
    fits = LINE_POINTS / (max(len(url), 1) * CHAR_EM)
    if fits >= base:
        return format_html('<span class="url">{}</span>', url)
    return format_html('<span class="url url-long" style="font-size: {}pt">{}</span>', f"{fits:.1f}", url)


def paragraphs_html(text: str, *, web: bool = True, large: bool = False) -> list[SafeString]:
    """Plain text (paragraphs split by a blank line, lines by a line break) as safe HTML paragraphs.

    Every web address is kept whole on one line (``<span class="url">``). With ``web=False`` (for a
    person who does not use the web) web addresses are left out, and a line that held only a web
    address is dropped.
    """
    out: list[SafeString] = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = []
        for line in block.split("\n"):
            if not web and _URL.search(line):
                line = _URL.sub("", line).rstrip(" :")
                if not line.strip():
                    continue
            parts, last = [], 0
            for found in _URL.finditer(line):
                parts.append(escape(line[last : found.start()]))
                parts.append(url_html(found.group(0), large=large))
                last = found.end()
            parts.append(escape(line[last:]))
            lines.append("".join(parts))
        if any(line.strip() for line in lines):
            out.append(mark_safe("<br>".join(lines)))  # noqa: S308 - every piece is escaped above
    return out
