"""Deadlines of drawn targets and their status as of a given day.

Two deadlines (docs/domain.md): the result is published within config.yaml's
`result_deadline_working_days` working days of the inspection (by default the law's 20,
企业信息公示暂行条例 第六条), and the inspection is done by the end of the task's window. Pure: the caller passes `today` and the calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from spotcheck.model import all_tasks, parse_date, published_by, results_by_task, task_draws
from spotcheck.records import Record, RecordSet
from spotcheck.results.calendar import CalendarMissing, WorkCalendar, work_calendar

PENDING_INSPECTION = "待检查"
PENDING_PUBLICATION = "待公示"
PUBLISHED = "已公示"
OVERDUE_PUBLICATION = "逾期未公示"
OVERDUE_INSPECTION = "逾期未检查"
STATUSES = (
    PENDING_INSPECTION,
    PENDING_PUBLICATION,
    PUBLISHED,
    OVERDUE_PUBLICATION,
    OVERDUE_INSPECTION,
)


# Working days to publish a result in, by 企业信息公示暂行条例 第六条 (config.yaml may set another)
LEGAL_DEADLINE_WORKING_DAYS = 20


def deadline_working_days(records: RecordSet) -> int:
    """Working days from inspection to publication: config.yaml's
    `result_deadline_working_days`, else the law's (企业信息公示暂行条例 第六条)."""
    value = records.config.get("result_deadline_working_days")
    return value if isinstance(value, int) and value > 0 else LEGAL_DEADLINE_WORKING_DAYS


def publication_deadline(
    calendar: WorkCalendar,
    inspection_date: dt.date,
    working_days: int = LEGAL_DEADLINE_WORKING_DAYS,
) -> dt.date:
    """The last day on which a result inspected on `inspection_date` may be published."""
    return calendar.add_working_days(inspection_date, working_days)


@dataclass(frozen=True)
class TargetStatus:
    task: str
    target: str
    status: str
    task_deadline: dt.date | None  # end of the task's window
    inspection_date: dt.date | None
    publication_deadline: dt.date | None
    published: dt.date | None
    published_late: bool = False
    result: Record | None = None
    calendar_problem: str | None = None  # why the publication deadline is unknown


def status_of(
    task: str,
    target: str,
    result: Mapping[str, Any] | None,
    task_deadline: dt.date | None,
    today: dt.date,
    calendar: WorkCalendar,
    working_days: int = LEGAL_DEADLINE_WORKING_DAYS,
    record: Record | None = None,
) -> TargetStatus:
    """The status of one drawn target as of `today`.

    A result file without an inspection date is work in progress: the target still counts
    as not inspected. A publication date after `today` is scheduled, not yet published.
    """
    inspected = parse_date(result.get("inspection_date")) if result else None
    published = parse_date(result.get("published")) if result else None
    if inspected is None:
        overdue = task_deadline is not None and today > task_deadline
        return TargetStatus(
            task,
            target,
            OVERDUE_INSPECTION if overdue else PENDING_INSPECTION,
            task_deadline,
            None,
            None,
            None,
            result=record,
        )
    deadline: dt.date | None = None
    problem: str | None = None
    try:
        deadline = publication_deadline(calendar, inspected, working_days)
    except CalendarMissing as error:
        problem = str(error)
    if result is not None and published_by(result, today):
        late = deadline is not None and published > deadline
        return TargetStatus(
            task,
            target,
            PUBLISHED,
            task_deadline,
            inspected,
            deadline,
            published,
            late,
            record,
            problem,
        )
    overdue = deadline is not None and today > deadline
    return TargetStatus(
        task,
        target,
        OVERDUE_PUBLICATION if overdue else PENDING_PUBLICATION,
        task_deadline,
        inspected,
        deadline,
        published,
        False,
        record,
        problem,
    )


def task_statuses(
    records: RecordSet, calendar: WorkCalendar, today: dt.date
) -> dict[str, list[TargetStatus]]:
    """For every task with a live draw: the status of each selected target, in draw order."""
    tasks = all_tasks(records)
    results = results_by_task(records)
    days = deadline_working_days(records)
    found: dict[str, list[TargetStatus]] = {}
    for task_id, drawn in task_draws(records).items():
        task = tasks.get(task_id)
        window_end = task.window_end if task else None
        task_results = results.get(task_id, {})
        statuses = []
        for target in drawn.targets.values():
            record = task_results.get(target.target)
            if target.reserve and record is None:
                continue  # an unused reserve is nobody's pending inspection
            statuses.append(
                status_of(
                    task_id,
                    target.target,
                    record.data if record else None,
                    window_end,
                    today,
                    calendar,
                    days,
                    record,
                )
            )
        found[task_id] = statuses
    return found


def records_statuses(
    records: RecordSet, today: dt.date
) -> tuple[dict[str, list[TargetStatus]], WorkCalendar]:
    """`task_statuses` on the records' working-day calendar, and that calendar."""
    calendar = work_calendar(c.data for c in records.of("calendar"))
    return task_statuses(records, calendar, today), calendar


# `validate` warns, and the site flags a task as behind schedule, this close to a deadline
WARN_WITHIN_WORKING_DAYS = 5


def working_days_left(calendar: WorkCalendar, today: dt.date, deadline: dt.date) -> int | str:
    """Working days from `today` to `deadline` (negative once past), or why it is unknown."""
    try:
        return calendar.working_days_between(today, deadline)
    except CalendarMissing as error:
        return str(error)


@dataclass(frozen=True)
class TaskProgress:
    """How far a drawn task is from its window's end: the selected targets still without an
    inspection, and the working days left. `validate` warns and the site flags the same."""

    task: str
    window_end: dt.date | None
    uninspected: tuple[TargetStatus, ...]
    working_days_left: int | None  # None without a window end or a calendar
    calendar_problem: str | None = None

    @property
    def overdue(self) -> bool:
        """The window has ended with targets uninspected."""
        return any(s.status == OVERDUE_INSPECTION for s in self.uninspected)

    @property
    def near(self) -> bool:
        """Targets uninspected within `WARN_WITHIN_WORKING_DAYS` of the window's end."""
        left = self.working_days_left
        return bool(self.uninspected) and left is not None and left <= WARN_WITHIN_WORKING_DAYS

    @property
    def behind(self) -> bool:
        return self.overdue or self.near


def task_progress(
    task: str, statuses: list[TargetStatus], calendar: WorkCalendar, today: dt.date
) -> TaskProgress:
    """The progress of one task from its targets' statuses (see `task_statuses`)."""
    uninspected = tuple(s for s in statuses if s.status in (OVERDUE_INSPECTION, PENDING_INSPECTION))
    end = statuses[0].task_deadline if statuses else None
    left: int | None = None
    problem: str | None = None
    if (
        uninspected
        and end is not None
        and not any(s.status == OVERDUE_INSPECTION for s in uninspected)
    ):
        found = working_days_left(calendar, today, end)
        if isinstance(found, str):
            problem = found
        else:
            left = found
    return TaskProgress(task, end, uninspected, left, problem)


def working_days_late(calendar: WorkCalendar, deadline: dt.date, day: dt.date) -> int | None:
    """Working days `day` is past `deadline` (None when a calendar year is missing)."""
    try:
        return calendar.working_days_between(deadline, day)
    except CalendarMissing:
        return None


def summary(statuses: list[TargetStatus]) -> dict[str, int]:
    """Count per status (every status present, zero or not), for tables and charts."""
    counts = dict.fromkeys(STATUSES, 0)
    for status in statuses:
        counts[status.status] += 1
    return counts
