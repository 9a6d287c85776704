"""The domain model's single definitions: departments, the live draw, and 'published'."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from spotcheck.errors import UsageError
from spotcheck.model import (
    NotDrawnError,
    all_tasks,
    attempts_of,
    is_published,
    live_draws,
    target_for_result,
    task_draws,
    task_records,
)
from spotcheck.records import Record, RecordSet, load
from spotcheck.results.calendar import work_calendar
from spotcheck.results.deadlines import PUBLISHED, summary, task_statuses
from spotcheck.statistics.extract import district_facts
from spotcheck.statistics.report import report

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 28)


def record_set(*records: Record) -> RecordSet:
    found = RecordSet()
    for record in records:
        found.add(record)
    return found


def plan(*tasks: dict[str, Any], department: str = "SCJG") -> Record:
    data = {
        "id": f"2026-{department}",
        "year": 2026,
        "department": department,
        "tasks": list(tasks),
    }
    return Record("plan", data["id"], data, f"records/plans/2026/{department}.yaml")


def draw(task: str, attempt: int, selected: list[str], reserves: tuple[str, ...] = ()) -> Record:
    data = {
        "task": task,
        "attempt": attempt,
        "strata": [
            {
                "selected": [{"target": t} for t in selected],
                "reserves": [{"target": t} for t in reserves],
            }
        ],
        "assignments": [{"target": t, "officers": [{"inspector": "P1"}]} for t in selected],
    }
    return Record(
        "draw", f"{task}/{attempt}", data, f"records/draws/2026/{task}/draw-{attempt}.yaml"
    )


def void(task: str, attempt: int) -> Record:
    data = {"task": task, "attempt": attempt}
    return Record(
        "void", f"{task}/void-{attempt}", data, f"records/draws/2026/{task}/void-{attempt}.yaml"
    )


def result(task: str, target: str, published: str | None) -> Record:
    data: dict[str, Any] = {"task": task, "target": target, "items": [{"codes": ["未发现问题"]}]}
    if published:
        data["published"] = published
    return Record("result", f"{task}/{target}", data, f"records/results/2026/{task}/{target}.yaml")


def test_the_lead_is_the_plans_department_when_the_task_names_none() -> None:
    records = record_set(
        plan(
            {
                "id": "T1",
                "lead_department": "SCJG",
                "cooperating_departments": ["AJJ", "SCJG", "AJJ"],
            },
            {"id": "T2", "cooperating_departments": ["AJJ"]},
        )
    )
    tasks = all_tasks(records)
    assert tasks["T1"].departments == ["SCJG", "AJJ"]
    assert tasks["T2"].departments == ["SCJG", "AJJ"]
    assert tasks["T2"].department == "SCJG"
    assert tasks["T2"].slots == {"SCJG": 1, "AJJ": 1}


def test_the_live_draw_is_the_latest_attempt_not_voided() -> None:
    records = record_set(
        plan({"id": "T1", "lead_department": "SCJG"}, {"id": "T2", "lead_department": "SCJG"}),
        draw("T1", 1, ["A"]),
        void("T1", 1),
        draw("T1", 2, ["B"], ["C"]),
        draw("T2", 1, ["D"]),
        void("T2", 1),
    )
    attempts = attempts_of(records, "T1")
    assert attempts.live_attempt == 2 and attempts.open_attempt == 2
    assert [d.id for d in live_draws(records)] == ["T1/2"]
    drawn = task_draws(records)
    assert set(drawn) == {"T1"}
    assert [t.target for t in drawn["T1"].selected] == ["B"]
    assert [t.target for t in drawn["T1"].reserves] == ["C"]
    views = task_records(records)
    assert views["T1"].live_draw is drawn["T1"].draw
    assert views["T1"].selected() == ["B"] and views["T1"].reserves() == ["C"]
    assert views["T1"].attempts == [2, 1]
    assert views["T2"].live_draw is None and views["T2"].verify_attempt == 1


def test_published_means_a_publication_date_by_today_for_a_selected_target() -> None:
    records = record_set(
        plan({"id": "T1", "lead_department": "SCJG"}),
        draw("T1", 1, ["A", "B", "C"], ["R"]),
        result("T1", "A", "2026-11-01"),
        result("T1", "B", "2026-12-01"),  # scheduled, not yet public
        result("T1", "C", None),  # inspected, not published
        result("T1", "X", "2026-11-01"),  # not drawn: validation reports it
    )
    view = task_records(records)["T1"]
    assert list(view.published(TODAY)) == ["A"]
    assert is_published(records.get("result", "T1/B"), None)
    assert not is_published(records.get("result", "T1/B"), TODAY)
    assert report(district_facts(records, TODAY))["district"]["published"] == 1


def test_every_figure_of_the_example_district_counts_published_alike() -> None:
    records = load(ROOT)
    views = task_records(records)
    published = sum(len(view.published(TODAY)) for view in views.values())
    assert report(district_facts(records, TODAY))["district"]["published"] == published
    calendar = work_calendar(c.data for c in records.of("calendar"))
    statuses = [s for found in task_statuses(records, calendar, TODAY).values() for s in found]
    assert summary(statuses)[PUBLISHED] == published
    assert published < len(records.of("result"))  # some results are not published yet


def test_a_result_is_only_for_a_target_of_the_live_draw() -> None:
    records = record_set(
        plan({"id": "T1", "lead_department": "SCJG"}, {"id": "T2", "lead_department": "SCJG"}),
        draw("T1", 1, ["A"], ["R"]),
    )
    task, entry = target_for_result(records, "T1", "A")
    assert (task.id, entry.target, entry.reserve) == ("T1", "A", False)
    assert target_for_result(records, "T1", "R", allow_reserve=True)[1].reserve
    with pytest.raises(NotDrawnError, match="候补对象"):
        target_for_result(records, "T1", "R")
    with pytest.raises(NotDrawnError, match="不在任务 T1 的抽取结果中"):
        target_for_result(records, "T1", "Z")
    with pytest.raises(NotDrawnError, match="还没有有效的抽取结果"):
        target_for_result(records, "T2", "A")
    with pytest.raises(UsageError, match="找不到抽查任务"):
        target_for_result(records, "T9", "A")
