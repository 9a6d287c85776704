"""Which draw counts for a task, and what it says was drawn: generator/model/ (draws.py, results.py).

These definitions underlie every published count (completion, deadline status, credit
records, exports):
- a voided draw does not count; of a task's live draws the latest attempt counts (a draw
  without an attempt number is attempt 1);
- the drawn targets are every stratum's selected targets in draw order, then the reserves; a
  target listed both ways is selected;
- a target's officers are those of the draw's assignment for it;
- the configured publication deadline is a positive whole number of working days, else 20.
"""

from __future__ import annotations

from spotcheck.model import (
    NO_PROBLEM,
    REGISTRATION_CODES,
    TaskRef,
    result_path,
    results_by_task,
    task_draws,
)
from spotcheck.results.deadlines import deadline_working_days
from tests.rules import in_memory as mem


def test_the_no_problem_code_and_registration_codes() -> None:
    assert NO_PROBLEM == "未发现问题"
    assert REGISTRATION_CODES == {"已注销": "注销", "已被吊销": "吊销", "已迁出": "迁出"}


def test_the_latest_live_attempt_counts() -> None:
    records = mem.record_set(
        mem.draw(mem.TASK, [(["A"], [])], attempt=1),
        mem.draw(mem.TASK, [(["C"], [])], attempt=3),
        mem.draw(mem.TASK, [(["B"], [])], attempt=2),
    )
    assert list(task_draws(records)[mem.TASK].targets) == ["C"]


def test_a_voided_attempt_does_not_count() -> None:
    records = mem.record_set(
        mem.draw(mem.TASK, [(["A"], [])], attempt=1),
        mem.draw(mem.TASK, [(["B"], [])], attempt=2),
        mem.void(mem.TASK, 2),
    )
    assert list(task_draws(records)[mem.TASK].targets) == ["A"]
    all_void = mem.record_set(mem.draw(mem.TASK, [(["A"], [])]), mem.void(mem.TASK, 1))
    assert task_draws(all_void) == {}


def test_a_draw_without_an_attempt_number_is_the_first_attempt() -> None:
    records = mem.record_set(
        mem.draw(mem.TASK, [(["B"], [])], attempt=2), mem.draw(mem.TASK, [(["A"], [])])
    )
    assert list(task_draws(records)[mem.TASK].targets) == ["B"]
    first = mem.record_set(mem.draw(mem.TASK, [(["A"], [])]), mem.void(mem.TASK, 1))
    assert task_draws(first) == {}


def test_the_same_attempt_twice_keeps_the_first() -> None:
    records = mem.record_set(
        mem.draw(mem.TASK, [(["A"], [])], attempt=1), mem.draw(mem.TASK, [(["B"], [])], attempt=1)
    )
    assert list(task_draws(records)[mem.TASK].targets) == ["A"]


def test_tasks_are_listed_in_id_order() -> None:
    records = mem.record_set(
        mem.draw(mem.JOINT_TASK, [(["B"], [])]), mem.draw(mem.TASK, [(["A"], [])])
    )
    assert list(task_draws(records)) == [mem.TASK, mem.JOINT_TASK]


def test_selected_targets_come_first_in_draw_order_then_reserves() -> None:
    draw = mem.draw(mem.TASK, [(["A", "B"], ["R1", "R2"]), (["C"], ["R3"])])
    found = task_draws(mem.record_set(draw))[mem.TASK]
    assert found.task == mem.TASK and found.draw is draw
    assert list(found.targets) == ["A", "B", "C", "R1", "R2", "R3"]
    assert [t.target for t in found.selected] == ["A", "B", "C"]
    assert [t.reserve for t in found.targets.values()] == [False] * 3 + [True] * 3
    a, r3 = found.targets["A"], found.targets["R3"]
    assert (a.task, a.target, a.draw) == (mem.TASK, "A", draw)
    assert a.path == ("strata", 0, "selected", 0, "target")
    assert found.targets["C"].path == ("strata", 1, "selected", 0, "target")
    assert found.targets["R2"].path == ("strata", 0, "reserves", 1, "target")
    assert (r3.task, r3.draw, r3.officers) == (mem.TASK, draw, ())
    assert r3.path == ("strata", 1, "reserves", 0, "target")


def test_a_target_listed_as_selected_and_reserve_is_selected() -> None:
    found = task_draws(mem.record_set(mem.draw(mem.TASK, [(["A"], []), ([], ["A"])])))[mem.TASK]
    assert found.targets["A"].reserve is False
    assert found.targets["A"].path == ("strata", 0, "selected", 0, "target")


def test_a_targets_officers_are_its_assignment() -> None:
    officers = [
        {"inspector": "P1", "department": "SCJG", "role": "组长"},
        {"inspector": "P2", "department": "SCJG", "role": "组员"},
    ]
    draw = mem.draw(
        mem.TASK,
        [(["A", "B"], [])],
        assignments=[{"target": "B", "officers": []}, {"target": "A", "officers": officers}],
    )
    found = task_draws(mem.record_set(draw))[mem.TASK]
    assert found.targets["A"].officers == tuple(officers)
    assert found.targets["A"].officer_ids == ["P1", "P2"]
    assert found.targets["B"].officers == () and found.targets["B"].officer_ids == []


def test_a_draw_without_strata_draws_no_one() -> None:
    draw = mem.draw(mem.TASK, [])
    draw.data.pop("strata")
    draw.data.pop("assignments")
    assert task_draws(mem.record_set(draw))[mem.TASK].targets == {}


def test_results_are_found_by_task_and_target() -> None:
    a, b = mem.result(mem.TASK, "A"), mem.result(mem.JOINT_TASK, "A")
    assert results_by_task(mem.record_set(a, b)) == {mem.TASK: {"A": a}, mem.JOINT_TASK: {"A": b}}


def test_a_result_file_lives_under_its_year_and_task() -> None:
    plan = mem.plan(mem.task())
    assert (
        result_path(TaskRef(plan, 0, mem.task()), "A") == f"records/results/2026/{mem.TASK}/A.yaml"
    )


def test_the_configured_deadline_must_be_a_positive_whole_number() -> None:
    def days(value: object) -> int:
        return deadline_working_days(mem.record_set(mem.config(result_deadline_working_days=value)))

    assert days(15) == 15 and days(1) == 1
    assert days(0) == 20 and days(-1) == 20 and days("15") == 20 and days(None) == 20
    assert deadline_working_days(mem.record_set()) == 20
