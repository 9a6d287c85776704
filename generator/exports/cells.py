"""Record text in spreadsheets: never let Excel or WPS run it as a formula.

Record text is untrusted (a business can register a name such as `=HYPERLINK(…)`); a CSV
field or an XLSX string cell starting with `=`, `+`, `-`, `@`, tab or carriage return would
be evaluated as a formula when staff open the file (CSV injection, OWASP).
"""

from __future__ import annotations

import json
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


def json_lines(rows: list[Any]) -> str:
    """The rows as JSON, one a line, joined by ",\n": a run of `json_lines_array`'s lines, so
    that a table can be put together from parts kept apart (the site's build cache)."""
    return ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows)


def json_array_of(parts: list[str]) -> str:
    """The JSON array whose lines are the `json_lines` parts, in order (empty parts skipped)."""
    lines = [part for part in parts if part]
    if not lines:
        return "[]\n"
    return "[\n" + ",\n".join(lines) + "\n]\n"


def json_lines_array(rows: list[Any]) -> str:
    """A JSON array with one record a line: as readable and diffable as indented JSON, without
    the indentation that made the large tables ~20 % bigger (issue #12: a light site)."""
    return json_array_of([json_lines(rows)])
