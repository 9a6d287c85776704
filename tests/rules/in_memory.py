"""Records built in memory for the rule tests: no files, no git, so each test runs in
milliseconds and can be run for every mutant (benchmarks/mutation.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from spotcheck.records import Record, RecordSet

PLAN = "2026-SCJG"
TASK = "2026-SCJG-01"
JOINT_TASK = "2026-SCJG-02"
WINDOW = {"start": "2026-09-01", "end": "2026-11-30"}


def record_set(*records: Record) -> RecordSet:
    found = RecordSet()
    for record in records:
        found.add(record)
    return found


def config(**data: Any) -> Record:
    return Record("config", "config", dict(data), "records/config.yaml")


def department(dept_id: str, name: str) -> Record:
    return Record(
        "department", dept_id, {"id": dept_id, "name": name}, f"records/departments/{dept_id}.yaml"
    )


def item(item_id: str, name: str) -> Record:
    return Record("item", item_id, {"id": item_id, "name": name}, "records/items/SCJG.yaml")


def target(uscc: str, industry: str = "F5211") -> Record:
    return Record("target", uscc, {"uscc": uscc, "industry": industry}, "records/targets/a.yaml")


def task(task_id: str = TASK, **data: Any) -> dict[str, Any]:
    return {
        "id": task_id,
        "name": f"任务{task_id}",
        "type": "定向抽查",
        "lead_department": "SCJG",
        "items": ["SCJG-001"],
        "window": dict(WINDOW),
        **data,
    }


def plan(*tasks: Mapping[str, Any], plan_id: str = PLAN, **data: Any) -> Record:
    return Record(
        "plan",
        plan_id,
        {"id": plan_id, "year": 2026, "department": "SCJG", "tasks": list(tasks), **data},
        f"records/plans/{plan_id}.yaml",
    )


def draw(
    task_id: str,
    strata: Iterable[tuple[Iterable[str], Iterable[str]]],
    attempt: int | None = None,
    assignments: Iterable[Mapping[str, Any]] = (),
) -> Record:
    """A draw record: `strata` is a list of (selected ids, reserve ids)."""
    data: dict[str, Any] = {
        "task": task_id,
        "strata": [
            {
                "selected": [{"target": t} for t in chosen],
                "reserves": [{"target": t} for t in reserves],
            }
            for chosen, reserves in strata
        ],
        "assignments": list(assignments),
    }
    if attempt is not None:
        data["attempt"] = attempt
    suffix = f"-{attempt}" if attempt else ""
    return Record("draw", f"{task_id}{suffix}", data, f"records/draws/{task_id}{suffix}.yaml")


def void(task_id: str, attempt: int = 1) -> Record:
    return Record(
        "void",
        f"{task_id}-{attempt}",
        {"task": task_id, "attempt": attempt},
        "records/voids/x.yaml",
    )


def result(task_id: str, uscc: str, **data: Any) -> Record:
    return Record(
        "result",
        f"{task_id}/{uscc}",
        {"task": task_id, "target": uscc, **data},
        f"records/results/2026/{task_id}/{uscc}.yaml",
    )


def calendar(year: int, holidays: Iterable[str] = (), workdays: Iterable[str] = ()) -> Record:
    return Record(
        "calendar",
        str(year),
        {"year": year, "holidays": list(holidays), "workdays": list(workdays)},
        f"records/calendars/{year}.yaml",
    )
