"""Statistics rules (第三阶段: 统计及归总), generator/stats.py.

- drawn = the selected targets of each task's live draw (reserves are not drawn);
- inspected = drawn targets with a result file; published = results published on or before
  today; completion = published / drawn;
- a problem is any code other than 未发现问题; problem rate = problems / published;
- joint share = targets drawn for joint tasks / all drawn, against the 10% goal;
- a task counts for its lead department (the plan's department without one), a target for
  its industry section (the first letter of its industry code, "?" when unknown);
- a rate of nothing is no rate (None), not zero;
- the deadline counts are those of the deadline rules (a deadline in a year without a
  calendar is unknown, and its target stays pending).
"""

from __future__ import annotations

import datetime as dt

from generator.model import has_problem, is_published
from generator.results.deadlines import (
    OVERDUE_PUBLICATION,
    PENDING_INSPECTION,
    PENDING_PUBLICATION,
    PUBLISHED,
)
from generator.stats import (
    JOINT_GOAL,
    deadline_counts,
    rate,
    statistics,
)
from tests.rules import in_memory as mem

D = dt.date
TODAY = D(2026, 10, 20)


def test_the_joint_goal_is_ten_percent() -> None:
    assert JOINT_GOAL == 0.10


def test_a_rate_of_nothing_is_no_rate() -> None:
    assert rate(0, 0) is None
    assert rate(0, 4) == 0.0
    assert rate(1, 4) == 0.25


def test_a_problem_is_any_code_but_no_problem() -> None:
    def result(*codes: list[str]) -> mem.Record:
        return mem.result(mem.TASK, "A", items=[{"item": "I", "codes": c} for c in codes])

    assert not has_problem(result(["未发现问题"], ["未发现问题"]))
    assert not has_problem(result([]))
    assert not has_problem(mem.result(mem.TASK, "A"))
    assert has_problem(result(["未发现问题"], ["发现问题已责令改正"]))
    # a neutral code counts as a problem here, unlike in the credit record (NEUTRAL_CODES)
    assert has_problem(result(["已注销"]))


def test_published_today_counts_and_tomorrow_does_not() -> None:
    assert is_published(mem.result(mem.TASK, "A", published="2026-10-20"), TODAY)
    assert not is_published(mem.result(mem.TASK, "A", published="2026-10-21"), TODAY)
    assert not is_published(mem.result(mem.TASK, "A"), TODAY)


def district() -> mem.RecordSet:
    """Plan SCJG: task 01 drew A, B (reserve R) and C; task 03 drew nothing.  Plan WSJ: joint
    task 02, with no lead department named, drew D.  As of TODAY: A and D published with
    problems, B published today without, C's publication is scheduled for tomorrow, and the
    reserve R was used."""
    scjg = mem.plan(mem.task(), mem.task("2026-SCJG-03"), department="QJ")  # tasks led by SCJG
    joint = {**mem.task(mem.JOINT_TASK, cooperating_departments=["GAJ"]), "lead_department": None}
    wsj = mem.plan(joint, plan_id="2026-WSJ", department="WSJ")
    inspected = {"inspection_date": "2026-09-30"}
    return mem.record_set(
        mem.config(),
        mem.department("SCJG", "区市场监督管理局"),
        mem.item("SCJG-001", "营业执照检查"),
        mem.target("A", "F5211"),
        mem.target("B", "H6210"),
        mem.target("C", ""),
        scjg,
        wsj,
        mem.draw(mem.TASK, [(["A", "B"], ["R"]), (["C"], [])]),
        mem.draw(mem.JOINT_TASK, [(["D"], [])]),
        mem.result(mem.TASK, "R", **inspected, published="2026-10-09"),
        mem.result(
            mem.TASK,
            "A",
            **inspected,
            published="2026-10-09",
            items=[
                {"item": "SCJG-001", "codes": ["未发现问题"]},
                {"item": "SCJG-002", "codes": ["发现问题已责令改正", "未按规定公示年报"]},
            ],
        ),
        mem.result(
            mem.TASK,
            "B",
            **inspected,
            published="2026-10-20",
            items=[{"item": "SCJG-001", "codes": ["未发现问题"]}],
        ),
        mem.result(mem.TASK, "C", **inspected, published="2026-10-21"),
        mem.result(
            mem.JOINT_TASK,
            "D",
            **inspected,
            published="2026-10-09",
            items=[{"item": "SCJG-001", "codes": ["发现问题已责令改正"]}],
        ),
    )


def test_statistics_of_a_district() -> None:
    found = statistics(district(), TODAY)
    assert found["today"] == "2026-10-20"
    assert found["joint_goal"] == JOINT_GOAL
    assert found["total"] == {
        "tasks": 3,
        "drawn": 4,
        "joint": 1,
        "inspected": 4,
        "published": 3,
        "problems": 2,
        "completion": 3 / 4,
        "joint_share": 1 / 4,
        "problem_rate": 2 / 3,
    }
    assert found["departments"] == [
        {
            "key": "SCJG",
            "label": "区市场监督管理局",
            "tasks": 2,
            "drawn": 3,
            "inspected": 3,
            "published": 2,
            "problems": 1,
            "completion": 2 / 3,
            "problem_rate": 1 / 2,
        },
        {
            "key": "WSJ",
            "label": "WSJ",
            "tasks": 1,
            "drawn": 1,
            "joint": 1,
            "inspected": 1,
            "published": 1,
            "problems": 1,
            "completion": 1.0,
            "problem_rate": 1.0,
        },
    ]
    assert found["industries"] == [
        {"key": "?", "label": "?", "drawn": 2, "published": 1, "problems": 1,
         "completion": 0.5, "problem_rate": 1.0},
        {"key": "F", "label": "F 批发和零售业", "drawn": 1, "published": 1, "problems": 1,
         "completion": 1.0, "problem_rate": 1.0},
        {"key": "H", "label": "H 住宿和餐饮业", "drawn": 1, "published": 1, "problems": 0,
         "completion": 1.0, "problem_rate": 0.0},
    ]  # fmt: skip
    assert found["items"] == [
        {"key": "SCJG-001", "label": "SCJG-001 营业执照检查", "published": 3, "problems": 1,
         "completion": None, "problem_rate": 1 / 3},
        {"key": "SCJG-002", "label": "SCJG-002", "published": 1, "problems": 1,
         "completion": None, "problem_rate": 1.0},
    ]  # fmt: skip
    assert found["codes"] == [("未发现问题", 2), ("发现问题已责令改正", 2), ("未按规定公示年报", 1)]
    assert found["deadlines"] == deadline_counts(district(), TODAY)


def test_without_draws_there_are_no_rates() -> None:
    found = statistics(mem.record_set(mem.plan(mem.task())), TODAY)
    assert found["total"]["completion"] is None
    assert found["total"]["joint_share"] is None
    assert found["total"]["problem_rate"] is None
    assert found["departments"] == [
        {"key": "SCJG", "label": "SCJG", "tasks": 1, "drawn": 0,
         "completion": None, "problem_rate": None}
    ]  # fmt: skip
    assert found["industries"] == [] and found["items"] == [] and found["codes"] == []


def test_deadline_counts_follow_the_deadline_rules() -> None:
    assert deadline_counts(district(), TODAY) == {
        PENDING_INSPECTION: 0,
        PENDING_PUBLICATION: 1,  # C: scheduled for tomorrow
        PUBLISHED: 4,  # A, B, D and the used reserve R
        OVERDUE_PUBLICATION: 0,
        "逾期未检查": 0,
    }
    later = deadline_counts(district(), D(2026, 11, 4))
    assert later is not None and later[PUBLISHED] == 5


def test_deadline_counts_use_the_staff_added_calendars() -> None:
    records = mem.record_set(
        mem.config(result_deadline_working_days=2),
        mem.plan(mem.task(window={"start": "2030-01-01", "end": "2030-03-31"})),
        mem.draw(mem.TASK, [(["A"], [])]),
        mem.result(mem.TASK, "A", inspection_date="2030-01-02"),
        mem.calendar(2030, holidays=["2030-01-03"]),
    )
    # 2 working days after 2030-01-02 with 01-03 off: 01-04 (Fri), 01-07 (Mon)
    assert deadline_counts(records, D(2030, 1, 7)) == {
        PENDING_INSPECTION: 0,
        PENDING_PUBLICATION: 1,
        PUBLISHED: 0,
        OVERDUE_PUBLICATION: 0,
        "逾期未检查": 0,
    }
    counts = deadline_counts(records, D(2030, 1, 8))
    assert counts is not None and counts[OVERDUE_PUBLICATION] == 1


def test_counts_add_up_across_tasks_targets_and_items() -> None:
    """Lead L1, plan department PD: joint task J1 drew X1 (no result), X2 (publication
    scheduled), X3 and X4 (published, problem); joint task J2 drew Y1 (published, problem);
    task T3 drew Z1 and has no results at all.  Item I1 has no name."""
    inspected = {"inspection_date": "2026-09-30"}
    problem = {"items": [{"item": "I1", "codes": ["发现问题已责令改正"]}]}
    records = mem.record_set(
        mem.item("I1", "x"),
        *(mem.target(t, "F5211") for t in ("X1", "X2", "X3", "X4", "Y1", "Z1")),
        mem.plan(
            mem.task("J1", lead_department="L1", joint=True),
            mem.task("J2", lead_department="L1", cooperating_departments=["L2"]),
            mem.task("T3", lead_department="L1"),
            department="PD",
        ),
        mem.draw("J1", [(["X1", "X2", "X3", "X4"], [])]),
        mem.draw("J2", [(["Y1"], [])]),
        mem.draw("T3", [(["Z1"], [])]),
        mem.result("J1", "X2", **inspected, published="2026-10-21", **problem),
        mem.result("J1", "X3", **inspected, published="2026-10-09", **problem),
        mem.result("J1", "X4", **inspected, published="2026-10-09", **problem),
        mem.result("J2", "Y1", **inspected, published="2026-10-09", **problem),
    )
    records.get("item", "I1").data.pop("name")  # type: ignore[union-attr]
    found = statistics(records, TODAY)
    [department] = found["departments"]
    assert department == {
        "key": "L1",
        "label": "L1",
        "tasks": 3,
        "drawn": 6,
        "joint": 5,
        "inspected": 4,
        "published": 3,
        "problems": 3,
        "completion": 0.5,
        "problem_rate": 1.0,
    }
    [section] = found["industries"]
    assert (section["drawn"], section["published"], section["problems"]) == (6, 3, 3)
    [item] = found["items"]
    assert (item["label"], item["published"], item["problems"]) == ("I1", 3, 3)
    assert found["codes"] == [("发现问题已责令改正", 3)]


def test_a_deadline_in_a_year_without_a_calendar_stays_pending() -> None:
    records = mem.record_set(
        mem.plan(mem.task(window={"start": "2031-01-01", "end": "2031-03-31"})),
        mem.draw(mem.TASK, [(["A"], [])]),
        mem.result(mem.TASK, "A", inspection_date="2031-01-02"),
    )
    counts = deadline_counts(records, D(2031, 12, 31))
    assert counts is not None
    assert (counts[PENDING_PUBLICATION], counts[OVERDUE_PUBLICATION]) == (1, 0)
