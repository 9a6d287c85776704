"""Deadline rules: when a drawn target's result is due, and its status as of a day.

Rules (generator/results/deadlines.py, docs/domain.md):
- the inspection is due by the end of the task's window;
- the result is published within `result_deadline_working_days` (default 20) working days of
  the inspection; publishing on the deadline day is on time, the day after is late;
- a publication date after today is scheduled, not yet a publication;
- an unused reserve is nobody's pending inspection.
Each rule is pinned on both sides of its boundary.
"""

from __future__ import annotations

import datetime as dt

import pytest

from spotcheck.results.calendar import work_calendar
from spotcheck.results.deadlines import (
    OVERDUE_INSPECTION,
    OVERDUE_PUBLICATION,
    PENDING_INSPECTION,
    PENDING_PUBLICATION,
    PUBLISHED,
    STATUSES,
    TargetStatus,
    deadline_working_days,
    publication_deadline,
    status_of,
    summary,
    task_statuses,
)
from tests.rules import in_memory as mem

D = dt.date
CAL = work_calendar()
WINDOW_END = D(2026, 11, 30)
INSPECTED = D(2026, 9, 30)
DEADLINE = D(2026, 11, 3)  # 20 working days after 2026-09-30 (National Day in between)
DAY_AFTER_DEADLINE = D(2026, 11, 4)
INSPECTION = {"inspection_date": "2026-09-30"}


def status(result: dict[str, str] | None, today: dt.date, working_days: int = 20) -> TargetStatus:
    return status_of(mem.TASK, "T1", result, WINDOW_END, today, CAL, working_days)


def test_status_names_are_the_published_chinese_terms() -> None:
    assert STATUSES == ("待检查", "待公示", "已公示", "逾期未公示", "逾期未检查")
    assert (PENDING_INSPECTION, PENDING_PUBLICATION, PUBLISHED) == ("待检查", "待公示", "已公示")
    assert (OVERDUE_PUBLICATION, OVERDUE_INSPECTION) == ("逾期未公示", "逾期未检查")


# --- the publication deadline ---------------------------------------------------------------


def test_publication_deadline_is_twenty_working_days_by_default() -> None:
    assert publication_deadline(CAL, INSPECTED) == DEADLINE


def test_publication_deadline_uses_the_given_number_of_working_days() -> None:
    assert publication_deadline(CAL, INSPECTED, 5) == D(2026, 10, 13)
    assert publication_deadline(CAL, INSPECTED, 0) == INSPECTED


# --- inspection due by the end of the window -------------------------------------------------


def test_not_inspected_on_the_last_day_of_the_window_is_pending() -> None:
    found = status(None, WINDOW_END)
    assert found == TargetStatus(
        mem.TASK, "T1", PENDING_INSPECTION, WINDOW_END, None, None, None, False, None, None
    )


def test_not_inspected_the_day_after_the_window_is_overdue() -> None:
    found = status(None, WINDOW_END + dt.timedelta(days=1))
    assert found == TargetStatus(
        mem.TASK, "T1", OVERDUE_INSPECTION, WINDOW_END, None, None, None, False, None, None
    )


def test_not_inspected_without_a_window_end_is_never_overdue() -> None:
    found = status_of(mem.TASK, "T1", None, None, D(2030, 1, 1), CAL)
    assert found.status == PENDING_INSPECTION


def test_result_without_an_inspection_date_counts_as_not_inspected() -> None:
    record = mem.result(mem.TASK, "T1", inspection_date="")
    found = status_of(mem.TASK, "T1", record.data, WINDOW_END, D(2026, 12, 1), CAL, record=record)
    assert found.status == OVERDUE_INSPECTION
    assert found.result is record and found.inspection_date is None


def test_publication_date_without_inspection_date_is_not_a_publication() -> None:
    assert status({"published": "2026-10-01"}, WINDOW_END).status == PENDING_INSPECTION


# --- publication due within the working days -------------------------------------------------


def test_unpublished_on_the_deadline_day_is_pending() -> None:
    found = status(INSPECTION, DEADLINE)
    assert found == TargetStatus(
        mem.TASK,
        "T1",
        PENDING_PUBLICATION,
        WINDOW_END,
        INSPECTED,
        DEADLINE,
        None,
        False,
        None,
        None,
    )


def test_unpublished_the_day_after_the_deadline_is_overdue() -> None:
    found = status(INSPECTION, DAY_AFTER_DEADLINE)
    assert found.status == OVERDUE_PUBLICATION
    assert found.publication_deadline == DEADLINE and not found.published_late


def test_published_on_the_deadline_day_is_on_time() -> None:
    found = status({**INSPECTION, "published": "2026-11-03"}, D(2026, 11, 10))
    assert found == TargetStatus(
        mem.TASK,
        "T1",
        PUBLISHED,
        WINDOW_END,
        INSPECTED,
        DEADLINE,
        DEADLINE,
        False,
        None,
        None,
    )


def test_published_the_day_after_the_deadline_is_late() -> None:
    found = status({**INSPECTION, "published": "2026-11-04"}, D(2026, 11, 10))
    assert found.status == PUBLISHED and found.published_late
    assert found.published == DAY_AFTER_DEADLINE


def test_published_well_before_the_deadline_is_on_time() -> None:
    found = status({**INSPECTION, "published": "2026-10-09"}, D(2026, 10, 9))
    assert found.status == PUBLISHED and not found.published_late


def test_published_today_counts_as_published() -> None:
    found = status({**INSPECTION, "published": "2026-10-20"}, D(2026, 10, 20))
    assert found.status == PUBLISHED and found.published == D(2026, 10, 20)


def test_publication_scheduled_for_tomorrow_is_still_pending() -> None:
    found = status({**INSPECTION, "published": "2026-10-21"}, D(2026, 10, 20))
    assert found.status == PENDING_PUBLICATION
    assert found.published == D(2026, 10, 21)  # the scheduled date is kept
    assert not found.published_late


def test_result_awaiting_publication_is_never_counted_late() -> None:
    # scheduled after the deadline, and the deadline has passed: overdue, but not "published
    # late" — it is not published yet
    found = status({**INSPECTION, "published": "2026-11-20"}, D(2026, 11, 10))
    assert found.status == OVERDUE_PUBLICATION
    assert found.published_late is False
    assert found.published == D(2026, 11, 20)


def test_configured_working_days_move_the_deadline_both_ways() -> None:
    five_days = D(2026, 10, 13)
    assert status(INSPECTION, five_days, 5).status == PENDING_PUBLICATION
    assert status(INSPECTION, five_days + dt.timedelta(days=1), 5).status == OVERDUE_PUBLICATION
    on_time = status({**INSPECTION, "published": "2026-10-13"}, DEADLINE, 5)
    late = status({**INSPECTION, "published": "2026-10-14"}, DEADLINE, 5)
    assert not on_time.published_late and late.published_late
    assert late.publication_deadline == five_days


def test_status_of_defaults_to_twenty_working_days() -> None:
    found = status_of(mem.TASK, "T1", INSPECTION, WINDOW_END, DAY_AFTER_DEADLINE, CAL)
    assert found.publication_deadline == DEADLINE


def test_unknown_calendar_year_leaves_the_deadline_unknown_and_never_late() -> None:
    inspected = {"inspection_date": "2026-12-10", "published": "2027-03-01"}
    record = mem.result(mem.TASK, "T1", **inspected)
    found = status_of(mem.TASK, "T1", inspected, WINDOW_END, D(2027, 3, 2), CAL, record=record)
    assert found.status == PUBLISHED and found.published_late is False
    assert found.publication_deadline is None
    assert found.result is record
    assert found.calendar_problem is not None and "records/calendars/2027.yaml" in (
        found.calendar_problem
    )
    waiting = status_of(mem.TASK, "T1", {"inspection_date": "2026-12-10"}, None, D(2028, 1, 1), CAL)
    assert waiting.status == PENDING_PUBLICATION  # never overdue against an unknown deadline
    assert waiting.calendar_problem is not None


def test_a_known_calendar_leaves_no_calendar_problem() -> None:
    assert status(INSPECTION, DEADLINE).calendar_problem is None
    assert status({**INSPECTION, "published": "2026-10-09"}, DEADLINE).calendar_problem is None


# --- counting ---------------------------------------------------------------------------------


def test_summary_counts_every_status_including_zeros() -> None:
    statuses = [
        status(None, WINDOW_END),
        status(None, WINDOW_END),
        status(INSPECTION, DAY_AFTER_DEADLINE),
    ]
    assert summary(statuses) == {
        PENDING_INSPECTION: 2,
        PENDING_PUBLICATION: 0,
        PUBLISHED: 0,
        OVERDUE_PUBLICATION: 1,
        OVERDUE_INSPECTION: 0,
    }
    assert list(summary([])) == list(STATUSES)


# --- every drawn target of every live draw ---------------------------------------------------


def records_with(*extra: mem.Record, deadline_days: object = None) -> mem.RecordSet:
    settings = {} if deadline_days is None else {"result_deadline_working_days": deadline_days}
    return mem.record_set(
        mem.config(**settings),
        mem.plan(mem.task(), mem.task(mem.JOINT_TASK, window={"start": "2026-09-01"})),
        mem.draw(mem.TASK, [(["A", "B"], ["R1", "R2", "R3"])]),
        *extra,
    )


def test_task_statuses_use_the_configured_deadline() -> None:
    records = records_with(mem.result(mem.TASK, "A", **INSPECTION), deadline_days=5)
    found = task_statuses(records, CAL, D(2026, 10, 14))[mem.TASK]
    assert found[0].publication_deadline == D(2026, 10, 13)
    assert found[0].status == OVERDUE_PUBLICATION


def test_task_statuses_default_to_twenty_working_days() -> None:
    records = records_with(mem.result(mem.TASK, "A", **INSPECTION))
    found = task_statuses(records, CAL, D(2026, 10, 14))[mem.TASK]
    assert found[0].publication_deadline == DEADLINE
    assert found[0].status == PENDING_PUBLICATION


@pytest.mark.parametrize("bad", [0, -3, "5", 2.5])
def test_configured_deadline_must_be_a_positive_whole_number(bad: object) -> None:
    assert deadline_working_days(records_with(deadline_days=bad)) == 20
    assert deadline_working_days(records_with(deadline_days=1)) == 1
    assert deadline_working_days(records_with()) == 20


@pytest.mark.parametrize("used", ["R1", "R2", "R3"])
def test_a_used_reserve_in_any_position_is_counted(used: str) -> None:
    records = records_with(mem.result(mem.TASK, used, **INSPECTION))
    found = task_statuses(records, CAL, D(2026, 10, 14))[mem.TASK]
    assert [s.target for s in found] == ["A", "B", used]
    assert found[-1].status == PENDING_PUBLICATION
    assert found[-1].result is records.get("result", f"{mem.TASK}/{used}")


def test_unused_reserves_are_nobodys_pending_inspection() -> None:
    found = task_statuses(records_with(), CAL, D(2026, 10, 14))[mem.TASK]
    assert [(s.target, s.status) for s in found] == [
        ("A", PENDING_INSPECTION),
        ("B", PENDING_INSPECTION),
    ]


def test_every_used_reserve_is_counted_whatever_lies_between() -> None:
    records = records_with(
        mem.result(mem.TASK, "R1", **INSPECTION), mem.result(mem.TASK, "R3", **INSPECTION)
    )
    found = task_statuses(records, CAL, D(2026, 10, 14))[mem.TASK]
    assert [s.target for s in found] == ["A", "B", "R1", "R3"]


def test_task_statuses_carry_window_end_task_and_record() -> None:
    records = records_with(
        mem.draw(mem.JOINT_TASK, [(["C"], [])]),
        mem.draw("2026-UNKNOWN", [(["E"], [])]),
    )
    found = task_statuses(records, CAL, D(2026, 12, 1))
    assert sorted(found) == [mem.TASK, mem.JOINT_TASK, "2026-UNKNOWN"]
    first = found[mem.TASK][0]
    assert (first.task, first.target, first.task_deadline) == (mem.TASK, "A", WINDOW_END)
    assert first.status == OVERDUE_INSPECTION
    assert first.result is None
    # a task without a window end, or a draw for an unknown task, is never overdue
    assert found[mem.JOINT_TASK][0].status == PENDING_INSPECTION
    assert found[mem.JOINT_TASK][0].task_deadline is None
    assert found["2026-UNKNOWN"][0].status == PENDING_INSPECTION


def test_task_statuses_pass_today() -> None:
    published = mem.result(mem.TASK, "A", **INSPECTION, published="2026-10-20")
    before = task_statuses(records_with(published), CAL, D(2026, 10, 19))[mem.TASK][0]
    after = task_statuses(records_with(published), CAL, D(2026, 10, 20))[mem.TASK][0]
    assert (before.status, after.status) == (PENDING_PUBLICATION, PUBLISHED)
