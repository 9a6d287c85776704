"""Record text in spreadsheets: never let Excel or WPS run it as a formula.

Record text is untrusted (a business can register a name such as `=HYPERLINK(…)`); a CSV
field or an XLSX string cell starting with `=`, `+`, `-`, `@`, tab or carriage return would
be evaluated as a formula when staff open the file (CSV injection, OWASP).
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: Any) -> Any:
    """A CSV field that spreadsheets show as text: a leading apostrophe disarms a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_text(cell: Cell) -> Cell:
    """Keep a string cell a string: openpyxl stores any value starting with `=` as a formula.
    (XLSX has types, so the text itself stays unchanged and imports back as it was.)"""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell
