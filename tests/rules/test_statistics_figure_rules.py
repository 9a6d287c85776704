"""Counts per department and for the district, coverage, burden and ranking, by hand."""

from __future__ import annotations

from spotcheck.statistics.facts import DelayFact, District, InspectionFact, TaskFact
from spotcheck.statistics.figures import burden
from spotcheck.statistics.report import accountability, report, task_status_text


def small_district() -> District:
    facts = District(
        today="2026-11-29",
        departments={"SCJG": "区市场监管局", "SPYP": "区食药监局"},
        items={
            "SCJG-001": ("SCJG", "公示信息", True),
            "SCJG-002": ("SCJG", "登记事项", True),
            "SCJG-003": ("SCJG", "停用事项", False),
            "SPYP-001": ("SPYP", "餐饮", True),
        },
        labels={"industry": {"H": "住宿和餐饮业"}, "region": {}, "item": {}, "credit_class": {}},
    )
    facts.tasks += [
        # SCJG: one finished task, one joint task carrying SPYP's item, one not drawn
        TaskFact(
            "2026-SCJG-01",
            "2026",
            "a",
            ("SCJG",),
            False,
            ("SCJG-001",),
            True,
            True,
            ("A", "B", "C"),
            inspected=3,
            published=3,
            published_late=1,
        ),
        TaskFact(
            "2026-SCJG-02",
            "2026",
            "b",
            ("SCJG", "SPYP"),
            True,
            ("SPYP-001",),
            True,
            True,
            ("A", "D"),
            inspected=1,
            published=1,
            overdue_publication=0,
            window_end="2026-11-30",
            working_days_left=1,
            behind=True,
        ),
        TaskFact("2026-SCJG-03", "2026", "c", ("SCJG",), False, ("SCJG-001",), False, False),
        TaskFact(
            "2025-SCJG-01", "2025", "old", ("SCJG",), False, ("SCJG-002",), True, True, ("A",)
        ),
    ]
    facts.inspections += [
        InspectionFact(
            "2026", "2026-SCJG-01", t, "H", "R1", "A", t == "A", (("SCJG-001", t == "A"),)
        )
        for t in ("A", "B", "C")
    ]
    facts.delays.append(
        DelayFact(
            "SCJG",
            "2026-SCJG-01",
            "a",
            "B",
            "乙",
            "逾期公示",
            "2026-06-01",
            "2026-06-03",
            2,
            "系统故障",
        )
    )
    return facts


def test_department_and_district_counts() -> None:
    stats = report(small_district(), "2026")
    scjg = next(r for r in stats["departments"] if r["key"] == "SCJG")
    assert (scjg["tasks_planned"], scjg["tasks_committed"], scjg["tasks_drawn"]) == (3, 2, 2)
    assert scjg["tasks_completed"] == 1 and scjg["tasks_behind"] == 1
    assert (scjg["drawn"], scjg["inspected"], scjg["published"]) == (5, 4, 4)
    assert (scjg["published_on_time"], scjg["published_late"]) == (3, 1)
    assert scjg["joint"] == 2 and scjg["joint_share"] == 2 / 5
    # SCJG-001 planned, SCJG-002 only in 2025, SCJG-003 inactive: 1 of 2
    assert (scjg["items_covered"], scjg["items"], scjg["items_uncovered"]) == (1, 2, ["SCJG-002"])
    spyp = next(r for r in stats["departments"] if r["key"] == "SPYP")
    assert spyp["tasks_planned"] == 0 and spyp["item_coverage"] == 1.0  # via the joint task
    district = stats["district"]
    assert district["tasks_planned"] == 3 and district["items_covered"] == 2
    assert district["completion"] == 4 / 5


def test_burden_counts_each_business_once_per_task_across_departments() -> None:
    burden = report(small_district(), "2026")["burden"]
    assert burden["max"] == 2 and burden["businesses_at_max"] == ["A"]
    assert burden["distribution"] == {"1": 3, "2": 1}


def test_rates_carry_sample_size_and_interval() -> None:
    stats = report(small_district(), "2026")
    assert stats["problem_rate"]["k"] == 1 and stats["problem_rate"]["n"] == 3
    row = stats["rates"]["industry"][0]
    assert row["label"] == "H 住宿和餐饮业" and row["n"] == 3 and not row["enough"]
    assert 0 < row["low"] < 1 / 3 < row["high"] < 1


def test_progress_words_and_accountability_groups() -> None:
    facts = small_district()
    texts = {t.id: task_status_text(t) for t in facts.tasks}
    assert texts["2026-SCJG-01"] == "已全部公示"
    assert texts["2026-SCJG-02"] == "剩余 1 个工作日，尚有 1 户未检查"
    assert texts["2026-SCJG-03"] == "未抽取"
    groups = accountability(facts)
    assert [g["department"] for g in groups] == ["SCJG"]
    assert [t["task"] for t in groups[0]["behind"]] == ["2026-SCJG-02"]
    delay = groups[0]["delays"][0]
    assert (delay["target"], delay["reason"], delay["phrase"]) == (
        "B",
        "系统故障",
        "逾期公示，晚 2 个工作日",
    )


def test_a_year_without_draws_has_no_burden() -> None:
    assert burden([]) == {"max": 0, "businesses_at_max": [], "distribution": {}}


def test_the_district_row_is_keyed_and_labelled_as_the_whole_district() -> None:
    found = report(small_district(), "2026")
    assert (found["district"]["key"], found["district"]["label"]) == ("全区", "全区")


def test_a_dimension_without_labels_shows_its_keys() -> None:
    facts = small_district()
    facts.labels = {}
    found = report(facts, "2026")
    assert all(r["label"] == r["key"] for r in found["rates"]["region"])
    assert found["rates"]["region"]
