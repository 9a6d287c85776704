"""Which drawn target a new result may be written for (generator/model/draws.py:
`target_for_result`, `selected_count`): only a target of the task's live draw (双随机); a
reserve only when asked; an unknown task or an undrawn one is refused with a Chinese message."""

from __future__ import annotations

import pytest

from spotcheck.errors import UsageError
from spotcheck.model import selected_count, task_draws
from spotcheck.model.draws import NotDrawnError, target_for_result
from tests.rules import in_memory as mem


def drawn_district(*draws: object) -> object:
    return mem.record_set(mem.plan(mem.task()), *draws)


def test_a_selected_target_of_the_live_draw_takes_a_result() -> None:
    records = drawn_district(mem.draw(mem.TASK, [(["A", "B"], ["R"])], attempt=1))
    task, entry = target_for_result(records, mem.TASK, "B")
    assert task.id == mem.TASK
    assert (entry.target, entry.reserve) == ("B", False)


def test_an_unknown_task_is_a_usage_error_naming_it() -> None:
    records = drawn_district(mem.draw(mem.TASK, [(["A"], [])], attempt=1))
    with pytest.raises(UsageError, match="找不到抽查任务 2026-XX-09"):
        target_for_result(records, "2026-XX-09", "A")


def test_a_task_without_a_draw_takes_no_result() -> None:
    records = mem.record_set(mem.plan(mem.task()))
    with pytest.raises(NotDrawnError, match=f"任务 {mem.TASK} 还没有有效的抽取结果"):
        target_for_result(records, mem.TASK, "A")


def test_a_task_whose_only_draw_is_voided_takes_no_result() -> None:
    records = drawn_district(mem.draw(mem.TASK, [(["A"], [])], attempt=1), mem.void(mem.TASK, 1))
    with pytest.raises(NotDrawnError, match="还没有有效的抽取结果"):
        target_for_result(records, mem.TASK, "A")


def test_a_target_outside_the_draw_is_refused_naming_the_draw_file() -> None:
    records = drawn_district(mem.draw(mem.TASK, [(["A"], [])], attempt=1))
    with pytest.raises(NotDrawnError) as refused:
        target_for_result(records, mem.TASK, "Z")
    assert str(refused.value) == (
        f"Z 不在任务 {mem.TASK} 的抽取结果中（records/draws/{mem.TASK}-1.yaml）："
        "只能为随机抽中的对象填写检查结果"
    )


def test_a_reserve_is_refused_unless_asked() -> None:
    records = drawn_district(mem.draw(mem.TASK, [(["A"], ["R"])], attempt=1))
    with pytest.raises(NotDrawnError, match=r"R 是任务 .* 的候补对象.*--reserve"):
        target_for_result(records, mem.TASK, "R")
    _, entry = target_for_result(records, mem.TASK, "R", allow_reserve=True)
    assert (entry.target, entry.reserve) == ("R", True)


def test_a_reserve_keyword_is_needed_not_positional() -> None:
    records = drawn_district(mem.draw(mem.TASK, [(["A"], ["R"])], attempt=1))
    with pytest.raises(TypeError):
        target_for_result(records, mem.TASK, "R", True)  # type: ignore[misc]


def test_selected_count_sums_every_stratum_and_ignores_reserves() -> None:
    draw = mem.draw(mem.TASK, [(["A", "B"], ["R1"]), (["C"], ["R2", "R3"]), ([], [])]).data
    assert selected_count(draw) == 3


def test_selected_count_of_a_draw_without_strata_or_selection_is_zero() -> None:
    assert selected_count({}) == 0
    assert selected_count({"strata": None}) == 0
    assert selected_count({"strata": [{"selected": None}, {}]}) == 0


def test_a_selected_target_without_assignment_has_no_officers() -> None:
    records = drawn_district(
        mem.draw(
            mem.TASK,
            [(["A", "B"], [])],
            attempt=1,
            assignments=[{"target": "A", "officers": [{"inspector": "X"}]}],
        )
    )
    targets = task_draws(records)[mem.TASK].targets
    assert targets["A"].officer_ids == ["X"]
    assert targets["B"].officers == ()
