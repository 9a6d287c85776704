"""What used to pass without a word (issue 13): a ratio of 0, a ratio changed after the draw, a
published result file deleted. (A wrong 公民身份号码 check digit, a missing config.yaml and a
formula in a task sheet have their tests in test_findings.py, test_limits.py and
tests/importing/test_workbooks.py.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from spotcheck import yamlio
from spotcheck.validation import validate
from tests.fixtures import make_district
from tests.results.fixture_repo import (
    TASK,
    commit_all,
    fresh_repo,
    good_result,
    selected,
    write_result,
)

PLAN = "records/plans/2026/SCJG.yaml"


def edit_plan(root: Path, change: object) -> None:
    path = root / PLAN
    plan = yamlio.parse(path.read_text(encoding="utf-8"), PLAN)
    change(plan)  # type: ignore[operator]
    path.write_text(yamlio.dump(plan), encoding="utf-8")


def test_a_ratio_of_zero_is_an_error(tmp_path: Path) -> None:
    root = make_district(tmp_path / "d", commit=False)
    edit_plan(root, lambda plan: plan["tasks"][1].update(ratio=0))
    messages = validate(root, today=dt.date(2026, 3, 1), use_cache=False).messages
    (error,) = [m for m in messages if m.code == "schema-exclusiveMinimum"]
    assert error.code == "schema-exclusiveMinimum" and error.field == "抽查比例"
    assert error.expected == "应大于 0"


def test_a_ratio_changed_after_the_draw_is_an_error(tmp_path: Path) -> None:
    # the small district has no draw; the results fixture has one, by count: change it to a ratio
    root, _ = fresh_repo(tmp_path)

    def to_ratio(plan: dict) -> None:  # type: ignore[type-arg]
        task = plan["tasks"][0]
        task.pop("count", None)
        task["ratio"] = 0.5

    edit_plan(root, to_ratio)
    messages = validate(root, today=dt.date(2026, 11, 28), use_cache=False).messages
    changed = [m for m in messages if m.code == "plan-changed-after-draw"]
    assert len(changed) == 1 and changed[0].path == PLAN
    assert "按数量 5抽取" in changed[0].message and "比例 0.5" in changed[0].message


def test_a_deleted_published_result_is_named_not_just_missing(tmp_path: Path) -> None:
    root, draws = fresh_repo(tmp_path, git=True)
    target = selected(draws[TASK])[0]
    path = write_result(root, good_result(draws[TASK], target, published="2026-11-25"))
    commit_all(root, "publish")
    path.unlink()
    commit_all(root, "remove")
    messages = validate(root, today=dt.date(2026, 12, 1), use_cache=False).messages
    deleted = [m for m in messages if m.code == "history.deleted"]
    assert deleted and deleted[0].path.endswith(f"{target}.yaml")
    (missing,) = [m for m in messages if m.code == "deadline-inspection-overdue"]
    assert "结果已公示，但结果文件已被删除" in missing.message and target in missing.message
    assert "history.deleted" in missing.hint and "恢复" in missing.hint
