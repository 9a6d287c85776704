"""Result list files (`results/<year>/<task>/<nnn>.yaml`): the same records and findings as
one file per result, clear messages for a broken list file, and the append-only rules of
published results per record, on real git repositories."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from spotcheck import yamlio
from spotcheck.layout import is_result_list, rule_for
from spotcheck.records import load
from spotcheck.report import Message
from spotcheck.trust.history_check import check_history, published_edit_findings
from spotcheck.validation import validate
from tests.results.fixture_repo import (
    JOINT_TASK,
    TASK,
    commit_all,
    fresh_repo,
    good_result,
    selected,
    write_result,
    write_result_list,
)

TODAY = dt.date(2026, 11, 28)
LIST = f"records/results/2026/{TASK}/001.yaml"


def run(root: Path) -> list[Message]:
    return validate(root, today=TODAY, use_cache=False).messages


def coded(messages: list[Message], code: str) -> list[Message]:
    return [m for m in messages if m.code == code]


def some_results(draws: dict[str, Any]) -> list[dict[str, Any]]:
    """Results of TASK's selected targets: valid ones, a published one, and one with a
    finding (a code that needs follow-up), sorted by credit code."""
    draw = draws[TASK]
    targets = sorted(selected(draw))[:4]
    results = [good_result(draw, t) for t in targets]
    results[1]["published"] = "2026-11-25"
    results[2]["items"][0]["codes"] = ["发现问题已责令改正"]  # a warning: no follow-up
    results[3]["inspection_date"] = "2025-01-01"  # an error: before the draw
    return results


def test_the_layout_tells_the_shape_by_the_name() -> None:
    single = rule_for("results/2026/2026-SCJG-01/91440114MA5000001X.yaml")
    listed = rule_for("results/2026/2026-SCJG-01/001.yaml")
    assert single is not None and listed is not None
    assert (single.kind, single.is_list) == ("result", False)
    assert (listed.kind, listed.is_list) == ("result", True)
    assert is_result_list(f"records/results/2026/{TASK}/012.yml")
    assert not is_result_list(f"records/results/2026/{TASK}/914401141509283735.yaml")


@pytest.mark.parametrize("split", ["one-list", "two-lists", "list-beside-files"])
def test_a_list_file_validates_as_the_same_results_in_files_of_their_own(
    tmp_path: Path, split: str
) -> None:
    singles, draws = fresh_repo(tmp_path / "singles")
    results = some_results(draws)
    for data in results:
        write_result(singles, data)
    lists = tmp_path / "lists" / "repo"
    shutil.copytree(singles, lists)
    shutil.rmtree(lists / "records/results")
    if split == "one-list":
        write_result_list(lists, results)
    elif split == "two-lists":
        write_result_list(lists, results[:2], "001.yaml")
        write_result_list(lists, results[2:], "002.yaml")
    else:  # both layouts in one task folder
        write_result_list(lists, [results[0], results[3]], "001.yaml")
        for data in results[1:3]:
            write_result(lists, data)

    def records_of(root: Path) -> list[tuple[str, dict[str, Any]]]:
        return sorted((r.id, r.data) for r in load(root, use_cache=False).of("result"))

    assert records_of(singles) == records_of(lists)
    assert len(records_of(lists)) == 4

    def findings(root: Path) -> list[tuple[str, str, str, str, str]]:
        return sorted((m.level, m.code, m.record, m.field, m.message) for m in run(root))

    expected = findings(singles)
    assert {"deadline-inspection-overdue", "result-date"} & {f[1] for f in expected}
    assert findings(lists) == expected
    # each finding points at its record's line in the list file
    listed = [m for m in run(lists) if m.path.endswith(("001.yaml", "002.yaml"))]
    assert listed and all(m.line and m.line > 1 for m in listed)
    broken = [m for m in listed if m.record == f"{TASK}/{results[3]['target']}"]
    text = (lists / broken[0].path).read_text(encoding="utf-8").splitlines()
    starts = [n + 1 for n, line in enumerate(text) if line.startswith("- ")]
    own = [s for s in starts if str(results[3]["target"]) in text[s]]  # its target: 2nd line
    assert own and own[0] <= (broken[0].line or 0)
    assert all((broken[0].line or 0) < s for s in starts if s > own[0])


def test_a_result_of_another_task_in_a_list_file_is_shown_at_its_record(
    tmp_path: Path,
) -> None:
    root, draws = fresh_repo(tmp_path)
    results = some_results(draws)[:2]
    results[1] = {**results[1], "task": JOINT_TASK}
    path = write_result_list(root, results)
    lines = path.read_text(encoding="utf-8").splitlines()
    (message,) = [m for m in coded(run(root), "result-path") if m.path == LIST]
    assert JOINT_TASK in message.message and lines[(message.line or 0) - 1].startswith("- task")
    assert message.line == [n + 1 for n, line in enumerate(lines) if line.startswith("- ")][1]


def test_a_result_list_file_that_holds_one_mapping_says_so(tmp_path: Path) -> None:
    root, _ = fresh_repo(tmp_path)
    path = root / LIST
    path.parent.mkdir(parents=True)
    path.write_text(
        "task: 2026-SCJG-01\ntarget: X\n", encoding="utf-8"
    )  # a single result under a list file's name
    (message,) = coded(run(root), "result-file-shape")
    assert message.path == LIST and message.line == 1 and message.level == "error"
    assert "001.yaml" in message.message and "结果列表" in message.message
    assert "<统一社会信用代码>.yaml" in message.hint


def test_a_result_file_named_by_a_credit_code_that_holds_a_list_says_so(
    tmp_path: Path,
) -> None:
    root, draws = fresh_repo(tmp_path)
    target = selected(draws[TASK])[0]
    path = write_result(root, good_result(draws[TASK], target))
    path.write_text(yamlio.dump([good_result(draws[TASK], target)]), encoding="utf-8")
    (message,) = coded(run(root), "result-file-shape")
    assert message.path.endswith(f"{target}.yaml") and message.line == 1
    assert "只能是一条结果" in message.message and "001.yaml" in message.hint


def test_an_item_of_a_list_file_that_is_not_a_record_is_shown_at_its_line(
    tmp_path: Path,
) -> None:
    root, draws = fresh_repo(tmp_path)
    path = write_result_list(root, some_results(draws)[:2])
    path.write_text(path.read_text(encoding="utf-8") + '- "2026-SCJG-01/XYZ"\n', "utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    (message,) = coded(run(root), "file-shape")
    assert message.path == LIST and message.level == "error"
    assert message.line == len(lines) and lines[message.line - 1].startswith('- "2026')
    assert "第 3 项不是一条记录" in message.message and "文字" in message.message


def test_a_duplicate_target_and_a_bad_field_in_a_list_file_point_at_their_lines(
    tmp_path: Path,
) -> None:
    root, draws = fresh_repo(tmp_path)
    results = some_results(draws)[:2]
    results[1]["methods"] = ["飞行检查"]  # not a method the schema knows
    path = write_result_list(root, [results[0], results[0], results[1]])
    lines = path.read_text(encoding="utf-8").splitlines()
    messages = run(root)
    (duplicate,) = coded(messages, "duplicate-id")
    assert duplicate.path == LIST and "重复" in duplicate.message
    starts = [n + 1 for n, line in enumerate(lines) if line.startswith("- ")]
    assert duplicate.line == starts[1]  # the second copy, not the first
    (bad,) = [m for m in messages if m.code.startswith("schema-") and m.path == LIST]
    assert bad.line is not None and bad.line > starts[2] and "飞行检查" in lines[bad.line - 1]
    assert bad.field  # the field's Chinese title


def test_an_unsorted_list_file_is_a_warning(tmp_path: Path) -> None:
    root, draws = fresh_repo(tmp_path)
    results = some_results(draws)[:3]
    write_result_list(root, [results[1], results[0], results[2]])
    (message,) = coded(run(root), "result-list-order")
    assert message.level == "warning" and message.path == LIST
    assert str(results[0]["target"]) in message.message


# --- published results inside list files, on real git repositories -----------------------------


def published_repo(tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    root, draws = fresh_repo(tmp_path, git=True)
    draw = draws[TASK]
    results = [good_result(draw, t, published="2026-11-25") for t in sorted(selected(draw))[:3]]
    write_result_list(root, results)
    commit_all(root, "publish three results in a list file")
    assert not [m for m in run(root) if m.level == "error"]
    return root, results


def test_an_edit_of_a_published_result_inside_a_list_file_needs_a_correction(
    tmp_path: Path,
) -> None:
    root, results = published_repo(tmp_path)
    draws_targets = [r["target"] for r in results]
    results[1]["items"][1]["codes"] = ["发现问题已责令改正"]
    results[1]["follow_up"] = [{"action": "责令改正", "due": "2026-12-20"}]
    write_result_list(root, results)
    (message,) = coded(run(root), "result-edited-after-publication")
    assert message.path == LIST and message.record == f"{TASK}/{draws_targets[1]}"
    lines = (root / LIST).read_text(encoding="utf-8").splitlines()
    starts = [n + 1 for n, line in enumerate(lines) if line.startswith("- ")]
    assert starts[1] <= (message.line or 0) < starts[2]  # inside the second record
    commit_all(root, "edit without a correction")  # committing does not launder it
    assert coded(run(root), "result-edited-after-publication")
    (audited,) = published_edit_findings(root)
    assert audited.path == LIST and "没有更正记录" in audited.message
    results[1]["corrections"] = [
        {"date": "2026-11-27", "reason": "录入错误", "changes": "更正商品质量检查结果"}
    ]
    write_result_list(root, results)
    assert not coded(run(root), "result-edited-after-publication")
    commit_all(root, "correct it")
    assert published_edit_findings(root) == []


def test_a_published_result_removed_from_a_list_file_is_reported(tmp_path: Path) -> None:
    root, results = published_repo(tmp_path)
    write_result_list(root, [results[0], results[2]])
    (message,) = coded(run(root), "result-edited-after-publication")
    assert message.path == LIST and "删除" in message.message
    assert str(results[1]["target"]) in message.message
    commit_all(root, "drop one")
    assert [f.path for f in published_edit_findings(root)] == [LIST]


def test_removing_a_list_file_with_published_results_breaks_the_history(
    tmp_path: Path,
) -> None:
    root, _ = published_repo(tmp_path)
    (root / LIST).unlink()
    commit_all(root, "remove the list file")
    deleted = [f for f in check_history(root, use_cache=False) if f.rule == "history.deleted"]
    assert [f.path for f in deleted] == [LIST]


def test_each_version_of_a_list_file_is_read_once_across_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spotcheck.results import history

    root, draws = fresh_repo(tmp_path, git=True)
    draw = draws[TASK]
    targets = sorted(selected(draw))[:3]
    results: list[dict[str, Any]] = []
    for n, target in enumerate(targets):  # one published result more in each commit
        results.append(good_result(draw, target, published=f"2026-11-2{n + 1}"))
        write_result_list(root, results)
        commit_all(root, f"publish {n + 1}")
    requested: list[list[str]] = []
    real_read = history.read_blobs

    def counting(root_: Path, blobs: list[str]) -> list[bytes]:
        requested.append(list(blobs))
        return real_read(root_, blobs)

    monkeypatch.setattr(history, "read_blobs", counting)
    uncached = history.published_originals(root, use_cache=False)
    assert sorted(uncached) == sorted(f"{LIST}#{t}" for t in targets)
    assert {k: v["published"] for k, v in uncached.items()} == {
        f"{LIST}#{t}": f"2026-11-2{n + 1}" for n, t in enumerate(targets)
    }
    assert history.published_originals(root) == uncached  # reads the 3 versions, caches them
    assert len(requested[-1]) == 3
    assert history.published_originals(root) == uncached
    assert requested[-1] == []  # nothing new: nothing read
    results[0]["findings_note"] = "x"  # an edit of a published record, committed
    write_result_list(root, results)
    commit_all(root, "edit")
    assert history.published_originals(root) == history.published_originals(root, use_cache=False)
    assert len(requested[-2]) == 1  # the cached run read only the new version


def test_a_checkpoint_accepts_a_list_file_changed_only_by_corrections_and_additions(
    tmp_path: Path,
) -> None:
    from spotcheck.trust.history_check import current_checkpoint, verify_checkpoint

    root, results = published_repo(tmp_path)
    checkpoint = current_checkpoint(root)
    assert LIST in checkpoint["files"]
    results[0]["corrections"] = [{"date": "2026-11-27", "reason": "笔误", "changes": "更正"}]
    results[0]["methods"] = ["书面检查"]
    write_result_list(root, results)
    commit_all(root, "a correction")
    assert verify_checkpoint(root, checkpoint) == []
    results[2]["methods"] = ["书面检查"]  # no correction this time
    write_result_list(root, results)
    commit_all(root, "a silent edit")
    assert [f.path for f in verify_checkpoint(root, checkpoint)] == [LIST]
