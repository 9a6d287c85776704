"""What a check reports, and what it may know besides the records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.records import Record, RecordSet
from generator.report import Level


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


def department_name(records: RecordSet, department_id: str) -> str:
    """Display name of a department id, or the id itself."""
    found = records.get("department", department_id)
    return str(found.data.get("name", department_id)) if found else department_id
