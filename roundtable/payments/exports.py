"""A payment run as CSV and XLSX, for the bank or the finance system. One row per claim."""

from __future__ import annotations

import csv
import io

from roundtable.lib.spreadsheet import safe_cell
from roundtable.payments import selectors

HEADER = [
    "Claim",
    "Person",
    "Payee reference",
    "Project",
    "Type",
    "Cost type",
    "Day of work",
    "Amount",
    "Currency",
    "Paid as",
    "Charity",
]


def _rows(run):
    for (cid, _pid, name, project, kind, expense, day, payable, currency, choice, charity), payee in selectors.run_rows(
        run=run
    ):
        yield [
            cid,
            safe_cell(name),
            safe_cell(payee),
            safe_cell(project),
            kind,
            expense,
            day.isoformat(),
            f"{payable:.2f}",
            currency,
            choice,
            safe_cell(charity),
        ]


def run_csv(run) -> bytes:
    """The run as CSV (UTF-8 with a byte order mark for Excel); amounts in pounds with two decimals ("6.40")."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in _rows(run):
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


# Amounts are numbers a spreadsheet can add up, shown with pence: 6.40, not 6.4.
AMOUNT_FORMAT = "0.00"


def run_xlsx(run) -> bytes:
    """The run as an XLSX workbook: one sheet, one row per claim; amounts are numbers in pounds shown as 0.00."""
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"Run {run.pk}")
    sheet.append(HEADER)
    for row in _rows(run):
        # openpyxl writes a Decimal as a number; types-openpyxl's WriteOnlyCell leaves Decimal out (its Cell has it).
        amount = WriteOnlyCell(sheet, value=Decimal(row[7]))  # type: ignore[arg-type]
        amount.number_format = AMOUNT_FORMAT
        row[7] = amount
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
