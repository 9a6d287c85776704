"""The figures of one year: per department and for the district, the tasks planned,
committed, drawn and completed; targets drawn and inspected; results published on time,
late and overdue; the joint-inspection share against the 10 % goal; the share of each
department's items covered by a task; the heaviest burden on one business; and problem
rates by industry, region, item and credit class with their 95 % Wilson intervals. Pure."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from spotcheck.statistics.facts import DIMENSIONS, District, InspectionFact, TaskFact
from spotcheck.statistics.intervals import Proportion, proportion

JOINT_GOAL = 0.10  # joint inspections ≥ 10 % of all inspections (花府办函〔2017〕104号, 2018 goal)
DISTRICT = "全区"


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def interval(p: Proportion) -> dict[str, Any]:
    return {"k": p.k, "n": p.n, "rate": p.rate, "low": p.low, "high": p.high}


def progress_row(
    key: str,
    label: str,
    tasks: list[TaskFact],
    items: Iterable[str],
    planned_items: set[str] | None = None,
) -> dict[str, Any]:
    """The counts of one department (or the district) over the given tasks; `items` are its
    active items, covered when a task of `planned_items` (by default the tasks') lists them."""
    drawn = sum(len(t.selected) for t in tasks)
    joint = sum(len(t.selected) for t in tasks if t.joint)
    own_items = sorted(set(items))
    if planned_items is None:
        planned_items = {i for t in tasks for i in t.items}
    covered = [i for i in own_items if i in planned_items]
    return {
        "key": key,
        "label": label,
        "tasks_planned": len(tasks),
        "tasks_committed": sum(1 for t in tasks if t.committed),
        "tasks_drawn": sum(1 for t in tasks if t.drawn),
        "tasks_completed": sum(1 for t in tasks if t.completed),
        "tasks_behind": sum(1 for t in tasks if t.behind),
        "drawn": drawn,
        "inspected": sum(t.inspected for t in tasks),
        "published": sum(t.published for t in tasks),
        "published_on_time": sum(t.published_on_time for t in tasks),
        "published_late": sum(t.published_late for t in tasks),
        "overdue_publication": sum(t.overdue_publication for t in tasks),
        "overdue_inspection": sum(t.overdue_inspection for t in tasks),
        "completion": share(sum(t.published for t in tasks), drawn),
        "joint": joint,
        "joint_share": share(joint, drawn),
        "items": len(own_items),
        "items_covered": len(covered),
        "item_coverage": share(len(covered), len(own_items)),
        "items_uncovered": [i for i in own_items if i not in planned_items],
    }


def department_rows(district: District, tasks: list[TaskFact]) -> list[dict[str, Any]]:
    """One row per department with tasks or active items, led tasks counted; the item
    coverage counts a department's items planned in any task (a joint task carries the
    cooperating departments' items)."""
    planned = {i for t in tasks for i in t.items}
    by_department: dict[str, list[TaskFact]] = defaultdict(list)
    for task in tasks:
        by_department[task.department].append(task)
    items_of: dict[str, list[str]] = defaultdict(list)
    for item, (department, _, active) in district.items.items():
        if active and department:
            items_of[department].append(item)
    return [
        progress_row(
            key, district.departments.get(key, key), by_department[key], items_of[key], planned
        )
        for key in sorted(set(by_department) | set(items_of))
    ]


def district_row(district: District, tasks: list[TaskFact]) -> dict[str, Any]:
    active = [i for i, (_, _, on) in district.items.items() if on]
    return progress_row(DISTRICT, DISTRICT, tasks, active)


def burden(tasks: list[TaskFact]) -> dict[str, Any]:
    """Inspections per business in the year across departments (a joint task is one
    inspection): the heaviest, how many businesses bear it, and the distribution."""
    per_business: Counter[str] = Counter()
    for task in tasks:
        per_business.update(set(task.selected))
    if not per_business:
        return {"max": 0, "businesses_at_max": [], "distribution": {}}
    heaviest = max(per_business.values())
    return {
        "max": heaviest,
        "businesses_at_max": sorted(b for b, n in per_business.items() if n == heaviest),
        "distribution": {str(n): c for n, c in sorted(Counter(per_business.values()).items())},
    }


def category_counts(inspections: Iterable[InspectionFact]) -> dict[str, dict[str, list[int]]]:
    """dimension → category → [problems, inspections]. An item counts per item result."""
    table: dict[str, dict[str, list[int]]] = {d: defaultdict(lambda: [0, 0]) for d in DIMENSIONS}
    for inspection in inspections:
        for dimension in ("industry", "region", "credit_class"):
            cell = table[dimension][getattr(inspection, dimension)]
            cell[0] += inspection.problem
            cell[1] += 1
        for item, problem in inspection.items:
            cell = table["item"][item]
            cell[0] += problem
            cell[1] += 1
    return {d: dict(cells) for d, cells in table.items()}


def rate_rows(
    district: District, inspections: list[InspectionFact]
) -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """The district's problem rate per dimension (an item counts per item result) and the
    rate of each category, both with their 95 % Wilson intervals."""
    counts = category_counts(inspections)
    totals: dict[str, dict[str, Any]] = {}
    rows: dict[str, list[dict[str, Any]]] = {}
    for dimension, cells in counts.items():
        k = sum(c[0] for c in cells.values())
        n = sum(c[1] for c in cells.values())
        totals[dimension] = interval(proportion(k, n))
        labels = district.labels.get(dimension, {})
        rows[dimension] = [
            {
                "dimension": dimension,
                "key": key,
                "label": f"{key} {labels[key]}" if labels.get(key) else key,
                **interval(proportion(k_cat, n_cat)),
            }
            for key, (k_cat, n_cat) in sorted(cells.items())
        ]
    return totals, rows
