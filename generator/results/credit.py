"""The credit record of each business: every published inspection, across departments and years.

Results enter the entity's credit record (docs/domain.md, "Results and publication"). Pure: takes
a `RecordSet` (the website passes its public one) and `today`, returns plain data — only
results published on or before `today`, newest first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spotcheck.model import NO_PROBLEM, TaskRef, all_tasks, department_names, is_published
from spotcheck.records import Record, RecordSet

# codes that mean the inspection could not look at the business's conduct, so they are
# neither "no problem" nor "problem found"
NEUTRAL_CODES = frozenset(
    {
        "未发现开展本次抽查涉及的经营活动",
        "已关闭停业或正在组织清算",
        "已注销",
        "已被吊销",
        "已被撤销",
        "已迁出",
    }
)


def _entry(
    records: RecordSet, result: Record, names: dict[str, str], tasks: dict[str, TaskRef]
) -> dict[str, Any]:
    data = result.data
    task = tasks.get(str(data.get("task")))
    task_data = task.task if task else {}
    department_ids = task.departments if task else []
    items = []
    codes: set[str] = set()
    for entry in data.get("items") or []:
        item = records.get("item", str(entry.get("item")))
        entry_codes = [str(c) for c in entry.get("codes") or []]
        codes.update(entry_codes)
        items.append(
            {
                "item": str(entry.get("item")),
                "name": str(item.data.get("name", "")) if item else "",
                "codes": entry_codes,
            }
        )
    return {
        "target": str(data.get("target")),
        "task": str(data.get("task")),
        "task_name": str(task_data.get("name", "")),
        "plan": task.plan.id if task else "",
        "type": str(task_data.get("type", "")),
        "departments": [names.get(d, d) for d in department_ids],
        "department_ids": department_ids,
        "joint": len(department_ids) > 1,
        "inspection_date": str(data.get("inspection_date", "")),
        "published": str(data.get("published", "")),
        "items": items,
        "follow_up": [
            str(f.get("action")) for f in data.get("follow_up") or [] if isinstance(f, dict)
        ],
        "problems_found": bool(codes - {NO_PROBLEM} - NEUTRAL_CODES),
        "corrections": [dict(c) for c in data.get("corrections") or [] if isinstance(c, dict)],
        "path": result.path,
    }


def credit_records(
    records: RecordSet, today: dt.date | None = None
) -> dict[str, list[dict[str, Any]]]:
    """uscc → its published inspections, newest first (by inspection, then publication)."""
    names = department_names(records)
    tasks = all_tasks(records)
    found: dict[str, list[dict[str, Any]]] = {}
    for result in records.of("result"):
        if not is_published(result, today):
            continue
        entry = _entry(records, result, names, tasks)
        found.setdefault(entry["target"], []).append(entry)
    for entries in found.values():
        entries.sort(key=lambda e: (e["inspection_date"], e["published"], e["task"]), reverse=True)
    return dict(sorted(found.items()))


def credit_record(
    records: RecordSet, uscc: str, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """One business's published inspections (empty if it has none)."""
    return credit_records(records, today).get(uscc, [])
