"""Every result check rejects a broken record, with the file, the line and the field's title."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from spotcheck import yamlio
from spotcheck.model import find_task, task_draws
from spotcheck.records import load
from spotcheck.report import Message
from spotcheck.results.scaffold import new_result_text
from spotcheck.schemas import SchemaSet
from spotcheck.validation import validate
from tests.results.fixture_repo import (
    JOINT_TASK,
    TASK,
    assigned,
    code,
    commit_all,
    fresh_repo,
    good_result,
    selected,
    write_records,
    write_result,
)

TODAY = dt.date(2026, 11, 28)


def run(root: Path, today: dt.date = TODAY) -> list[Message]:
    return validate(root, today=today, use_cache=False).messages


def errors(messages: list[Message]) -> list[Message]:
    return [m for m in messages if m.level == "error"]


def one(messages: list[Message], code_: str, path: Path | str | None = None) -> Message:
    found = [m for m in messages if m.code == code_]
    assert found, f"没有 {code_}：" + "\n".join(m.text() for m in messages)
    message = found[0]
    if path is not None:
        assert message.path == str(path)
    assert message.line is not None and message.column is not None
    return message


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    return fresh_repo(tmp_path)


def test_fixture_and_good_result_are_valid(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    for target in selected(draws[TASK])[:2]:
        write_result(root, good_result(draws[TASK], target, published="2026-11-25"))
    assert errors(run(root)) == []


def test_result_for_a_target_not_drawn(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    outsider = next(
        t
        for t in (code(n) for n in range(1, 11))
        if t not in selected(draws[TASK])
        and t not in [r["target"] for s in draws[TASK]["strata"] for r in s["reserves"]]
    )
    data = {**good_result(draws[TASK], selected(draws[TASK])[0]), "target": outsider}
    path = write_result(root, data)
    message = one(run(root), "result-not-drawn", relative(root, path))
    assert message.field == "检查对象" and message.line == 3


def test_result_for_a_reserve_is_a_warning(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    reserve = draws[TASK]["strata"][0]["reserves"][0]["target"]
    data = {**good_result(draws[TASK], selected(draws[TASK])[0]), "target": reserve}
    path = write_result(root, data)
    assert one(run(root), "result-reserve", relative(root, path)).level == "warning"


def test_result_path_must_match(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    chosen = selected(draws[TASK])
    data = good_result(draws[TASK], chosen[0])
    path = root / "records/results/2026" / TASK / f"{chosen[1]}.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yamlio.dump(data), encoding="utf-8")
    assert one(run(root), "result-path", relative(root, path)).field == "检查对象"


def test_officer_not_assigned(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    target = selected(draws[TASK])[0]
    officers = [o["inspector"] for o in assigned(draws[TASK], target)]
    other = next(f"SCJG-P{n:03d}" for n in range(2, 9) if f"SCJG-P{n:03d}" not in officers)
    path = write_result(root, good_result(draws[TASK], target, officers=[officers[0], other]))
    messages = run(root)
    message = one(messages, "result-officer-not-assigned", relative(root, path))
    assert message.field == "检查人员" and message.line == 7
    assert one(messages, "result-officer-missing").line == 6  # the officers list


def test_substitution_same_department_is_accepted(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    target = selected(draws[TASK])[0]
    officers = [o["inspector"] for o in assigned(draws[TASK], target)]
    other = next(f"SCJG-P{n:03d}" for n in range(2, 9) if f"SCJG-P{n:03d}" not in officers)
    data = good_result(
        draws[TASK],
        target,
        officers=[officers[0], other],
        substitutions=[{"original": officers[1], "replacement": other, "reason": "请假"}],
    )
    write_result(root, data)
    assert errors(run(root)) == []


def test_substitution_from_another_department(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    target = selected(draws[TASK])[0]
    officers = [o["inspector"] for o in assigned(draws[TASK], target)]
    data = good_result(
        draws[TASK],
        target,
        officers=[officers[0], "WJ-P001"],
        substitutions=[{"original": officers[1], "replacement": "WJ-P001", "reason": "回避"}],
    )
    path = write_result(root, data)
    message = one(run(root), "result-substitution-department", relative(root, path))
    assert message.field == "替换人员" and "同一部门" in message.expected


def test_officer_with_a_conflict(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    # SCJG-P001 declared a conflict with code(3); put them on that target by substitution
    target = code(3)
    assert target in selected(draws[TASK])
    officers = [o["inspector"] for o in assigned(draws[TASK], target)]
    data = good_result(
        draws[TASK],
        target,
        officers=[officers[0], "SCJG-P001"],
        substitutions=[{"original": officers[1], "replacement": "SCJG-P001", "reason": "请假"}],
    )
    path = write_result(root, data)
    message = one(run(root), "result-officer-conflict", relative(root, path))
    assert "回避" in message.message
    assert "秘密理由" not in message.text()  # the reason is not repeated


def test_items_must_be_the_tasks(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    target = selected(draws[TASK])[0]
    data = good_result(draws[TASK], target, items=[{"item": "WJ-001", "codes": ["未发现问题"]}])
    path = write_result(root, data)
    messages = run(root)
    assert one(messages, "result-item", relative(root, path)).field == "检查事项"
    assert "SCJG-001" in one(messages, "result-item-missing").message


def test_no_problem_excludes_other_codes(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    target = selected(draws[TASK])[0]
    data = good_result(draws[TASK], target)
    data["items"][1]["codes"] = ["未发现问题", "发现问题已责令改正"]
    path = write_result(root, data)
    message = one(run(root), "result-codes", relative(root, path))
    assert message.field == "检查结果" and "只能单独使用" in message.expected


def test_registration_codes_agree_with_directory(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    chosen = selected(draws[TASK])
    data = good_result(draws[TASK], chosen[0])
    data["items"][0]["codes"] = ["已注销"]
    path = write_result(root, data)
    message = one(run(root), "result-registration", relative(root, path))
    assert "存续" in message.message and message.field == "检查结果"


def test_deregistered_target_needs_the_code(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    chosen = selected(draws[TASK])
    target_file = root / "records/targets/440114/001.yaml"
    targets = yamlio.parse(target_file.read_text(encoding="utf-8"), "t")
    for target in targets:
        if target["uscc"] == chosen[0]:
            target["status"] = "注销"
            target["status_history"].append({"event": "注销", "date": "2026-10-01"})
    target_file.write_text(yamlio.dump(targets), encoding="utf-8")
    path = write_result(root, good_result(draws[TASK], chosen[0]))
    assert "已注销" in one(run(root), "result-registration", relative(root, path)).message
    # inspected before the deregistration: no conflict
    write_result(root, good_result(draws[TASK], chosen[0], inspection_date="2026-09-20"))
    assert not [m for m in run(root) if m.code == "result-registration"]


def test_method_not_in_the_item_list(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    path = write_result(
        root, good_result(draws[TASK], selected(draws[TASK])[0], methods=["委托专业机构"])
    )
    assert one(run(root), "result-method", relative(root, path)).field == "检查方式"


def test_publication_before_inspection(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    data = good_result(draws[TASK], selected(draws[TASK])[0], published="2026-11-19")
    path = write_result(root, data)
    message = one(run(root), "result-published-date", relative(root, path))
    assert message.field == "公示日期" and message.line == 17


def test_inspection_before_the_draw_or_in_the_future(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    chosen = selected(draws[TASK])
    write_result(root, good_result(draws[TASK], chosen[0], inspection_date="2026-08-31"))
    write_result(root, good_result(draws[TASK], chosen[1], inspection_date="2026-11-29"))
    found = [m for m in run(root) if m.code == "result-date"]
    assert len(found) >= 3  # before the draw, before the window, after today
    assert {m.field for m in found} == {"检查完成日期"}


def test_publication_deadline_warns_then_errs(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    chosen = selected(draws[TASK])
    # 2026-10-29 + 20 working days = 2026-11-26: overdue on 11-28
    overdue = write_result(root, good_result(draws[TASK], chosen[0], inspection_date="2026-10-29"))
    # 2026-11-03 + 20 working days = 2026-12-01: 1 working day left on 11-28
    near = write_result(root, good_result(draws[TASK], chosen[1], inspection_date="2026-11-03"))
    messages = run(root)
    late = one(messages, "deadline-publication-overdue", relative(root, overdue))
    assert late.level == "error" and "2026-11-26" in late.message and late.field == "检查完成日期"
    soon = one(messages, "deadline-publication-near", relative(root, near))
    assert soon.level == "warning" and "2026-12-01" in soon.message


def test_published_late_is_a_warning(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    data = good_result(
        draws[TASK], selected(draws[TASK])[0], inspection_date="2026-10-08", published="2026-11-27"
    )
    path = write_result(root, data)
    assert one(run(root), "deadline-published-late", relative(root, path)).level == "warning"


def test_task_window_passed_with_targets_uninspected(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    chosen = selected(draws[TASK])
    write_result(root, good_result(draws[TASK], chosen[0], published="2026-11-25"))
    near = one(run(root), "deadline-inspection-near", f"records/draws/2026/{TASK}/draw.yaml")
    assert near.level == "warning" and f"{len(chosen) - 1} 户" in near.message
    assert chosen[0] not in near.message
    overdue = one(run(root, dt.date(2026, 12, 1)), "deadline-inspection-overdue")
    assert overdue.level == "error" and overdue.path.endswith("draw.yaml")


def test_deadline_across_a_missing_year_asks_for_the_calendar(
    repo: tuple[Path, dict[str, Any]],
) -> None:
    root, draws = repo
    target = selected(draws[JOINT_TASK])[0]
    officers = [o["inspector"] for o in assigned(draws[JOINT_TASK], target)]
    data = {
        "task": JOINT_TASK,
        "target": target,
        "inspection_date": "2026-12-10",
        "officers": officers,
        "methods": ["实地检查"],
        "items": [
            {"item": "SCJG-001", "codes": ["未发现问题"]},
            {"item": "WJ-001", "codes": ["未发现问题"]},
        ],
    }
    path = write_result(root, data)
    today = dt.date(2026, 12, 11)
    message = one(run(root, today), "calendar-missing", relative(root, path))
    assert "records/calendars/2027.yaml" in message.message
    write_records(
        root,
        {
            "calendars/2027.yaml": {
                "year": 2027,
                "source": "测试",
                "holidays": ["2027-01-01"],
                "workdays": [],
            }
        },
    )
    assert not [m for m in run(root, today) if m.code == "calendar-missing"]


def test_calendar_record_checks(repo: tuple[Path, dict[str, Any]]) -> None:
    root, _ = repo
    write_records(
        root,
        {
            "calendars/2027.yaml": {
                "year": 2027,
                "source": "测试",
                "holidays": ["2027-01-01", "2028-01-01"],
                "workdays": ["2027-01-04"],
            }
        },
    )
    messages = run(root)
    assert one(messages, "calendar-workday", "records/calendars/2027.yaml").field == "调休上班日"
    assert one(messages, "calendar-year").line == 5  # 2028-01-01


def test_follow_up_expected_when_problems_found(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    data = good_result(draws[TASK], selected(draws[TASK])[0])
    data["items"][0]["codes"] = ["发现问题已责令改正"]
    path = write_result(root, data)
    assert one(run(root), "result-follow-up", relative(root, path)).level == "warning"


def test_edit_after_publication_needs_a_correction(tmp_path: Path) -> None:
    root, draws = fresh_repo(tmp_path, git=True)
    target = selected(draws[TASK])[0]
    data = good_result(draws[TASK], target, published="2026-11-25")
    path = write_result(root, data)
    commit_all(root, "publish")
    assert errors(run(root)) == []
    data["items"][1]["codes"] = ["发现问题已责令改正"]
    data["follow_up"] = [{"action": "责令改正", "due": "2026-12-20"}]
    write_result(root, data)
    message = one(run(root), "result-edited-after-publication", relative(root, path))
    assert "2026-11-25" in message.message and "corrections" in message.expected
    commit_all(root, "edit without correction")  # committing does not launder it
    one(run(root), "result-edited-after-publication")
    data["corrections"] = [
        {"date": "2026-11-27", "reason": "录入错误", "changes": "更正商品质量检查结果"}
    ]
    write_result(root, data)
    assert not [m for m in run(root) if m.code == "result-edited-after-publication"]
    assert errors(run(root)) == []


def test_officer_certificate_must_cover_the_inspection_day(
    repo: tuple[Path, dict[str, Any]],
) -> None:
    root, draws = repo
    target = selected(draws[TASK])[0]
    officer = assigned(draws[TASK], target)[0]["inspector"]
    path = root / "records/inspectors/SCJG.yaml"
    inspectors = yamlio.parse(path.read_text(encoding="utf-8"), "i")
    for inspector in inspectors:
        if inspector["id"] == officer:
            inspector["certificate"]["valid_until"] = "2026-11-15"
    path.write_text(yamlio.dump(inspectors), encoding="utf-8")
    result = write_result(root, good_result(draws[TASK], target))
    message = one(run(root), "result-officer-certificate", relative(root, result))
    assert officer in message.message and "2026-11-20" in message.message


def test_substitution_of_someone_not_assigned(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    target = selected(draws[TASK])[0]
    officers = [o["inspector"] for o in assigned(draws[TASK], target)]
    spare = [f"SCJG-P{n:03d}" for n in range(2, 9) if f"SCJG-P{n:03d}" not in officers]
    data = good_result(
        draws[TASK],
        target,
        substitutions=[{"original": spare[0], "replacement": spare[1], "reason": "请假"}],
    )
    path = write_result(root, data)
    messages = run(root)
    assert one(messages, "result-substitution", relative(root, path)).field == "原抽中人员"


def test_correction_dates_and_follow_up_due(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    chosen = selected(draws[TASK])
    data = good_result(
        draws[TASK],
        chosen[0],
        published="2026-11-25",
        corrections=[{"date": "2026-11-24", "reason": "录入错误", "changes": "更正"}],
    )
    data["items"][0]["codes"] = ["发现问题已责令改正"]
    data["follow_up"] = [{"action": "责令改正", "due": "2026-11-01"}]
    path = write_result(root, data)
    messages = run(root)
    assert one(messages, "result-correction", relative(root, path)).field == "更正日期"
    follow = [m for m in messages if m.code == "result-follow-up" and m.level == "error"]
    assert follow and follow[0].field == "期限"


def test_unknown_task(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    data = {**good_result(draws[TASK], selected(draws[TASK])[0]), "task": "2026-SCJG-09"}
    path = write_result(root, data)
    assert one(run(root), "result-task", relative(root, path)).field == "抽查任务"


def test_malformed_lists_give_schema_errors_only(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    data = good_result(draws[TASK], selected(draws[TASK])[0], officers="SCJG-P001")
    write_result(root, data)
    messages = errors(run(root))
    assert messages and all(
        m.code.startswith("schema-") or m.code == "result-officer-missing" for m in messages
    ), [m.text() for m in messages]


def test_explained_overdue_publication_is_a_warning(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    data = good_result(draws[TASK], selected(draws[TASK])[0], inspection_date="2026-10-08")
    data["delay"] = {"reason": "检查对象提出异议，正在复核", "date": "2026-11-10"}
    path = write_result(root, data)
    late = one(run(root), "deadline-publication-overdue", relative(root, path))
    assert late.level == "warning" and "正在复核" in late.message


def test_deadline_length_comes_from_the_configuration(repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = repo
    config = root / "records/config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "result_deadline_working_days: 20", "result_deadline_working_days: 10"
        ),
        encoding="utf-8",
    )
    # 2026-11-02 + 10 working days = 2026-11-16: overdue on 11-28 (within 20 it would not be)
    data = good_result(draws[TASK], selected(draws[TASK])[0], inspection_date="2026-11-02")
    path = write_result(root, data)
    late = one(run(root), "deadline-publication-overdue", relative(root, path))
    assert "2026-11-16" in late.message and "10 个工作日" in late.expected
    assert "20 个工作日" not in late.text()
    records = load(root, use_cache=False)
    entry = task_draws(records)[TASK].targets[selected(draws[TASK])[1]]
    text = new_result_text(records, SchemaSet(), find_task(records, TASK), entry)
    assert "10 个工作日" in text and "20 个工作日" not in text
