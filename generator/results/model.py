"""What the draws say a task's results must be: drawn targets, assigned officers, file paths.

Pure functions over a `RecordSet`; shared by the result checks, the deadline status, the
`result` command and the exports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.records import Record, RecordSet

NO_PROBLEM = "未发现问题"
# result code → the registration status (登记状态) the target directory must then show
REGISTRATION_CODES = {"已注销": "注销", "已被吊销": "吊销", "已迁出": "迁出"}
# registration status implied by each status_history event (as in checks/targets.py; not
# imported from there because the checks package imports this module)
STATUS_AFTER_EVENT = {
    "设立": "存续",
    "迁入": "存续",
    "吊销": "吊销",
    "注销": "注销",
    "迁出": "迁出",
}

RESULT_MODELINE = "../../../../schemas/result.schema.json"


@dataclass(frozen=True)
class TaskRef:
    """A task of an annual plan (the same shape as `generator.draw.engine.TaskRef`)."""

    plan: Record
    index: int
    task: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.task["id"])

    @property
    def year(self) -> str:
        return str(self.plan.data.get("year") or self.id[:4])

    @property
    def items(self) -> list[str]:
        return [str(i) for i in self.task.get("items") or []]

    @property
    def window_end(self) -> dt.date | None:
        return parse_date((self.task.get("window") or {}).get("end"))

    @property
    def window_start(self) -> dt.date | None:
        return parse_date((self.task.get("window") or {}).get("start"))


def find_task(records: RecordSet, task_id: str) -> TaskRef | None:
    """The task with this id, or None. (Not `draw.engine.find_task`: importing the draw engine
    here would make an import cycle through `generator.checks`.)"""
    for plan in records.of("plan"):
        for index, task in enumerate(plan.data.get("tasks") or []):
            if isinstance(task, dict) and str(task.get("id")) == task_id:
                return TaskRef(plan, index, task)
    return None


def all_tasks(records: RecordSet) -> dict[str, TaskRef]:
    found: dict[str, TaskRef] = {}
    for plan in records.of("plan"):
        for index, task in enumerate(plan.data.get("tasks") or []):
            if isinstance(task, dict) and task.get("id") is not None:
                found.setdefault(str(task["id"]), TaskRef(plan, index, task))
    return found


def live_draws(records: RecordSet) -> list[Record]:
    """Draw records that have not been voided (as `draw.engine.live_draws`)."""
    voided = {(str(v.data.get("task")), v.data.get("attempt", 1)) for v in records.of("void")}
    return [
        d
        for d in records.of("draw")
        if (str(d.data.get("task")), d.data.get("attempt", 1)) not in voided
    ]


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
        if task not in latest or _attempt(draw) > _attempt(latest[task]):
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


def _attempt(draw: Record) -> int:
    value = draw.data.get("attempt", 1)
    return value if isinstance(value, int) else 1


def results_by_task(records: RecordSet) -> dict[str, dict[str, Record]]:
    found: dict[str, dict[str, Record]] = {}
    for result in records.of("result"):
        found.setdefault(str(result.data.get("task")), {})[str(result.data.get("target"))] = result
    return found


def result_path(task: TaskRef, target: str) -> str:
    return f"records/results/{task.year}/{task.id}/{target}.yaml"


def parse_date(value: Any) -> dt.date | None:
    """An ISO date from a record value, or None (the schema reports malformed ones)."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def status_on(target: Mapping[str, Any], day: dt.date) -> str | None:
    """The registration status a target had on `day`, from its status history."""
    status = None
    for event in target.get("status_history") or []:
        when = parse_date(event.get("date"))
        if when is not None and when <= day:
            status = STATUS_AFTER_EVENT.get(str(event.get("event")), status)
    return status


def deadline_working_days(records: RecordSet) -> int:
    value = records.config.get("result_deadline_working_days", 20)
    return value if isinstance(value, int) and value > 0 else 20


def department_names(records: RecordSet) -> dict[str, str]:
    return {d.id: str(d.data.get("name", d.id)) for d in records.of("department")}
