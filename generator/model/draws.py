"""What a task's live draw says: its selected targets, its reserves, and each one's officers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from spotcheck.errors import SpotcheckError, UsageError
from spotcheck.model.attempts import attempts_by_task
from spotcheck.model.tasks import TaskRef, find_task
from spotcheck.records import Record, RecordSet


class NotDrawnError(SpotcheckError):
    """A result asked for a target the task's live draw did not choose; nothing was written."""


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

    @property
    def reserves(self) -> list[DrawnTarget]:
        return [t for t in self.targets.values() if t.reserve]


def selected_count(draw: Mapping[str, Any]) -> int:
    """How many targets a draw record (its data) selected, over all strata."""
    return sum(len(stratum.get("selected") or []) for stratum in draw.get("strata") or [])


def drawn_targets(task: str, draw: Record) -> TaskDraw:
    """The targets of one draw record: selected ones in ticket order, then the reserves."""
    entry = TaskDraw(task, draw)
    assigned = {
        str(a.get("target")): tuple(a.get("officers") or [])
        for a in draw.data.get("assignments") or []
    }
    strata = list(enumerate(draw.data.get("strata") or []))
    for s_index, stratum in strata:
        for k, chosen in enumerate(stratum.get("selected") or []):
            uscc = str(chosen.get("target"))
            path = ("strata", s_index, "selected", k, "target")
            entry.targets[uscc] = DrawnTarget(task, uscc, draw, path, False, assigned.get(uscc, ()))
    for s_index, stratum in strata:
        for k, chosen in enumerate(stratum.get("reserves") or []):
            uscc = str(chosen.get("target"))
            path = ("strata", s_index, "reserves", k, "target")
            entry.targets.setdefault(uscc, DrawnTarget(task, uscc, draw, path, True))
    return entry


def task_draws(records: RecordSet) -> dict[str, TaskDraw]:
    """Each task's live draw (see `spotcheck.model.attempts`), by task id in id order; worked
    out once per set of records (five checks ask; 1.5 million drawn targets in a city)."""
    memo = records.derived.get("task_draws")
    if memo is not None:
        return memo  # type: ignore[no-any-return]
    found: dict[str, TaskDraw] = {}
    for task, attempts in sorted(attempts_by_task(records).items()):
        draw = attempts.live_draw
        if draw is not None:
            found[task] = drawn_targets(task, draw)
    records.derived["task_draws"] = found
    return found


def target_for_result(
    records: RecordSet, task_id: str, target: str, *, allow_reserve: bool = False
) -> tuple[TaskRef, DrawnTarget]:
    """The task and drawn target a new result is for. Results are written only for targets of
    the task's live draw (双随机); a reserve only when asked, as it replaces a selected target
    that could not be inspected."""
    task = find_task(records, task_id)
    if task is None:
        raise UsageError(
            f"找不到抽查任务 {task_id}：请检查任务编号是否已写入 records/plans/ 中的年度计划"
        )
    drawn = task_draws(records).get(task.id)
    if drawn is None:
        raise NotDrawnError(
            f"任务 {task.id} 还没有有效的抽取结果：只能为随机抽中的对象填写检查结果"
        )
    entry = drawn.targets.get(target)
    if entry is None:
        raise NotDrawnError(
            f"{target} 不在任务 {task.id} 的抽取结果中（{drawn.draw.path}）："
            "只能为随机抽中的对象填写检查结果"
        )
    if entry.reserve and not allow_reserve:
        raise NotDrawnError(
            f"{target} 是任务 {task.id} 的候补对象：确有入选对象无法检查而递补时，加 --reserve"
        )
    return task, entry
