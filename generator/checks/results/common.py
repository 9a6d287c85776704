"""What the result checks share: reading list fields safely, a result's codes, the drawn tasks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spotcheck.model import TaskRef, all_tasks, task_draws
from spotcheck.records import RecordSet


def as_list(value: Any) -> list[Any]:
    """A list field's value; anything else (a schema error, reported there) counts as empty,
    so a string is never walked character by character."""
    return value if isinstance(value, list) else []


def result_codes(result: Mapping[str, Any]) -> list[tuple[int, str]]:
    found = []
    for index, entry in enumerate(as_list(result.get("items"))):
        if isinstance(entry, dict):
            found.extend((index, str(code)) for code in as_list(entry.get("codes")))
    return found


def drawn_tasks(records: RecordSet) -> tuple[dict[str, TaskRef], dict[str, Any]]:
    return all_tasks(records), task_draws(records)
