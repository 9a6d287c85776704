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
from generator.model import NO_PROBLEM, department_names, has_problem, task_records
from generator.records import RecordSet
from generator.results.calendar import CalendarMissing, work_calendar
from generator.results.deadlines import summary, task_statuses

JOINT_GOAL = 0.10  # joint inspections ≥ 10% of all inspections (2018 goal)


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def statistics(records: RecordSet, today: dt.date) -> dict[str, Any]:
    """Counts and rates overall and by department, industry section and item."""
    tasks = task_records(records)
    targets = {t.id: t.data for t in records.of("target")}
    by_department: dict[str, Counter[str]] = defaultdict(Counter)
    by_industry: dict[str, Counter[str]] = defaultdict(Counter)
    by_item: dict[str, Counter[str]] = defaultdict(Counter)
    codes: Counter[str] = Counter()
    for task in tasks.values():
        counts = by_department[task.department]
        counts["tasks"] += 1
        selected = task.selected()
        counts["drawn"] += len(selected)
        if task.joint:
            counts["joint"] += len(selected)
        published = task.published(today)
        for uscc in selected:
            section = str(targets.get(uscc, {}).get("industry", "?"))[:1] or "?"
            by_industry[section]["drawn"] += 1
            if uscc in task.results:
                counts["inspected"] += 1
            result = published.get(uscc)
            if result is None:
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
