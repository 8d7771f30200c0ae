"""Cells we write into CSV and spreadsheet files people open in Excel or LibreOffice."""

from __future__ import annotations

from typing import Any

# A cell starting with one of these is read as a formula by spreadsheet programs (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` as a cell a spreadsheet will show as text: a string that starts like a formula
    (``"=SUM(A1)"``, ``"@cmd"``) gets a leading apostrophe; anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
