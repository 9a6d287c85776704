"""Tasks of the annual plans and their draws: the shared vocabulary of draws, results, checks
and the site. Pure functions over a `RecordSet`; imports nothing but the records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.records import Record, RecordSet

MINIMUM_OFFICERS = 2  # 行政处罚法 2021 art. 42: at least two enforcement officers


def parse_date(value: Any) -> dt.date | None:
    """An ISO date from a record value, or None (the schema reports malformed ones)."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class TaskRef:
    """A task of an annual plan, with the plan it belongs to."""

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
    def window_start(self) -> dt.date | None:
        return parse_date((self.task.get("window") or {}).get("start"))

    @property
    def window_end(self) -> dt.date | None:
        return parse_date((self.task.get("window") or {}).get("end"))


def all_tasks(records: RecordSet) -> dict[str, TaskRef]:
    """Every task by id (the first one, if an id is duplicated: validation reports that)."""
    found: dict[str, TaskRef] = {}
    for plan in records.of("plan"):
        for index, task in enumerate(plan.data.get("tasks") or []):
            if isinstance(task, dict) and task.get("id") is not None:
                found.setdefault(str(task["id"]), TaskRef(plan, index, task))
    return found


def find_task(records: RecordSet, task_id: str) -> TaskRef | None:
    return all_tasks(records).get(task_id)


def participating_departments(task: Mapping[str, Any]) -> list[str]:
    """Lead department first, then the cooperating ones (a joint task has two or more)."""
    lead = task.get("lead_department")
    found = [str(lead)] if lead else []
    for other in task.get("cooperating_departments") or []:
        if str(other) not in found:
            found.append(str(other))
    return found


def is_joint(task: Mapping[str, Any]) -> bool:
    """跨部门联合抽查: marked joint, or with cooperating departments."""
    return bool(task.get("joint")) or bool(task.get("cooperating_departments"))


def slots_per_department(task: Mapping[str, Any]) -> dict[str, int]:
    """Officer slots each department fills on one target (docs/protocol.md §3.2): one per
    participating department, the rest of `officers_per_target` from the lead."""
    departments = participating_departments(task)
    slots = dict.fromkeys(departments, 1)
    wanted = int(task.get("officers_per_target") or MINIMUM_OFFICERS)
    if departments:
        slots[departments[0]] += max(0, wanted - len(departments))
    return slots


def attempt_of(record: Record) -> int:
    value = record.data.get("attempt", 1)
    return value if isinstance(value, int) else 1


def live_draws(records: RecordSet) -> list[Record]:
    """Draw records that have not been voided."""
    voided = {(str(v.data.get("task")), attempt_of(v)) for v in records.of("void")}
    return [d for d in records.of("draw") if (str(d.data.get("task")), attempt_of(d)) not in voided]


def department_names(records: RecordSet) -> dict[str, str]:
    return {d.id: str(d.data.get("name", d.id)) for d in records.of("department")}
