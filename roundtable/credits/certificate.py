"""The certificate of contribution: a tagged PDF for one person, ready for a CV.

HTML (``credits/pdf/certificate.html``) made into a PDF by ``lib/pdf.py`` (WeasyPrint with Debian's
Noto fonts), so names in any script print and shape: "Łucja Nowak", "عائشة", "王小明".

Laying out a PDF takes a tenth of a second or more, so ``certificate_pdf_kept`` keeps each one made in
the cache for a day, under a key made from everything printed on it (the name, the summary of each
project, the language and today's date): a changed contribution or name makes a new key, never a stale
certificate, and a person who downloads it twice waits only once.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.utils import timezone, translation

from roundtable.lib.i18n import day_words, hours_words
from roundtable.lib.pdf import render_pdf_template


def certificate_pdf(*, name: str, organisations) -> bytes:
    """One page for each organisation; the person's own name, their projects, hours, kinds of help and dates.

    ``organisations`` is ``selectors.certificate_data(user=...)``: objects with ``name`` and
    ``projects`` (each with ``title``, ``first`` and ``last`` dates, ``hours`` as a Decimal number of
    hours, and ``types``, the kinds of help). An empty list gives one page saying there is nothing yet.
    """
    pages: list[dict[str, Any] | None] = []
    for organisation in organisations or [None]:
        if organisation is None:
            pages.append(None)
            continue
        projects = []
        for project in organisation.projects:
            projects.append(
                {
                    "title": project.title,
                    "first": day_words(project.first),
                    "last": day_words(project.last),
                    "same_day": project.first == project.last,
                    "hours": hours_words(project.hours or 0),
                    "types": ", ".join(project.types),
                }
            )
        pages.append({"name": organisation.name, "projects": projects})
    return render_pdf_template(
        "credits/pdf/certificate.html", {"name": name, "pages": pages, "today": day_words(timezone.localdate())}
    )


KEEP_SECONDS = 24 * 60 * 60


def certificate_pdf_kept(*, name: str, organisations) -> bytes:
    """``certificate_pdf``, kept in the cache for a day under a key made from all it prints (see above)."""
    today = timezone.localdate()
    printed = repr((name, organisations, today.isoformat(), translation.get_language()))
    key = "credits:certificate:" + hashlib.sha256(printed.encode("utf-8")).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = certificate_pdf(name=name, organisations=organisations)
        cache.set(key, pdf, KEEP_SECONDS)
    return pdf
