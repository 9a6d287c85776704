"""One year's statistics as plain data: the figures, the problem rates with intervals, the
warnings and the accountability lists. The `spotcheck stats` command and the site's 统计
pages both show this."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from spotcheck.statistics.facts import DIMENSIONS, District, InspectionFact, TaskFact
from spotcheck.statistics.figures import (
    JOINT_GOAL,
    burden,
    department_rows,
    district_row,
    interval,
    rate_rows,
)
from spotcheck.statistics.intervals import FDR, MIN_EXPECTED, MIN_INSPECTIONS, proportion
from spotcheck.statistics.warnings import compare_categories, low_notes, rising


def default_year(district: District) -> str | None:
    """The latest plan year not after today's year (else the earliest there is)."""
    years = district.years
    current = [y for y in years if y <= district.today[:4]]
    if current:
        return current[-1]
    return years[0] if years else None


def _ranked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Categories with enough inspections by rate, highest first; the others (样本不足)
    after them by key, unranked."""
    tested = sorted((r for r in rows if r.get("enough")), key=lambda r: (-r["rate"], r["key"]))
    for rank, row in enumerate(tested, 1):
        row["rank"] = rank
    return tested + [r for r in rows if not r.get("enough")]


def _cells(
    district: District, inspections: list[InspectionFact]
) -> dict[tuple[str, str, str], tuple[int, int]]:
    _, rows = rate_rows(district, inspections)
    found = {
        ("district", "全区", "全区"): (
            sum(i.problem for i in inspections),
            len(inspections),
        )
    }
    for dimension, category_rows in rows.items():
        for row in category_rows:
            found[(dimension, row["key"], row["label"])] = (row["k"], row["n"])
    return found


def progress_phrase(uninspected: int, left: int | None, window_end: str | None) -> str:
    """ "剩余 1 个工作日，尚有 20 户未检查" (the site's flag and the command say the same)."""
    if left is None:
        return f"检查期已于 {window_end} 结束，尚有 {uninspected} 户未检查"
    return f"剩余 {left} 个工作日，尚有 {uninspected} 户未检查"


def task_status_text(task: TaskFact) -> str:
    """A task's progress in a few words, for the plan and task lists."""
    if not task.drawn:
        return "未抽取"
    if task.uninspected == 0:
        if task.completed:
            return "已全部公示"
        return f"已全部检查，{task.published}/{len(task.selected)} 户已公示"
    if task.overdue_inspection or task.working_days_left is not None:
        return progress_phrase(task.uninspected, task.working_days_left, task.window_end)
    return f"尚有 {task.uninspected} 户未检查"


def task_progress_rows(district: District) -> dict[str, dict[str, Any]]:
    """task id → its window end, progress text and behind-schedule flag."""
    return {
        t.id: {
            "window_end": t.window_end,
            "working_days_left": t.working_days_left,
            "text": task_status_text(t),
            "behind": t.behind,
        }
        for t in district.tasks
    }


def accountability(district: District) -> list[dict[str, Any]]:
    """逾期与进度: per department (by name), its tasks behind schedule and its late or
    overdue publications and uninspected targets, every year, newest task first."""
    groups: dict[str, dict[str, Any]] = {}

    def group(department: str) -> dict[str, Any]:
        name = district.departments.get(department, department)
        return groups.setdefault(
            department, {"department": department, "name": name, "behind": [], "delays": []}
        )

    for task in sorted(district.tasks, key=lambda t: t.id, reverse=True):
        if task.behind:
            group(task.department)["behind"].append(
                {
                    "task": task.id,
                    "name": task.name,
                    "window_end": task.window_end,
                    "uninspected": task.uninspected,
                    "working_days_left": task.working_days_left,
                    "phrase": task_status_text(task),
                }
            )
    for delay in sorted(district.delays, key=lambda d: (d.task, d.target), reverse=True):
        group(delay.department)["delays"].append(
            {**asdict(delay), "phrase": delay_phrase(delay.status, delay.working_days_late)}
        )
    return sorted(groups.values(), key=lambda g: g["department"])


def delay_phrase(status: str, working_days_late: int | None) -> str:
    late = "" if working_days_late is None else f"，已逾 {working_days_late} 个工作日"
    if status == "逾期公示":
        late = "" if working_days_late is None else f"，晚 {working_days_late} 个工作日"
    return f"{status}{late}"


def report(district: District, year: str | None = None) -> dict[str, Any]:
    year = year or default_year(district) or district.today[:4]
    tasks = [t for t in district.tasks if t.year == year]
    task_ids = {t.id for t in tasks}
    inspections = [i for i in district.inspections if i.year == year]
    totals, rows = rate_rows(district, inspections)
    warnings = compare_categories(totals, rows)
    earlier = [y for y in district.years if y < year]
    if earlier:
        before = [i for i in district.inspections if i.year in earlier]
        warnings += rising(year, _cells(district, inspections), _cells(district, before), earlier)
    overall = proportion(sum(i.problem for i in inspections), len(inspections))
    return {
        "year": year,
        "years": district.years,
        "today": district.today,
        "joint_goal": JOINT_GOAL,
        "deadline_working_days": district.deadline_working_days,
        "calendar_problem": district.calendar_problem,
        "district": district_row(district, tasks),
        "departments": department_rows(district, tasks),
        "burden": burden(tasks),
        "problem_rate": interval(overall),
        "dimensions": DIMENSIONS,
        "rate_totals": totals,
        "rates": {dimension: _ranked(category_rows) for dimension, category_rows in rows.items()},
        "codes": Counter(c for i in inspections for c in i.codes).most_common(),
        "warnings": [asdict(w) for w in warnings],
        "notes": [asdict(n) for n in low_notes(rows)],
        "method": {
            "min_inspections": MIN_INSPECTIONS,
            "min_expected": MIN_EXPECTED,
            "fdr": FDR,
        },
        "behind": [
            {
                "task": t.id,
                "name": t.name,
                "department": t.department,
                "department_name": district.departments.get(t.department, t.department),
                "window_end": t.window_end,
                "working_days_left": t.working_days_left,
                "uninspected": t.uninspected,
                "overdue": t.overdue_inspection > 0,
                "phrase": progress_phrase(t.uninspected, t.working_days_left, t.window_end),
            }
            for t in tasks
            if t.behind
        ],
        "delays": [
            {
                **asdict(d),
                "department_name": district.departments.get(d.department, d.department),
                "phrase": delay_phrase(d.status, d.working_days_late),
            }
            for d in district.delays
            if d.task in task_ids
        ],
    }
