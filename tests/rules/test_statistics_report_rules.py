"""What one year's report holds, whole (every key and value), and how the records become the
statistics' facts: a task behind schedule, a late and an overdue publication with its reason,
each target's categories, the method's constants."""

from __future__ import annotations

import datetime as dt

from spotcheck.statistics.extract import district_facts
from spotcheck.statistics.facts import DelayFact, District, InspectionFact, TaskFact
from spotcheck.statistics.report import (
    accountability,
    default_year,
    delay_phrase,
    progress_phrase,
    report,
    task_progress_rows,
    task_status_text,
)
from tests.rules import in_memory as mem

D = dt.date
TODAY = D(2026, 11, 27)  # Friday; the window ends Monday 30 November: 1 working day left


def records() -> mem.RecordSet:
    """Task 01 drew A (published late, with a reason), B (inspected, overdue, no reason) and
    C (not inspected); task 02 drew nothing yet."""
    target_a = mem.target("A", "H6210")
    target_a.data.update(region="440114001", credit_class="C", name="甲店")
    target_b = mem.target("B", "F5211")
    target_b.data.update(name="乙店")
    return mem.record_set(
        mem.config(regions=[{"code": "440114001", "name": "新华街道"}]),
        mem.department("SCJG", "区市场监管局"),
        mem.item("SCJG-001", "公示信息"),
        target_a,
        target_b,
        mem.plan(mem.task(), mem.task(mem.JOINT_TASK)),
        mem.draw(mem.TASK, [(["A", "B", "C"], [])]),
        mem.result(
            mem.TASK,
            "A",
            inspection_date="2026-09-30",  # deadline 2026-11-03 (National Day off)
            published="2026-11-06",
            delay={"reason": "系统停机，延迟公示", "date": "2026-11-05"},
            items=[{"item": "SCJG-001", "codes": ["发现问题已责令改正"]}],
        ),
        mem.result(
            mem.TASK, "B", inspection_date="2026-10-09"
        ),  # deadline 2026-11-05 (10 October is a make-up workday)
    )


def test_the_facts_of_the_records() -> None:
    facts = district_facts(records(), TODAY)
    assert facts.today == "2026-11-27" and facts.deadline_working_days == 20
    assert facts.calendar_problem is None
    assert facts.departments == {"SCJG": "区市场监管局"}
    assert facts.labels["region"] == {"440114001": "新华街道"}
    assert facts.labels["credit_class"] == dict.fromkeys("ABCD", "类")
    assert facts.labels["item"] == {"SCJG-001": "公示信息"}
    assert facts.labels["industry"]["H"] == "住宿和餐饮业" and "H62" not in facts.labels["industry"]
    assert facts.items == {"SCJG-001": ("", "公示信息", True)}
    first, second = facts.tasks
    assert first == TaskFact(
        id=mem.TASK,
        year="2026",
        name=f"任务{mem.TASK}",
        departments=("SCJG",),
        joint=False,
        items=("SCJG-001",),
        committed=False,
        drawn=True,
        selected=("A", "B", "C"),
        inspected=2,
        published=1,
        published_late=1,
        overdue_publication=1,
        overdue_inspection=0,
        window_end="2026-11-30",
        working_days_left=1,
        behind=True,
    )
    assert second == TaskFact(
        mem.JOINT_TASK, "2026", f"任务{mem.JOINT_TASK}", ("SCJG",), False, ("SCJG-001",),
        False, False, window_end="2026-11-30",
    )  # fmt: skip
    assert facts.inspections == [
        InspectionFact(
            "2026", mem.TASK, "A", "H", "440114001", "C", True,
            (("SCJG-001", True),), ("发现问题已责令改正",),
        )
    ]  # fmt: skip
    assert facts.delays == [
        DelayFact("SCJG", mem.TASK, f"任务{mem.TASK}", "A", "甲店", "逾期公示",
                  "2026-11-03", "2026-11-06", 3, "系统停机，延迟公示"),
        DelayFact("SCJG", mem.TASK, f"任务{mem.TASK}", "B", "乙店", "逾期未公示",
                  "2026-11-05", None, 16, None),
    ]  # fmt: skip


def test_the_reports_lists_and_method() -> None:
    found = report(district_facts(records(), TODAY))
    assert found["year"] == "2026" and found["years"] == ["2026"]
    assert found["method"] == {"min_inspections": 30, "min_expected": 5, "fdr": 0.05}
    assert found["deadline_working_days"] == 20 and found["calendar_problem"] is None
    assert found["dimensions"] == {
        "industry": "行业门类", "region": "街镇", "item": "抽查事项", "credit_class": "信用风险分类",
    }  # fmt: skip
    assert found["behind"] == [
        {
            "task": mem.TASK,
            "name": f"任务{mem.TASK}",
            "department": "SCJG",
            "department_name": "区市场监管局",
            "window_end": "2026-11-30",
            "working_days_left": 1,
            "uninspected": 1,
            "overdue": False,
            "phrase": "剩余 1 个工作日，尚有 1 户未检查",
        }
    ]
    late, overdue = found["delays"]
    assert late["department_name"] == "区市场监管局" and late["phrase"] == "逾期公示，晚 3 个工作日"
    assert overdue["phrase"] == "逾期未公示，已逾 16 个工作日" and overdue["reason"] is None
    assert found["rates"]["region"][0]["label"] == "440114001 新华街道"
    assert found["rates"]["credit_class"][0]["label"] == "C 类"
    assert found["warnings"] == [] and found["notes"] == []


def test_accountability_groups_by_department_newest_task_first() -> None:
    facts = district_facts(records(), TODAY)
    [group] = accountability(facts)
    assert (group["department"], group["name"]) == ("SCJG", "区市场监管局")
    assert group["behind"] == [
        {
            "task": mem.TASK,
            "name": f"任务{mem.TASK}",
            "window_end": "2026-11-30",
            "uninspected": 1,
            "working_days_left": 1,
            "phrase": "剩余 1 个工作日，尚有 1 户未检查",
        }
    ]
    assert [d["target"] for d in group["delays"]] == ["B", "A"]
    assert group["delays"][1]["phrase"] == "逾期公示，晚 3 个工作日"
    assert accountability(District("2026-01-01", {}, {}, {})) == []


def test_progress_rows_and_words() -> None:
    facts = district_facts(records(), TODAY)
    assert task_progress_rows(facts) == {
        mem.TASK: {
            "window_end": "2026-11-30",
            "working_days_left": 1,
            "text": "剩余 1 个工作日，尚有 1 户未检查",
            "behind": True,
        },
        mem.JOINT_TASK: {
            "window_end": "2026-11-30",
            "working_days_left": None,
            "text": "未抽取",
            "behind": False,
        },
    }
    assert progress_phrase(3, None, "2026-06-30") == "检查期已于 2026-06-30 结束，尚有 3 户未检查"
    assert delay_phrase("逾期未检查", None) == "逾期未检查"
    assert delay_phrase("逾期公示", None) == "逾期公示"
    assert delay_phrase("逾期未公示", 0) == "逾期未公示，已逾 0 个工作日"
    drawn = TaskFact("T", "2026", "t", ("S",), False, (), True, True, ("A", "B"), inspected=2,
                     published=1)  # fmt: skip
    assert task_status_text(drawn) == "已全部检查，1/2 户已公示"
    pending = TaskFact("T", "2026", "t", ("S",), False, (), True, True, ("A",))
    assert task_status_text(pending) == "尚有 1 户未检查"
    ended = TaskFact("T", "2026", "t", ("S",), False, (), True, True, ("A",),
                     overdue_inspection=1, window_end="2026-06-30")  # fmt: skip
    assert task_status_text(ended) == "检查期已于 2026-06-30 结束，尚有 1 户未检查"


def test_the_default_year_is_the_latest_not_after_today() -> None:
    def with_years(today: str, *years: str) -> District:
        facts = District(today, {}, {}, {})
        facts.tasks += [TaskFact(f"{y}-X", y, "", ("S",), False, (), False, False) for y in years]
        return facts

    assert default_year(with_years("2026-05-01", "2025", "2026", "2027")) == "2026"
    assert default_year(with_years("2024-05-01", "2025", "2027")) == "2025"
    assert default_year(with_years("2026-05-01")) is None
    assert report(with_years("2026-05-01"))["year"] == "2026"
