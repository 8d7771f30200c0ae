"""A payment run as CSV and XLSX, for the bank or the finance system. One row per claim."""

from __future__ import annotations

import csv
import io

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
            _safe(name),
            _safe(payee),
            _safe(project),
            kind,
            expense,
            day.isoformat(),
            f"{payable:.2f}",
            currency,
            choice,
            _safe(charity),
        ]


def _safe(value):
    """Stop a spreadsheet treating a name like "=SUM(...)" as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def run_csv(run) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in _rows(run):
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def run_xlsx(run) -> bytes:
    from decimal import Decimal

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"Run {run.pk}")
    sheet.append(HEADER)
    for row in _rows(run):
        row[7] = Decimal(row[7])
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
