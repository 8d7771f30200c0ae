"""Reading our PDFs back in tests, with real tools: poppler's pdftotext for the words and where they
sit on the page, pypdf for the tags a screen reader uses. Not a test module: tests import it."""

from __future__ import annotations

import io
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

# Full names in the scripts people in the UK write their names in (the brief's list).
NAMES = {
    "Arabic": "عائشة الحسن",
    "Chinese": "王小明",
    "Polish": "Łucja Wiśniewska",
    "Hindi": "अनीता शर्मा",
    "Bengali": "রহিমা বেগম",
    "Urdu": "فاطمہ خان",
    "Greek": "Ελένη Παπαδοπούλου",
    "Cyrillic": "Ирина Ковальчук",
}
# Scripts whose text pdftotext gives back exactly, in reading order. For Devanagari and Bengali the
# PDF's text map splits vowel signs that are drawn before or around a letter (the page prints them
# right, see lib/tests/test_pdf.py), so tests check that every letter of the name is in the text.
EXACT = ("Arabic", "Chinese", "Polish", "Urdu", "Greek", "Cyrillic")
_BIDI_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u2066\u2067\u2068\u2069"))


def pdf_text(data: bytes, *, layout: bool = False) -> str:
    """All the text pdftotext reads from the PDF, with bidi control marks removed."""
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    out = subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()  # noqa: S603
    return out.translate(_BIDI_MARKS)


def name_prints(name: str, text: str, *, exact: bool) -> bool:
    """True when ``name`` is in ``text`` (exactly, or every letter of it for scripts pdftotext splits)."""
    if exact:
        return name in text
    return set(name.replace(" ", "")) <= set(text)


@dataclass
class Line:
    text: str
    x_min: float
    x_max: float
    y_min: float
    y_max: float
    page: int
    block: int = 0  # lines pdftotext groups into one block (a paragraph) share this number

    @property
    def height(self) -> float:
        return self.y_max - self.y_min


def pdf_lines(data: bytes) -> list[Line]:
    """Every line pdftotext finds, with its box in points (from ``pdftotext -bbox-layout``)."""
    html = subprocess.run(  # noqa: S603
        ["pdftotext", "-bbox-layout", "-", "-"],
        input=data,
        capture_output=True,
        check=True,  # noqa: S607
    ).stdout.decode()
    root = ET.fromstring(html.replace('xmlns="http://www.w3.org/1999/xhtml"', ""))  # noqa: S314 - our own PDF
    lines = []
    blocks = 0
    for number, page in enumerate(root.iter("page"), start=1):
        for block in page.iter("block"):
            blocks += 1
            for line in block.iter("line"):
                words = [w.text or "" for w in line.iter("word")]
                lines.append(
                    Line(
                        text=" ".join(words).translate(_BIDI_MARKS),
                        x_min=float(line.get("xMin")),
                        x_max=float(line.get("xMax")),
                        y_min=float(line.get("yMin")),
                        y_max=float(line.get("yMax")),
                        page=number,
                        block=blocks,
                    )
                )
    return lines


def justified_blocks(lines: list[Line]) -> list[list[str]]:
    """Paragraphs of three or more lines whose lines (all but the last) end at the same place: justified."""
    found = []
    for block in sorted({line.block for line in lines}):
        mine = [line for line in lines if line.block == block]
        if len(mine) >= 3 and max(x.x_max for x in mine[:-1]) - min(x.x_max for x in mine[:-1]) < 1:
            found.append([line.text for line in mine])
    return found


@dataclass
class Tags:
    lang: str
    title: str
    marked: bool
    display_title: bool
    structure: list[str]  # structure element types in reading order: "H1", "P", "Table"...


def pdf_tags(data: bytes) -> Tags:
    """What a screen reader gets: language, title, whether the PDF is tagged, and its structure tree."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    structure: list[str] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        kind = node.get("/S")
        if kind is not None:
            structure.append(str(kind).lstrip("/"))
        kids = node.get("/K")
        if kids is not None:
            walk(kids)

    tree = root.get("/StructTreeRoot")
    if tree is not None:
        walk(tree.get_object().get("/K", []))
    info = reader.metadata or {}
    viewer = root.get("/ViewerPreferences")
    viewer = viewer.get_object() if viewer is not None else {}
    return Tags(
        lang=str(root.get("/Lang", "")),
        title=str(info.get("/Title", "")),
        marked=bool((root.get("/MarkInfo") or {}).get("/Marked", False)),
        display_title=bool(viewer.get("/DisplayDocTitle", False)),
        structure=structure,
    )
