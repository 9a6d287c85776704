"""The adapter from the records to the statistics' plain facts.

Every domain rule comes from where it is defined: tasks, live draws, departments and what
counts as published or as a problem from `spotcheck.model`; deadline statuses, working days
and a task's progress from `spotcheck.results.deadlines` (the computation `validate` and
`build` warn with).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spotcheck.industries import load_industries
from spotcheck.model import TaskRecords, department_names, has_problem, task_records
from spotcheck.model.results import NO_PROBLEM
from spotcheck.records import Record, RecordSet
from spotcheck.results.calendar import WorkCalendar
from spotcheck.results.deadlines import (
    OVERDUE_INSPECTION,
    OVERDUE_PUBLICATION,
    PUBLISHED,
    TargetStatus,
    deadline_working_days,
    records_statuses,
    task_progress,
    working_days_late,
)
from spotcheck.statistics.facts import DelayFact, District, InspectionFact, TaskFact

PUBLISHED_LATE = "逾期公示"

# The fields the statistics read of the big record kinds (`spotcheck.records.load(fields=...)`):
# a target's labels, a result without its officers, methods, follow-up and corrections, and a
# draw without its officers (85 % of a draw file's lines). Plans and the rest are read whole.
# tests/statistics/test_extract.py checks that the figures on these fields equal the figures
# on whole records.
STATISTICS_FIELDS: dict[str, tuple[str, ...]] = {
    "target": ("uscc", "name", "industry", "region", "credit_class"),
    "result": ("task", "target", "inspection_date", "items", "published", "delay"),
    "draw": (
        "task",
        "attempt",
        "algorithm",
        "pre_committed",
        "commitment_commit",
        "seed",
        "seed_source",
        "beacon",
        "population",
        "strata",
        "recusals",
        "drawn_at",
        "drawn_by",
        "tool_version",
    ),
}


def district_facts(
    records: RecordSet,
    today: dt.date,
) -> District:
    """The facts of every task, published inspection and delay, as of `today`."""
    by_task, calendar = records_statuses(records, today)
    targets = {t.id: t.data for t in records.of("target")}
    district = _district(records, today, by_task)
    for task in task_records(records).values():
        found = by_task.get(task.id, [])
        published = task.published(today)
        district.tasks.append(_task_fact(task, found, len(published), calendar, today))
        for uscc, result in published.items():
            district.inspections.append(_inspection(task, uscc, result, targets.get(uscc, {})))
        district.delays.extend(_delays(task, found, targets, calendar, today))
    return district


def _district(
    records: RecordSet, today: dt.date, by_task: dict[str, list[TargetStatus]]
) -> District:
    """The district without its tasks, inspections and delays: names, labels, settings."""
    config = records.config
    return District(
        today=today.isoformat(),
        departments=department_names(records),
        items={
            i.id: (
                str(i.data.get("department", "")),
                str(i.data.get("name", "")),
                i.data.get("active") is not False,
            )
            for i in records.of("item")
        },
        labels={
            "industry": {k: v for k, v in load_industries().items() if len(k) == 1},
            "region": {str(r.get("code")): str(r.get("name")) for r in config.get("regions") or []},
            "item": {i.id: str(i.data.get("name", "")) for i in records.of("item")},
            "credit_class": dict.fromkeys("ABCD", "类"),
        },
        deadline_working_days=deadline_working_days(records),
        calendar_problem=next(
            (s.calendar_problem for found in by_task.values() for s in found if s.calendar_problem),
            None,
        ),
    )


def _task_fact(
    task: TaskRecords,
    found: list[TargetStatus],
    published: int,
    calendar: WorkCalendar,
    today: dt.date,
) -> TaskFact:
    selected = task.selected()
    chosen = set(selected)
    counted = [s for s in found if s.target in chosen]
    progress = task_progress(task.id, found, calendar, today) if found else None
    return TaskFact(
        id=task.id,
        year=task.year,
        name=str(task.data.get("name", "")),
        departments=tuple(task.departments),
        joint=task.joint,
        items=tuple(task.items),
        committed=bool(task.commitments),
        drawn=task.drawn is not None,
        selected=tuple(selected),
        inspected=sum(1 for s in counted if s.inspection_date is not None),
        published=published,
        published_late=sum(1 for s in counted if s.status == PUBLISHED and s.published_late),
        overdue_publication=sum(1 for s in counted if s.status == OVERDUE_PUBLICATION),
        overdue_inspection=sum(1 for s in counted if s.status == OVERDUE_INSPECTION),
        window_end=task.window_end.isoformat() if task.window_end else None,
        working_days_left=progress.working_days_left if progress else None,
        behind=progress.behind if progress else False,
    )


def _inspection(
    task: TaskRecords, uscc: str, result: Record, target: dict[str, Any]
) -> InspectionFact:
    items: list[tuple[str, bool]] = []
    codes: list[str] = []
    for entry in result.data.get("items") or []:
        if isinstance(entry, dict):
            found = [str(code) for code in entry.get("codes") or []]
            items.append((str(entry.get("item")), any(c != NO_PROBLEM for c in found)))
            codes.extend(found)
    return InspectionFact(
        year=task.year,
        task=task.id,
        target=uscc,
        industry=str(target.get("industry") or "?")[:1],
        region=str(target.get("region") or "?"),
        credit_class=str(target.get("credit_class") or "?"),
        problem=has_problem(result),
        items=tuple(items),
        codes=tuple(codes),
    )


def _delays(
    task: TaskRecords,
    statuses: list[TargetStatus],
    targets: dict[str, dict[str, Any]],
    calendar: WorkCalendar,
    today: dt.date,
) -> list[DelayFact]:
    found = []
    for status in statuses:
        if status.status == PUBLISHED and status.published_late:
            label, deadline, until = PUBLISHED_LATE, status.publication_deadline, status.published
        elif status.status == OVERDUE_PUBLICATION:
            label, deadline, until = OVERDUE_PUBLICATION, status.publication_deadline, today
        elif status.status == OVERDUE_INSPECTION:
            label, deadline, until = OVERDUE_INSPECTION, status.task_deadline, today
        else:
            continue
        delay = (status.result.data.get("delay") if status.result else None) or {}
        found.append(
            DelayFact(
                department=task.department,
                task=task.id,
                task_name=str(task.data.get("name", "")),
                target=status.target,
                target_name=str(targets.get(status.target, {}).get("name", "")),
                status=label,
                deadline=deadline.isoformat() if deadline else "",
                published=status.published.isoformat() if status.published else None,
                working_days_late=(
                    working_days_late(calendar, deadline, until) if deadline and until else None
                ),
                reason=str(delay["reason"])
                if isinstance(delay, dict) and delay.get("reason")
                else None,
            )
        )
    return found
