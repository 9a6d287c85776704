"""Inspection results as the draws and the publication rules see them: where a result's file
lives, whether it found a problem, and when it counts as published.

Published (已公示) has one definition, used by `spotcheck stats`, the website's pages and the
exports: a result whose publication date (`published`) is set and not after the day asked
about — a later date is scheduled, not yet public (as the deadline status counts it) — for a
target selected by the task's live draw, so that completion is published ÷ drawn
(docs/domain.md, "Analysis"). A result for a target outside the live draw is an error that
validation reports; it is never counted as published.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from spotcheck.layout import result_list_name
from spotcheck.model.draws import TaskDraw
from spotcheck.model.tasks import TaskRef, parse_date
from spotcheck.records import Record, RecordSet

NO_PROBLEM = "未发现问题"
# result code → the registration status (登记状态) the target directory must then show
REGISTRATION_CODES = {"已注销": "注销", "已被吊销": "吊销", "已迁出": "迁出"}

RESULT_MODELINE = "../../../../schemas/result.schema.json"
RESULT_LIST_MODELINE = "../../../../schemas/editor/result-list.schema.json"


def results_by_task(records: RecordSet) -> dict[str, dict[str, Record]]:
    """task id → target → its result record."""
    found: dict[str, dict[str, Record]] = {}
    for result in records.of("result"):
        found.setdefault(str(result.data.get("task")), {})[str(result.data.get("target"))] = result
    return found


def result_path(task: TaskRef, target: str) -> str:
    """Where a result kept in a file of its own lives (a task may also keep its results in
    list files: `result_list_path`)."""
    return f"records/results/{task.year}/{task.id}/{target}.yaml"


def result_folder(task: TaskRef) -> str:
    return f"records/results/{task.year}/{task.id}"


def result_list_path(task: TaskRef, number: int) -> str:
    """The task's `number`-th result list file (001.yaml, …; records/README.md)."""
    return f"{result_folder(task)}/{result_list_name(number)}"


def has_problem(result: Record) -> bool:
    """A result that found a problem: any code other than 未发现问题."""
    codes = [c for item in result.data.get("items") or [] for c in item.get("codes") or []]
    return any(code != NO_PROBLEM for code in codes)


def is_published(result: Record, today: dt.date | None) -> bool:
    """The result's publication date is set and not after `today` (any date, without one)."""
    return published_by(result.data, today)


def published_by(data: Mapping[str, Any], today: dt.date | None) -> bool:
    """`is_published` for a result's data."""
    published = parse_date(data.get("published"))
    return published is not None and (today is None or published <= today)


def published_results(
    draw: TaskDraw | None, results: Mapping[str, Record], today: dt.date
) -> dict[str, Record]:
    """The task's published results (see the module's docstring), by target, in draw order."""
    if draw is None:
        return {}
    found: dict[str, Record] = {}
    for target in draw.selected:
        result = results.get(target.target)
        if result is not None and is_published(result, today):
            found[target.target] = result
    return found
