"""The reports as files: Markdown, Word (.docx, python-docx) and tagged PDF (``lib/pdf.py``, WeasyPrint
with Noto fonts, so names in any script print).

Section text is plain: paragraphs split by a blank line; a line starting "- " is a list item.
``blocks`` turns it into paragraphs and lists once, for the page, the Word file and the PDF alike.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils import timezone

from roundtable.health.reports.text import clean_text
from roundtable.lib.i18n import day_words
from roundtable.lib.pdf import render_pdf_template
from roundtable.projects.models import Project

MD_CONTENT_TYPE = "text/markdown; charset=utf-8"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"


@dataclass
class Block:
    """A paragraph (``kind`` "p": ``lines`` joined by line breaks) or a list (``kind`` "ul": one item a line)."""

    kind: str
    lines: list[str] = field(default_factory=list)


def blocks(text: str) -> list[Block]:
    """Plain section text as paragraphs and lists, in order. Empty lines and spaces at the ends are dropped,
    and so are control characters (``text.clean_text``), which Word and PDF files cannot hold."""
    out: list[Block] = []
    for chunk in clean_text(text).split("\n\n"):
        current: Block | None = None
        for raw in chunk.split("\n"):
            line = raw.strip()
            if not line:
                continue
            kind = "ul" if line.startswith("- ") else "p"
            if kind == "ul":
                line = line[2:].strip()
            if current is None or current.kind != kind:
                current = Block(kind=kind)
                out.append(current)
            current.lines.append(line)
    return out


def gripp2_title(project: Project) -> str:
    return clean_text(f"Patient and public involvement (GRIPP2): {project.title}").replace("\n", " ")


def _made_on() -> str:
    return day_words(timezone.localtime())


def gripp2_markdown(project: Project, sections) -> bytes:
    """The GRIPP2 section as Markdown (UTF-8 bytes): a title, then a heading and the text of each section."""
    out = [f"# {gripp2_title(project)}", "", f"Made from what Roundtable holds about the project, on {_made_on()}.", ""]
    for section in sections:
        out += [f"## {section.title}", ""]
        for block in blocks(section.text):
            if block.kind == "ul":
                out += [f"- {line}" for line in block.lines]
            else:
                out.append("  \n".join(block.lines))
            out.append("")
    return "\n".join(out).encode("utf-8")


def gripp2_docx(project: Project, sections) -> bytes:
    """The GRIPP2 section as a Word document (.docx bytes): title, then Heading 1 and paragraphs per section."""
    from docx import Document

    document = Document()
    document.core_properties.title = gripp2_title(project)
    document.core_properties.author = "Roundtable"
    document.core_properties.language = "en-GB"
    document.add_heading(gripp2_title(project), level=0)
    document.add_paragraph(f"Made from what Roundtable holds about the project, on {_made_on()}.")
    for section in sections:
        document.add_heading(clean_text(section.title), level=1)
        for block in blocks(section.text):
            if block.kind == "ul":
                for line in block.lines:
                    document.add_paragraph(line, style="List Bullet")
            else:
                paragraph = document.add_paragraph()
                for number, line in enumerate(block.lines):
                    run = paragraph.add_run(line)
                    if number < len(block.lines) - 1:
                        run.add_break()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def gripp2_pdf(project: Project, sections) -> bytes:
    """The GRIPP2 section as a tagged PDF (PDF/UA-1) in the Noto fonts."""
    shown = [{"title": s.title, "blocks": blocks(s.text)} for s in sections]
    return render_pdf_template(
        "health/reports/pdf/gripp2.html",
        {"title": gripp2_title(project), "sections": shown, "made_on": _made_on()},
    )


def funder_pdf(context: dict) -> bytes:
    """The funder report as a tagged PDF; ``context`` is the one the HTML page gets (``funder.funder_report``)."""
    return render_pdf_template("health/reports/pdf/funder.html", context)
