"""Statistics of the inspections (第三阶段: 监测、挖掘、比对分析、统计及归总).

Completion (published results / drawn targets), the joint share against the 10% goal of
花府办函〔2017〕104号, and problem rates by department, industry section and item, plus the
publication-deadline status counts. Pure: records and a date in, plain data out; the
`spotcheck stats` command and the website's dashboard both show this.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from generator.industries import load_industries
from generator.records import Record, RecordSet
from generator.results.calendar import CalendarMissing, work_calendar
from generator.results.deadlines import summary, task_statuses
from generator.results.model import NO_PROBLEM, results_by_task, task_draws
from generator.tasks import all_tasks, department_names, is_joint, parse_date

JOINT_GOAL = 0.10  # joint inspections ≥ 10% of all inspections (2018 goal)


def has_problem(result: Record) -> bool:
    """A result that found a problem: any code other than 未发现问题."""
    codes = [c for item in result.data.get("items") or [] for c in item.get("codes") or []]
    return any(code != NO_PROBLEM for code in codes)


def is_published(result: Record, today: dt.date) -> bool:
    published = parse_date(result.data.get("published"))
    return published is not None and published <= today


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def statistics(records: RecordSet, today: dt.date) -> dict[str, Any]:
    """Counts and rates overall and by department, industry section and item."""
    tasks = all_tasks(records)
    draws = task_draws(records)
    results = results_by_task(records)
    targets = {t.id: t.data for t in records.of("target")}
    by_department: dict[str, Counter[str]] = defaultdict(Counter)
    by_industry: dict[str, Counter[str]] = defaultdict(Counter)
    by_item: dict[str, Counter[str]] = defaultdict(Counter)
    codes: Counter[str] = Counter()
    for task_id, task in sorted(tasks.items()):
        department = str(task.task.get("lead_department") or task.plan.data.get("department"))
        counts = by_department[department]
        counts["tasks"] += 1
        draw = draws.get(task_id)
        selected = [t.target for t in draw.selected] if draw else []
        counts["drawn"] += len(selected)
        if is_joint(task.task):
            counts["joint"] += len(selected)
        for uscc in selected:
            section = str(targets.get(uscc, {}).get("industry", "?"))[:1] or "?"
            by_industry[section]["drawn"] += 1
            result = results.get(task_id, {}).get(uscc)
            if result is None:
                continue
            counts["inspected"] += 1
            if not is_published(result, today):
                continue
            counts["published"] += 1
            by_industry[section]["published"] += 1
            problem = has_problem(result)
            counts["problems"] += problem
            by_industry[section]["problems"] += problem
            for entry in result.data.get("items") or []:
                item = str(entry.get("item"))
                entry_codes = [str(c) for c in entry.get("codes") or []]
                by_item[item]["published"] += 1
                by_item[item]["problems"] += any(c != NO_PROBLEM for c in entry_codes)
                codes.update(entry_codes)
    total: Counter[str] = Counter()
    for counts in by_department.values():
        total.update(counts)
    names = department_names(records)
    sections = load_industries()
    items = {i.id: str(i.data.get("name", "")) for i in records.of("item")}
    return {
        "today": today.isoformat(),
        "total": {
            **total,
            "completion": rate(total["published"], total["drawn"]),
            "joint_share": rate(total["joint"], total["drawn"]),
            "problem_rate": rate(total["problems"], total["published"]),
        },
        "joint_goal": JOINT_GOAL,
        "departments": _rows(by_department, lambda k: names.get(k, k)),
        "industries": _rows(by_industry, lambda k: f"{k} {sections.get(k, '')}".strip()),
        "items": _rows(by_item, lambda k: f"{k} {items.get(k, '')}".strip()),
        "codes": codes.most_common(),
        "deadlines": deadline_counts(records, today),
    }


def _rows(table: Mapping[str, Counter[str]], label: Callable[[str], str]) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "label": label(key),
            **counts,
            "completion": rate(counts["published"], counts["drawn"]),
            "problem_rate": rate(counts["problems"], counts["published"]),
        }
        for key, counts in sorted(table.items())
    ]


def deadline_counts(records: RecordSet, today: dt.date) -> dict[str, int] | None:
    """Drawn targets per publication status (待检查, 已公示, 逾期未公示 …); None when a needed
    year has no working-day calendar (validation names the missing file)."""
    try:
        calendar = work_calendar(c.data for c in records.of("calendar"))
        statuses = [s for found in task_statuses(records, calendar, today).values() for s in found]
    except CalendarMissing:
        return None
    return summary(statuses)
