"""GB/T 4754-2017 国民经济行业分类: codes and names shipped with the package.

Codes carry the section letter, as the enterprise credit system shows them: section `H`,
division (大类) `H62`, group (中类) `H621`, class (小类) `H6210`. Plan scopes use prefixes.
The table lists every section and division, and the groups and classes that the records
use most (not the complete standard).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

_DATA_FILE = "gbt4754_2017.tsv"


@cache
def load_industries() -> dict[str, str]:
    """All known codes mapped to their Chinese names (read once, then cached)."""
    text = resources.files("spotcheck.data").joinpath(_DATA_FILE).read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines()[1:]:  # first line is the header
        if not line.strip():
            continue
        code, name = line.split("\t", 1)
        table[code] = name.strip()
    return table


def is_known(code: str) -> bool:
    """True if `code` is a section, division, group or class listed in the table."""
    return code in load_industries()


def industry_name(code: str) -> str | None:
    """The name of `code`, or None if the table does not list it."""
    return load_industries().get(code)
