"""The statistics' facts read from the records: what a task, an inspection and a delay carry
when fields are missing, and which targets are delays (the figures built on them:
test_statistics_rules.py)."""

from __future__ import annotations

import datetime as dt

from spotcheck.records import Record, RecordSet
from spotcheck.statistics.extract import district_facts
from tests.rules import in_memory as mem

WINDOW = {"start": "2030-01-01", "end": "2030-01-31"}
AFTER_THE_WINDOW = dt.date(2030, 2, 10)


def item(item_id: str, **data: object) -> Record:
    return Record("item", item_id, {"id": item_id, **data}, "records/items/SCJG.yaml")


def late_task() -> RecordSet:
    """Deadline 2 working days.  A drawn, never inspected; B (no name, region or credit class)
    published on time; C inspected and never published.  The task has no name."""
    records = mem.record_set(
        mem.config(result_deadline_working_days=2),
        item("I1", department="SCJG", active=False),
        item("I2"),
        Record("target", "B", {"uscc": "B", "industry": "F5211"}, "records/targets/a.yaml"),
        mem.target("C"),
        mem.plan(mem.task(window=WINDOW)),
        mem.draw(mem.TASK, [(["A", "B", "C"], [])]),
        mem.result(mem.TASK, "B", inspection_date="2030-01-02", published="2030-01-03"),
        mem.result(mem.TASK, "C", inspection_date="2030-01-02"),
        mem.calendar(2030),
    )
    records.get("plan", mem.PLAN).data["tasks"][0].pop("name")  # type: ignore[union-attr]
    return records


def test_the_district_carries_its_configured_deadline_and_its_items_as_written() -> None:
    facts = district_facts(late_task(), AFTER_THE_WINDOW)
    assert facts.deadline_working_days == 2
    assert facts.items == {"I1": ("SCJG", "", False), "I2": ("", "", True)}


def test_a_task_counts_each_overdue_target_once_and_a_missing_name_is_empty() -> None:
    [task] = district_facts(late_task(), AFTER_THE_WINDOW).tasks
    assert (task.name, task.committed, task.window_end) == ("", False, "2030-01-31")
    assert (task.published, task.published_late) == (1, 0)
    assert (task.overdue_publication, task.overdue_inspection) == (1, 1)


def test_a_target_without_region_or_credit_class_is_counted_under_a_question_mark() -> None:
    [inspection] = district_facts(late_task(), AFTER_THE_WINDOW).inspections
    assert (inspection.target, inspection.region, inspection.credit_class) == ("B", "?", "?")


def test_delays_are_the_overdue_targets_and_an_on_time_publication_is_none() -> None:
    delays = district_facts(late_task(), AFTER_THE_WINDOW).delays
    assert [(d.target, d.status, d.deadline) for d in delays] == [
        ("A", "逾期未检查", "2030-01-31"),  # the window's end
        ("C", "逾期未公示", "2030-01-04"),  # 2 working days after 2030-01-02
    ]
    assert all(d.task_name == "" and d.target_name == "" for d in delays)
    assert [d.working_days_late for d in delays] == [6, 25]


def test_a_task_without_a_window_or_draw_has_no_end_and_no_progress() -> None:
    records = mem.record_set(mem.plan(mem.task(window=WINDOW), mem.task("2026-SCJG-05")))
    records.get("plan", mem.PLAN).data["tasks"][1].pop("window")  # type: ignore[union-attr]
    tasks = district_facts(records, AFTER_THE_WINDOW).tasks
    assert [(t.window_end, t.working_days_left, t.behind) for t in tasks] == [
        ("2030-01-31", None, False),
        (None, None, False),
    ]


def test_a_task_with_a_commitment_counts_as_committed() -> None:
    records = late_task()
    records.add(Record("commitment", mem.TASK, {"task": mem.TASK}, "records/commitments/x.yaml"))
    [task] = district_facts(records, AFTER_THE_WINDOW).tasks
    assert task.committed
