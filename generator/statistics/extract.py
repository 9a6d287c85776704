"""The adapter from the records to the statistics' plain facts.

Every domain rule comes from where it is defined: tasks, live draws, departments and what
counts as published or as a problem from `generator.model`; deadline statuses, working days
and a task's progress from `generator.results.deadlines` (the computation `validate` and
`build` warn with).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.industries import load_industries
from generator.model import TaskRecords, department_names, has_problem, task_records
from generator.model.results import NO_PROBLEM
from generator.records import RecordSet
from generator.results.calendar import WorkCalendar
from generator.results.deadlines import (
    OVERDUE_INSPECTION,
    OVERDUE_PUBLICATION,
    PUBLISHED,
    TargetStatus,
    deadline_working_days,
    records_statuses,
    task_progress,
    working_days_late,
)
from generator.statistics.facts import DelayFact, District, InspectionFact, TaskFact

PUBLISHED_LATE = "逾期公示"


def district_facts(
    records: RecordSet,
    today: dt.date,
) -> District:
    """The facts of every task, published inspection and delay, as of `today`."""
    by_task, calendar = records_statuses(records, today)
    problem = next(
        (s.calendar_problem for found in by_task.values() for s in found if s.calendar_problem),
        None,
    )
    names = department_names(records)
    targets = {t.id: t.data for t in records.of("target")}
    config = records.config
    district = District(
        today=today.isoformat(),
        departments=names,
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
        calendar_problem=problem,
    )
    for task in task_records(records).values():
        selected = task.selected()
        published = task.published(today)
        found = by_task.get(task.id, [])
        chosen = set(selected)
        counted = [s for s in found if s.target in chosen]
        progress = task_progress(task.id, found, calendar, today) if found else None
        district.tasks.append(
            TaskFact(
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
                published=len(published),
                published_late=sum(
                    1 for s in counted if s.status == PUBLISHED and s.published_late
                ),
                overdue_publication=sum(1 for s in counted if s.status == OVERDUE_PUBLICATION),
                overdue_inspection=sum(1 for s in counted if s.status == OVERDUE_INSPECTION),
                window_end=task.window_end.isoformat() if task.window_end else None,
                working_days_left=progress.working_days_left if progress else None,
                behind=progress.behind if progress else False,
            )
        )
        for uscc, result in published.items():
            target = targets.get(uscc, {})
            district.inspections.append(
                InspectionFact(
                    year=task.year,
                    task=task.id,
                    target=uscc,
                    industry=str(target.get("industry") or "?")[:1],
                    region=str(target.get("region") or "?"),
                    credit_class=str(target.get("credit_class") or "?"),
                    problem=has_problem(result),
                    items=tuple(
                        (
                            str(entry.get("item")),
                            any(str(c) != NO_PROBLEM for c in entry.get("codes") or []),
                        )
                        for entry in result.data.get("items") or []
                        if isinstance(entry, dict)
                    ),
                    codes=tuple(
                        str(code)
                        for entry in result.data.get("items") or []
                        if isinstance(entry, dict)
                        for code in entry.get("codes") or []
                    ),
                )
            )
        district.delays.extend(_delays(task, found, targets, calendar, today))
    return district


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
