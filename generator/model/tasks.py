"""Tasks of the annual plans: what a task is, which departments take part, how many officers
each sends. Pure functions over a `RecordSet`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from spotcheck.records import Record, RecordSet

MINIMUM_OFFICERS = 2  # 行政处罚法 2021 art. 42: at least two enforcement officers


def parse_date(value: Any) -> dt.date | None:
    """An ISO date from a record value, or None (the schema reports malformed ones)."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def participating_departments(task: Mapping[str, Any], plan_department: Any = None) -> list[str]:
    """Lead department first, then the cooperating ones (a joint task has two or more).

    The lead is the task's `lead_department` (the schema requires it); a task that lacks one
    is led by the department whose plan holds it (制定部门), as every task of a department's
    annual plan is (checks/plans.py reports a different lead).
    """
    lead = task.get("lead_department") or plan_department
    found = [str(lead)] if lead else []
    for other in task.get("cooperating_departments") or []:
        if other and str(other) not in found:  # an empty entry names no department
            found.append(str(other))
    return found


def is_joint(task: Mapping[str, Any]) -> bool:
    """跨部门联合抽查: marked joint, or with cooperating departments."""
    return bool(task.get("joint")) or bool(task.get("cooperating_departments"))


def slots_per_department(task: Mapping[str, Any], plan_department: Any = None) -> dict[str, int]:
    """Officer slots each department fills on one target (docs/protocol.md §3.2): one per
    participating department, the rest of `officers_per_target` from the lead."""
    departments = participating_departments(task, plan_department)
    slots = dict.fromkeys(departments, 1)
    wanted = int(task.get("officers_per_target") or MINIMUM_OFFICERS)
    if departments:
        slots[departments[0]] += max(0, wanted - len(departments))
    return slots


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
    def data(self) -> dict[str, Any]:
        """The task's fields as written in the plan (same as `task`)."""
        return self.task

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

    @property
    def departments(self) -> list[str]:
        """Lead first, then the cooperating departments (see `participating_departments`)."""
        return participating_departments(self.task, self.plan.data.get("department"))

    @property
    def department(self) -> str:
        """The lead department."""
        return self.departments[0] if self.departments else str(None)

    @property
    def slots(self) -> dict[str, int]:
        return slots_per_department(self.task, self.plan.data.get("department"))

    @property
    def joint(self) -> bool:
        return is_joint(self.task)


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


def department_names(records: RecordSet) -> dict[str, str]:
    return {d.id: str(d.data.get("name", d.id)) for d in records.of("department")}
