"""The burden on one business (避免重复检查、执法扰企): when `max_inspections_per_business` is
set in config.yaml, warn where this year's (and later years') plans could inspect the same
business more often than that, and suggest one joint task instead.

"Could": the business is active and inside the task's scope (`spotcheck.draw.population`'s
scope filter, the one the draw uses); the ratio and the recent-inspection exclusion are left
out, since either may still select it. One finding per combination of tasks, on the plan of
the last of them. Past years are left out: what happened there is in the statistics' burden.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from spotcheck.checks.base import CheckContext, Finding
from spotcheck.draw.population import ACTIVE_STATUS, scope_filters
from spotcheck.model import TaskRef, all_tasks
from spotcheck.records import RecordSet

# The target fields a scope can look at: targets equal in these are in the same tasks.
SCOPE_KEY = ("industry", "region", "entity_type", "credit_class", "office")


def _scope_key(target: Mapping[str, Any]) -> tuple[Any, ...]:
    lists = tuple(
        sorted(str(e.get("list")) for e in target.get("lists") or [] if isinstance(e, dict))
    )
    return (*(target.get(field) for field in SCOPE_KEY), lists)


def _in_scope(task: TaskRef, target: Mapping[str, Any]) -> bool:
    exact, matches = scope_filters(task.task.get("scope") or {})
    if matches is not None and not matches(target):
        return False
    return all(target.get(field) in allowed for field, allowed in exact)


def check_burden(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    limit = records.config.get("max_inspections_per_business")
    if not isinstance(limit, int) or limit < 1:
        return
    by_year: dict[str, list[TaskRef]] = defaultdict(list)
    for task in all_tasks(records).values():
        if int(task.year) >= context.today.year:
            by_year[task.year].append(task)
    if not by_year:
        return
    # targets grouped by what a scope can see, so each task looks at each group once
    groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    sample: dict[tuple[Any, ...], Mapping[str, Any]] = {}
    for target in records.of("target"):
        if target.data.get("status") != ACTIVE_STATUS:
            continue
        key = _scope_key(target.data)
        groups[key].append(target.id)
        sample.setdefault(key, target.data)
    for _, tasks in sorted(by_year.items()):
        combinations: dict[tuple[str, ...], int] = defaultdict(int)
        for key, members in groups.items():
            inside = tuple(t.id for t in tasks if _in_scope(t, sample[key]))
            if len(inside) > limit:
                combinations[inside] += len(members)
        found = {t.id: t for t in tasks}
        for combination, count in sorted(combinations.items()):
            last = found[combination[-1]]
            departments = sorted({d for task_id in combination for d in found[task_id].departments})
            yield Finding(
                last.plan,
                last.plan.pointer("tasks", last.index, "scope"),
                f"{count} 户市场主体同时在 {len(combination)} 个抽查任务的范围内"
                f"（{'、'.join(combination)}），本年度可能被检查 {len(combination)} 次，"
                f"超过每户每年 {limit} 次（config.yaml 的 max_inspections_per_business）",
                expected=f"同一市场主体每年被检查不超过 {limit} 次",
                hint="同一对象的多个事项宜合并为一次跨部门联合抽查：由一个任务牵头，"
                f"在 cooperating_departments 中列出配合部门（{'、'.join(departments)}）并加入其抽查事项；"
                "或缩小各任务的抽查范围",
                level="warning",
                code="plan-burden",
            )


BURDEN_CHECKS = (check_burden,)
