"""Building a person's download: one JSON file per kind of data, their files, and a readable summary.

The zip (``<name>-data.zip``) holds:

* ``README.txt``: what is in it and where each file's schema is described (docs/your-data.md);
* ``<kind>.json`` for each kind of data in the plan (``{"kind", "about", "schema_version", "fields",
  "rows"}``), even when it has no rows, so every zip has the same shape;
* ``files/<kind>/<id>-<original name>``: files they uploaded (receipts);
* ``summary.html`` and ``summary.pdf``: the same readable summary, for the screen and for print.

It is built by the worker (``tasks.data_request_build``); the page never waits for it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone

from roundtable.lib.pdf import font_family_css, render_pdf
from roundtable.yourdata.plan import export_files, rows_about

if TYPE_CHECKING:
    from roundtable.accounts.models import User

SCHEMA_VERSION = 1
SUMMARY_ROWS = 5  # rows of each kind shown in the readable summary (the JSON files have them all)
CELL_CHARS = 300  # longest text shown in a summary cell
BATCH = 2000  # rows read at a time


@dataclass
class Section:
    """One kind of data in the summary: its file, plain words, how many rows and the first few."""

    kind: str
    words: str
    fields: tuple[str, ...]
    count: int = 0
    rows: list[list[tuple[str, str]]] = field(default_factory=list)


def _label(name: str) -> str:
    """A field's name in words: ``project__title`` reads "project title"."""
    return name.removesuffix("_id").replace("__", " ").replace("_", " ")


def _cell(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.time):  # a contact time ("20:00"): no date, so no ``sep``
        return value.isoformat(timespec="minutes")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"


def _write_json(archive: zipfile.ZipFile, kind: str, section: Section, person: User, entries) -> None:
    """Stream one kind's rows into ``<kind>.json`` without holding them all as one string."""
    with archive.open(f"{kind}.json", "w", force_zip64=True) as handle:
        head = {"kind": kind, "about": section.words, "schema_version": SCHEMA_VERSION, "fields": list(section.fields)}
        text = json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "rows": ['
        handle.write(text.encode())
        first = True
        for entry in entries:
            rows = rows_about(entry, person)
            if rows is None:
                continue
            for row in rows.order_by("pk").values(*entry.fields).iterator(chunk_size=BATCH):
                handle.write(
                    (
                        ("\n  " if first else ",\n  ") + json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False)
                    ).encode()
                )
                first = False
                section.count += 1
                if len(section.rows) < SUMMARY_ROWS:
                    section.rows.append([(_label(name), _cell(row.get(name))) for name in section.fields])
        handle.write(b"\n ]\n}\n")


def _write_files(archive: zipfile.ZipFile, kind: str, person: User, entries) -> int:
    copied = 0
    for entry in entries:
        if not entry.files:
            continue
        rows = rows_about(entry, person)
        if rows is None:
            continue
        for obj in rows.order_by("pk").iterator(chunk_size=BATCH):
            for name in entry.files:
                stored = getattr(obj, name)
                if not stored:
                    continue
                original = getattr(obj, f"{name}_name", "") or os.path.basename(stored.name)
                try:
                    with stored.open("rb") as source:
                        archive.writestr(f"files/{kind}/{obj.pk}-{os.path.basename(original)}", source.read())
                except FileNotFoundError:
                    continue
                copied += 1
    return copied


def summary_context(*, person: User, sections: list[Section], files: int) -> dict[str, Any]:
    """What the summary template needs: the person, when, each kind's section, how many files."""
    return {
        "person": person,
        "made_at": timezone.now(),
        "sections": sections,
        "files": files,
        "font_family": font_family_css(),
    }


def build_archive(person: User) -> tuple[str, bytes, dict[str, int]]:
    """Write the person's zip to a temporary file; returns ``(path, summary_pdf, counts per kind)``.

    The caller moves the file into storage and removes it. Reads each kind's rows in batches of
    ``BATCH`` (10,000 messages are streamed, never all in memory as objects).
    """
    sections: list[Section] = []
    files = 0
    handle, path = tempfile.mkstemp(suffix=".zip")
    os.close(handle)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for kind, entries in export_files().items():
            section = Section(kind=kind, words=entries[0].words, fields=entries[0].fields)
            _write_json(archive, kind, section, person, entries)
            files += _write_files(archive, kind, person, entries)
            sections.append(section)
        context = summary_context(person=person, sections=sections, files=files)
        html = render_to_string("yourdata/pdf/summary.html", context)
        pdf = render_pdf(html)
        archive.writestr("summary.html", html)
        archive.writestr("summary.pdf", pdf)
        archive.writestr("README.txt", render_to_string("yourdata/readme.txt", context))
    return path, pdf, {s.kind: s.count for s in sections}
