"""Publication deadlines and the status of drawn targets as of a day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from spotcheck.records import load
from spotcheck.results.calendar import work_calendar
from spotcheck.results.deadlines import (
    OVERDUE_INSPECTION,
    OVERDUE_PUBLICATION,
    PENDING_INSPECTION,
    PENDING_PUBLICATION,
    PUBLISHED,
    publication_deadline,
    status_of,
    summary,
    task_statuses,
)
from tests.results.fixture_repo import TASK, fresh_repo, good_result, selected, write_result

D = dt.date
CAL = work_calendar()
END = D(2026, 11, 30)


def status(result: dict | None, today: dt.date) -> str:
    return status_of(TASK, "X", result, END, today, CAL, 20).status


def test_publication_deadline_crosses_national_day() -> None:
    assert publication_deadline(CAL, D(2026, 9, 30)) == D(2026, 11, 3)
    assert publication_deadline(CAL, D(2026, 9, 30), 5) == D(2026, 10, 13)


def test_statuses() -> None:
    inspected = {"inspection_date": "2026-09-30"}
    assert status(None, D(2026, 11, 30)) == PENDING_INSPECTION
    assert status(None, D(2026, 12, 1)) == OVERDUE_INSPECTION
    assert status({"inspection_date": ""}, D(2026, 12, 1)) == OVERDUE_INSPECTION  # scaffold only
    assert status(inspected, D(2026, 11, 3)) == PENDING_PUBLICATION
    assert status(inspected, D(2026, 11, 4)) == OVERDUE_PUBLICATION
    assert status({**inspected, "published": "2026-10-20"}, D(2026, 11, 4)) == PUBLISHED
    # a publication date in the future is not yet a publication
    assert status({**inspected, "published": "2026-11-02"}, D(2026, 11, 1)) == PENDING_PUBLICATION
    late = status_of(TASK, "X", {**inspected, "published": "2026-11-05"}, END, D(2026, 11, 6), CAL)
    assert late.status == PUBLISHED and late.published_late


def test_missing_calendar_is_reported_not_guessed() -> None:
    found = status_of(TASK, "X", {"inspection_date": "2026-12-10"}, END, D(2026, 12, 11), CAL)
    assert found.status == PENDING_PUBLICATION
    assert found.publication_deadline is None
    assert found.calendar_problem and "records/calendars/2027.yaml" in found.calendar_problem


def test_task_statuses(tmp_path: Path) -> None:
    root, draws = fresh_repo(tmp_path)
    chosen = selected(draws[TASK])
    write_result(root, good_result(draws[TASK], chosen[0], published="2026-11-25"))
    write_result(root, good_result(draws[TASK], chosen[1], inspection_date="2026-09-30"))
    statuses = task_statuses(load(root, use_cache=False), CAL, D(2026, 11, 28))[TASK]
    assert [s.target for s in statuses] == chosen  # reserves without results are left out
    counts = summary(statuses)
    assert counts[PUBLISHED] == 1 and counts[OVERDUE_PUBLICATION] == 1
    assert counts[PENDING_INSPECTION] == len(chosen) - 2


def test_task_progress_is_what_validate_warns_about(tmp_path: Path) -> None:
    from spotcheck.results.deadlines import task_progress

    root, draws = fresh_repo(tmp_path)
    chosen = selected(draws[TASK])
    write_result(root, good_result(draws[TASK], chosen[0], published="2026-11-25"))
    statuses = task_statuses(load(root, use_cache=False), CAL, D(2026, 11, 28))[TASK]
    progress = task_progress(TASK, statuses, CAL, D(2026, 11, 28))  # Saturday before the end
    assert len(progress.uninspected) == len(chosen) - 1
    assert progress.working_days_left == 1 and progress.near and progress.behind
    assert not progress.overdue
    early = task_progress(TASK, statuses, CAL, D(2026, 11, 2))
    assert early.working_days_left == 20 and not early.behind
    late_statuses = task_statuses(load(root, use_cache=False), CAL, D(2026, 12, 1))[TASK]
    late = task_progress(TASK, late_statuses, CAL, D(2026, 12, 1))
    assert late.overdue and late.behind and late.working_days_left is None
