"""What a check reports, and what it may know besides the records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from spotcheck.records import Record, RecordSet
from spotcheck.report import Level


@dataclass(frozen=True)
class Finding:
    """A problem with one value of one record (`path` inside the record)."""

    record: Record
    path: tuple[str | int, ...]
    message: str
    expected: str = ""
    hint: str = ""
    level: Level = "error"
    code: str = ""


@dataclass(frozen=True)
class CheckContext:
    """Inputs besides the records; `today` is an option so that tests are deterministic."""

    today: dt.date = field(default_factory=dt.date.today)
    # result → its data when first published (from git; see generator/results/history.py), keyed
    # by `spotcheck.checks.results.history.original_key` (path; for a list file, path#target)
    published_originals: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # the repository's CODEOWNERS text (None: no such file), compared with the departments
    codeowners: str | None = None
    # record kinds with a file that could not be read: a reference to a record of these kinds
    # may point into that file, so "does not exist" would only be a follow-on error
    unreadable_kinds: frozenset[str] = frozenset()


def department_name(records: RecordSet, department_id: str) -> str:
    """Display name of a department id, or the id itself."""
    found = records.get("department", department_id)
    return str(found.data.get("name", department_id)) if found else department_id
