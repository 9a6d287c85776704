"""Credit-record rules: every published inspection of a business, generator/results/credit.py.

- only results published on or before today enter the record (all published ones without a day);
- a business's inspections are listed newest first: by inspection date, then publication date,
  then task;
- "problems found" means a code other than 未发现问题 and the neutral codes (the business could
  not be inspected: closed, deregistered, moved ...);
- a joint inspection names every participating department, lead first.
"""

from __future__ import annotations

import datetime as dt

import pytest

from spotcheck.results.credit import NEUTRAL_CODES, credit_record, credit_records
from tests.rules import in_memory as mem

D = dt.date
A, B = "91440114MA5000001X", "91440114MA5000002X"


def records(*results: mem.Record) -> mem.RecordSet:
    joint = mem.task(mem.JOINT_TASK, type="联合抽查", cooperating_departments=["WSJ", "", "GAJ"])
    return mem.record_set(
        mem.department("SCJG", "区市场监督管理局"),
        mem.department("WSJ", "区卫生健康局"),
        mem.item("SCJG-001", "营业执照检查"),
        mem.plan(mem.task(), joint),
        *results,
    )


def test_neutral_codes_are_those_where_conduct_could_not_be_inspected() -> None:
    assert {
        "未发现开展本次抽查涉及的经营活动",
        "已关闭停业或正在组织清算",
        "已注销",
        "已被吊销",
        "已被撤销",
        "已迁出",
    } == NEUTRAL_CODES


def test_an_entry_shows_the_task_departments_items_and_outcome() -> None:
    result = mem.result(
        mem.JOINT_TASK,
        A,
        inspection_date="2026-10-09",
        published="2026-10-20",
        items=[
            {"item": "SCJG-001", "codes": ["未发现问题"]},
            {"item": "SCJG-999", "codes": ["发现问题已责令改正"]},
        ],
        follow_up=[{"action": "责令改正"}, "not a mapping"],
        corrections=[{"date": "2026-10-25", "reason": "更正笔误"}, "not a mapping"],
    )
    [entry] = credit_record(records(result), A, D(2026, 10, 20))
    assert entry == {
        "target": A,
        "task": mem.JOINT_TASK,
        "task_name": f"任务{mem.JOINT_TASK}",
        "plan": mem.PLAN,
        "type": "联合抽查",
        "departments": ["区市场监督管理局", "区卫生健康局", "GAJ"],
        "department_ids": ["SCJG", "WSJ", "GAJ"],
        "joint": True,
        "inspection_date": "2026-10-09",
        "published": "2026-10-20",
        "items": [
            {"item": "SCJG-001", "name": "营业执照检查", "codes": ["未发现问题"]},
            {"item": "SCJG-999", "name": "", "codes": ["发现问题已责令改正"]},
        ],
        "follow_up": ["责令改正"],
        "problems_found": True,
        "corrections": [{"date": "2026-10-25", "reason": "更正笔误"}],
        "path": result.path,
    }


def test_a_single_department_inspection_is_not_joint() -> None:
    result = mem.result(mem.TASK, A, inspection_date="2026-10-09", published="2026-10-20")
    [entry] = credit_record(records(result), A)
    assert entry["joint"] is False
    assert entry["department_ids"] == ["SCJG"] and entry["departments"] == ["区市场监督管理局"]
    assert entry["items"] == [] and entry["follow_up"] == [] and entry["corrections"] == []
    assert entry["problems_found"] is False


def test_two_departments_make_a_joint_inspection() -> None:
    two = mem.task("2026-SCJG-09", cooperating_departments=["WSJ"])
    records = mem.record_set(
        mem.plan(two),
        mem.result("2026-SCJG-09", A, inspection_date="2026-10-09", published="2026-10-20"),
    )
    [entry] = credit_record(records, A)
    assert entry["joint"] is True and entry["department_ids"] == ["SCJG", "WSJ"]


def test_an_item_without_a_name_and_a_result_without_an_inspection_date_show_blank() -> None:
    nameless = mem.item("SCJG-003", "x")
    nameless.data.pop("name")
    result = mem.result(
        mem.TASK, A, published="2026-10-20", items=[{"item": "SCJG-003", "codes": []}]
    )
    [entry] = credit_record(records(result, nameless), A)
    assert entry["items"] == [{"item": "SCJG-003", "name": "", "codes": []}]
    assert entry["inspection_date"] == ""


def test_a_result_of_an_unknown_task_still_enters_the_record() -> None:
    result = mem.result("2026-GONE-01", A, inspection_date="2026-10-09", published="2026-10-20")
    [entry] = credit_record(records(result), A)
    assert (entry["task_name"], entry["plan"], entry["type"]) == ("", "", "")
    assert entry["departments"] == [] and entry["joint"] is False


@pytest.mark.parametrize(
    ("codes", "found"),
    [
        (["未发现问题"], False),
        (["已注销"], False),
        (["未发现问题", "已迁出"], False),
        (["未发现问题", "发现问题已责令改正"], True),
        (["已被吊销", "未按规定公示年报"], True),
    ],
)
def test_problems_found_ignores_no_problem_and_neutral_codes(codes: list[str], found: bool) -> None:
    result = mem.result(
        mem.TASK,
        A,
        inspection_date="2026-10-09",
        published="2026-10-20",
        items=[{"item": "SCJG-001", "codes": codes[:1]}, {"item": "SCJG-002", "codes": codes[1:]}],
    )
    assert credit_record(records(result), A)[0]["problems_found"] is found


def test_published_today_enters_the_record_and_tomorrow_does_not() -> None:
    result = mem.result(mem.TASK, A, inspection_date="2026-10-09", published="2026-10-20")
    assert len(credit_record(records(result), A, D(2026, 10, 20))) == 1
    assert credit_record(records(result), A, D(2026, 10, 19)) == []
    assert credit_records(records(result), D(2026, 10, 19)) == {}


def test_without_a_day_every_published_result_enters_and_no_unpublished_one() -> None:
    published = mem.result(mem.TASK, A, inspection_date="2026-10-09", published="2099-01-01")
    waiting = mem.result(mem.JOINT_TASK, A, inspection_date="2026-10-09")
    assert [e["task"] for e in credit_record(records(published, waiting), A)] == [mem.TASK]
    assert [e["task"] for e in credit_record(records(waiting, published), A)] == [mem.TASK]


def test_inspections_are_listed_newest_first() -> None:
    found = credit_record(
        records(
            mem.result("2026-X-01", A, inspection_date="2026-03-01", published="2026-03-20"),
            mem.result("2026-X-02", A, inspection_date="2026-05-01", published="2026-05-10"),
            mem.result("2026-X-03", A, inspection_date="2026-05-01", published="2026-05-20"),
            mem.result("2026-X-04", A, inspection_date="2026-05-01", published="2026-05-20"),
        ),
        A,
    )
    assert [e["task"] for e in found] == ["2026-X-04", "2026-X-03", "2026-X-02", "2026-X-01"]


def test_the_records_are_grouped_by_business_in_code_order() -> None:
    found = credit_records(
        records(
            mem.result(mem.TASK, B, inspection_date="2026-10-09", published="2026-10-20"),
            mem.result(mem.TASK, A, inspection_date="2026-10-09", published="2026-10-20"),
            mem.result(mem.JOINT_TASK, A, inspection_date="2026-10-10", published="2026-10-21"),
        )
    )
    assert list(found) == [A, B]
    assert [e["task"] for e in found[A]] == [mem.JOINT_TASK, mem.TASK]
    assert credit_record(records(), A) == []
