"""The certificate of contribution: a PDF for one person, ready for a CV.

fpdf2 with DejaVu Sans and text shaping (uharfbuzz), as letters use, so names in any
script print: "Łucja Nowak" and "عائشة".
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from roundtable.lib.i18n import hours_words
from roundtable.notifications.letters import _new_pdf


def _line(pdf, height: float, text: str, align: str = "L") -> None:
    pdf.multi_cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")


def _day(value) -> str:
    return date_format(value, "j F Y")


def certificate_pdf(*, name: str, organisations) -> bytes:
    """One page for each organisation; the person's own name, their projects, hours, kinds of help and dates."""
    pdf = _new_pdf()
    pdf.set_title(_("Certificate of contribution"))
    if not organisations:
        organisations = [None]
    for organisation in organisations:
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 24)
        _line(pdf, 12, _("Certificate of contribution"), align="C")
        pdf.ln(6)
        pdf.set_font("DejaVu", "", 13)
        _line(pdf, 8, _("This is to thank"), align="C")
        pdf.set_font("DejaVu", "B", 20)
        _line(pdf, 12, name, align="C")
        pdf.set_font("DejaVu", "", 13)
        if organisation is None:
            pdf.ln(4)
            _line(pdf, 8, _("There are no confirmed contributions yet."), align="C")
            continue
        _line(pdf, 8, _("for their part in our work, from %(org)s.") % {"org": organisation.name}, align="C")
        pdf.ln(8)
        for project in organisation.projects:
            pdf.set_font("DejaVu", "B", 14)
            _line(pdf, 8, project.title)
            pdf.set_font("DejaVu", "", 12)
            dates = (
                _day(project.first)
                if project.first == project.last
                else _("%(start)s to %(end)s") % {"start": _day(project.first), "end": _day(project.last)}
            )
            hours = hours_words(project.hours or 0)
            _line(pdf, 7, _("Dates: %(dates)s") % {"dates": dates})
            _line(pdf, 7, _("Time given: %(time)s") % {"time": hours})
            _line(pdf, 7, _("What they did: %(types)s") % {"types": ", ".join(project.types)})
            pdf.ln(4)
        pdf.ln(6)
        pdf.set_font("DejaVu", "", 11)
        _line(
            pdf,
            6,
            _("Made by Roundtable for %(org)s on %(date)s.")
            % {"org": organisation.name, "date": _day(timezone.localdate())},
        )
    return bytes(pdf.output())
