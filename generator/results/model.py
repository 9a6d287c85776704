"""What the draws say a task's results must be: drawn targets, assigned officers, file paths.

Pure functions over a `RecordSet`; shared by the result checks, the deadline status, the
`result` command and the exports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.records import Record, RecordSet
from generator.registration import STATUS_AFTER_EVENT, status_on
from generator.tasks import (
    TaskRef,
    all_tasks,
    attempt_of,
    department_names,
    find_task,
    live_draws,
    parse_date,
)

__all__ = [
    "NO_PROBLEM",
    "REGISTRATION_CODES",
    "STATUS_AFTER_EVENT",
    "DrawnTarget",
    "TaskDraw",
    "TaskRef",
    "all_tasks",
    "department_names",
    "find_task",
    "live_draws",
    "parse_date",
    "result_path",
    "results_by_task",
    "status_on",
    "task_draws",
]

# Working days to publish a result in, by 企业信息公示暂行条例 第六条 (config.yaml may set another)
LEGAL_DEADLINE_WORKING_DAYS = 20
NO_PROBLEM = "未发现问题"
# result code → the registration status (登记状态) the target directory must then show
REGISTRATION_CODES = {"已注销": "注销", "已被吊销": "吊销", "已迁出": "迁出"}

RESULT_MODELINE = "../../../../schemas/result.schema.json"


@dataclass(frozen=True)
class DrawnTarget:
    """One target of a task's live draw: selected (or a reserve) and its assigned officers."""

    task: str
    target: str
    draw: Record
    path: tuple[str | int, ...]  # of the entry inside the draw record
    reserve: bool
    officers: tuple[Mapping[str, Any], ...] = ()  # assignment entries: inspector, department, role

    @property
    def officer_ids(self) -> list[str]:
        return [str(o.get("inspector")) for o in self.officers]


@dataclass
class TaskDraw:
    """The live draw of one task and its targets in ticket order (reserves last)."""

    task: str
    draw: Record
    targets: dict[str, DrawnTarget] = field(default_factory=dict)

    @property
    def selected(self) -> list[DrawnTarget]:
        return [t for t in self.targets.values() if not t.reserve]


def task_draws(records: RecordSet) -> dict[str, TaskDraw]:
    """Each task's live (not voided) draw; with several, the latest attempt counts."""
    latest: dict[str, Record] = {}
    for draw in live_draws(records):
        task = str(draw.data.get("task"))
        if task not in latest or attempt_of(draw) > attempt_of(latest[task]):
            latest[task] = draw
    found: dict[str, TaskDraw] = {}
    for task, draw in sorted(latest.items()):
        entry = TaskDraw(task, draw)
        assigned = {
            str(a.get("target")): (index, tuple(a.get("officers") or []))
            for index, a in enumerate(draw.data.get("assignments") or [])
        }
        for s_index, stratum in enumerate(draw.data.get("strata") or []):
            for k, chosen in enumerate(stratum.get("selected") or []):
                uscc = str(chosen.get("target"))
                officers = assigned.get(uscc, (0, ()))[1]
                entry.targets[uscc] = DrawnTarget(
                    task, uscc, draw, ("strata", s_index, "selected", k, "target"), False, officers
                )
        for s_index, stratum in enumerate(draw.data.get("strata") or []):
            for k, chosen in enumerate(stratum.get("reserves") or []):
                uscc = str(chosen.get("target"))
                entry.targets.setdefault(
                    uscc,
                    DrawnTarget(
                        task, uscc, draw, ("strata", s_index, "reserves", k, "target"), True
                    ),
                )
        found[task] = entry
    return found


def results_by_task(records: RecordSet) -> dict[str, dict[str, Record]]:
    found: dict[str, dict[str, Record]] = {}
    for result in records.of("result"):
        found.setdefault(str(result.data.get("task")), {})[str(result.data.get("target"))] = result
    return found


def result_path(task: TaskRef, target: str) -> str:
    return f"records/results/{task.year}/{task.id}/{target}.yaml"


def deadline_working_days(records: RecordSet) -> int:
    """Working days from inspection to publication: config.yaml's
    `result_deadline_working_days`, else the law's (企业信息公示暂行条例 第六条)."""
    value = records.config.get("result_deadline_working_days")
    return value if isinstance(value, int) and value > 0 else LEGAL_DEADLINE_WORKING_DAYS
