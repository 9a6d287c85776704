"""Draws and results across records (filled in with the draw and result record kinds)."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from spotcheck.checks.base import CheckContext, Finding
from spotcheck.draw.sampling import exact_ratio
from spotcheck.model.attempts import attempts_by_task
from spotcheck.model.tasks import all_tasks
from spotcheck.records import RecordSet

Size = tuple[str, Fraction | int | None]  # ("ratio", 3/100) or ("count", 20)


def _planned_sizes(task: dict[str, Any]) -> dict[str | None, tuple[tuple[str | int, ...], Size]]:
    """Stratum value → (path inside the task, its written ratio or count)."""
    groups = (task.get("strata") or {}).get("groups") or []
    if groups:
        return {
            str(group.get("value")): (("strata", "groups", index), _size(group))
            for index, group in enumerate(groups)
            if isinstance(group, dict)
        }
    return {None: ((), _size(task))}


def _size(entry: dict[str, Any]) -> Size:
    if entry.get("ratio") is not None:
        try:
            return "ratio", exact_ratio(entry["ratio"])
        except (TypeError, ValueError, ZeroDivisionError):
            return "ratio", None
    return "count", entry.get("count")


def _shown(size: Size) -> str:
    kind, value = size
    if value is None:
        return "未填写"
    if kind == "ratio" and isinstance(value, Fraction):
        return f"比例 {float(value):g}"
    return f"数量 {value}"


def check_plan_unchanged_since_commitment(
    records: RecordSet, context: CheckContext
) -> Iterator[Finding]:
    """A task's ratio or count, and its strata, are what its (not voided) commitment recorded:
    changing them afterwards would make the published draw disagree with the plan."""
    attempts = attempts_by_task(records)
    for task_id, ref in all_tasks(records).items():
        found = attempts.get(task_id)
        if found is None:
            continue
        planned = _planned_sizes(ref.task)
        for number, commitment in sorted(found.commitments.items()):
            if number in found.voids:
                continue
            when = f"{commitment.data.get('committed_at', '')}（第 {number} 次抽取承诺）"
            base: tuple[str | int, ...] = ("tasks", ref.index)
            committed: dict[str | None, Size] = {}
            for stratum in commitment.data.get("strata") or []:
                value = stratum.get("value")
                committed[None if value is None else str(value)] = _size(stratum)
            if set(committed) != set(planned):
                yield Finding(
                    ref.plan,
                    (*base, "strata"),
                    f"任务 {task_id} 已于 {when} 按分层 "
                    f"{'、'.join(str(v) for v in committed)} 抽取，计划中的分层此后被改动",
                    expected="已抽取的任务不能再改分层；确需改动的，先作废该次抽取再重新抽取",
                    code="plan-changed-after-draw",
                )
                continue
            for value, (path, size) in planned.items():
                if committed[value] != size:
                    label = f"分层“{value}”的" if value is not None else ""
                    yield Finding(
                        ref.plan,
                        (*base, *path, size[0]),
                        f"任务 {task_id} 已于 {when} 按{label}{_shown(committed[value])}抽取，"
                        f"计划此后被改为{_shown(size)}",
                        expected="已抽取的任务不能再改抽查比例或数量；确需改动的，先作废该次抽取再重新抽取",
                        code="plan-changed-after-draw",
                    )


DRAW_CHECKS: tuple = (check_plan_unchanged_since_commitment,)
