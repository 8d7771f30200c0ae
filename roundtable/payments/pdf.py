"""PDFs a person keeps: a statement for a payment run, and the involvement payments letter for the Jobcentre.

fpdf2 with DejaVu Sans (Debian's fonts-dejavu-core), like notifications/letters.py, so any name prints.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from roundtable.lib.i18n import day_words
from roundtable.lib.money import format_money

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _pdf(large: bool = False):
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_margins(20, 20, 20)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_creator("Roundtable")
    pdf.add_page()
    return pdf


def _para(pdf, text: str, size: int = 12, bold: bool = False) -> None:
    pdf.set_font("DejaVu", "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.55, text)
    pdf.ln(size * 0.3)


def _table(pdf, rows: list[tuple[str, str, str]], size: int) -> None:
    pdf.set_font("DejaVu", "", size)
    for day, what, amount in rows:
        pdf.cell(35, size * 0.6, day)
        pdf.cell(100, size * 0.6, what[:60])
        pdf.cell(0, size * 0.6, amount, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(size * 0.4)


def statement_pdf(*, run, person, claims, large: bool = False) -> bytes:
    size = 16 if large else 12
    pdf = _pdf(large)
    _para(pdf, run.organisation.name, size - 2)
    _para(pdf, _("Payment statement"), size + 4, bold=True)
    _para(pdf, str(person), size)
    _para(
        pdf,
        _("Paid on %(day)s. Bank reference: %(ref)s.") % {"day": day_words(run.paid_on), "ref": run.reference},
        size,
    )
    rows = []
    total = Decimal("0")
    for c in claims:
        what = f"{c.project.title}: {c.activity or c.get_expense_kind_display() or c.get_kind_display()}"
        if c.paid_in_advance:
            what += " " + _("(we paid %(amount)s for you in advance, not to you)") % {
                "amount": format_money(c.amount, c.currency)
            }
        elif c.choice == "donate":
            what += " " + _("(given to %(charity)s)") % {"charity": c.charity}
        rows.append((day_words(c.work_date, short=True), what, format_money(c.payable, c.currency)))
        total += c.payable
    _table(pdf, rows, size)
    _para(pdf, _("Total: %(total)s") % {"total": format_money(total, run.currency)}, size, bold=True)
    _para(
        pdf,
        _(
            "Fees count as income. Costs paid back to you (like travel or childcare) are not income. "
            "If you get benefits, free advice can help: %(advice)s."
        )
        % {"advice": "Citizens Advice, 0800 144 8848"},
        size - 1,
    )
    return bytes(pdf.output())


def involvement_letter_pdf(*, person, claims, large: bool = False) -> bytes:
    """A letter the person can show the Jobcentre: the role, that it is service-user involvement, each payment."""
    size = 16 if large else 12
    pdf = _pdf(large)
    _para(pdf, day_words(timezone.localdate()), size - 2)
    _para(pdf, _("Involvement payments letter"), size + 4, bold=True)
    _para(pdf, _("To whom it may concern,"), size)
    projects = sorted({(c.project.title, c.project.organisation.name) for c in claims})
    roles = "; ".join(f"{title} ({org})" for title, org in projects) or _("no projects yet")
    _para(
        pdf,
        _(
            "%(name)s takes part as a lived-experience partner in: %(roles)s. This is service-user involvement: "
            "a person with lived experience helps a public body, charity or research team improve its services "
            "or research. It is not a job. They choose when to take part."
        )
        % {"name": str(person), "roles": roles},
        size,
    )
    _para(
        pdf,
        _(
            "Costs we paid back (such as travel or childcare) were out-of-pocket costs, not earnings. "
            "A person may turn down a payment, take a lower amount, or ask for it to go to a charity."
        ),
        size,
    )
    _para(pdf, _("Payments made"), size, bold=True)
    rows = []
    for c in claims:
        kind = _("cost paid back") if c.kind == "expense" else _("fee")
        rows.append(
            (
                day_words(c.paid_on, short=True) if c.paid_on else "",
                f"{kind}, {_('work on')} {day_words(c.work_date, short=True)}",
                format_money(c.payable, c.currency),
            )
        )
    if rows:
        _table(pdf, rows, size)
    else:
        _para(pdf, _("No payments yet."), size)
    _para(
        pdf,
        _(
            "For free, independent advice about benefits, contact Citizens Advice (0800 144 8848) "
            "or a local welfare rights service."
        ),
        size - 1,
    )
    return bytes(pdf.output())
