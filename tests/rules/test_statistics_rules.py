"""Statistics rules (第三阶段: 统计及归总), generator/statistics/ (extract, figures, report).

- drawn = the selected targets of each task's live draw (reserves are not drawn);
- inspected = drawn targets whose result has an inspection date; published = results published
  on or before today (`spotcheck.model`); completion = published / drawn; published late =
  after the deadline of the deadline rules; overdue = inspected, deadline passed, unpublished;
- a problem is any code other than 未发现问题; problem rate = problems / published;
- joint share = targets drawn for joint tasks / all drawn, against the 10% goal;
- a task counts for its lead department (the plan's department without one), a target for
  its industry section (the first letter of its industry code, "?" when unknown), an item
  once per item result;
- a rate of nothing is no rate (None), not zero;
- a deadline in a year without a calendar is unknown: the target stays pending, and why is said.
"""

from __future__ import annotations

import datetime as dt

from spotcheck.model import has_problem, is_published
from spotcheck.statistics.extract import district_facts
from spotcheck.statistics.figures import JOINT_GOAL, share
from spotcheck.statistics.report import report
from tests.rules import in_memory as mem

D = dt.date
TODAY = D(2026, 10, 20)


def stats(records: mem.RecordSet, today: dt.date = TODAY, year: str = "2026") -> dict:
    return report(district_facts(records, today), year)


def test_the_joint_goal_is_ten_percent() -> None:
    assert JOINT_GOAL == 0.10


def test_a_rate_of_nothing_is_no_rate() -> None:
    assert share(0, 0) is None
    assert share(0, 4) == 0.0
    assert share(1, 4) == 0.25


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


def counts(row: dict) -> tuple[int, ...]:
    keys = (
        "tasks_planned", "tasks_committed", "tasks_drawn", "tasks_completed", "drawn",
        "inspected", "published", "published_on_time", "published_late",
        "overdue_publication", "overdue_inspection", "joint",
    )  # fmt: skip
    return tuple(row[k] for k in keys)


def test_statistics_of_a_district() -> None:
    found = stats(district())
    assert found["today"] == "2026-10-20" and found["year"] == "2026"
    assert found["joint_goal"] == JOINT_GOAL
    total = found["district"]
    assert counts(total) == (3, 0, 2, 1, 4, 4, 3, 3, 0, 0, 0, 1)
    assert (total["completion"], total["joint_share"]) == (3 / 4, 1 / 4)
    scjg, wsj = found["departments"]
    assert (scjg["key"], scjg["label"]) == ("SCJG", "区市场监督管理局")
    assert counts(scjg) == (2, 0, 1, 0, 3, 3, 2, 2, 0, 0, 0, 0)
    assert scjg["completion"] == 2 / 3 and scjg["joint_share"] == 0.0
    assert (wsj["key"], wsj["label"]) == ("WSJ", "WSJ")
    assert counts(wsj) == (1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1)
    assert found["problem_rate"]["k"] == 2 and found["problem_rate"]["n"] == 3
    industries = [(r["key"], r["label"], r["k"], r["n"]) for r in found["rates"]["industry"]]
    assert industries == [
        ("?", "?", 1, 1),
        ("F", "F 批发和零售业", 1, 1),
        ("H", "H 住宿和餐饮业", 0, 1),
    ]
    items = [(r["key"], r["label"], r["k"], r["n"]) for r in found["rates"]["item"]]
    assert items == [("SCJG-001", "SCJG-001 营业执照检查", 1, 3), ("SCJG-002", "SCJG-002", 1, 1)]
    assert found["codes"] == [("未发现问题", 2), ("发现问题已责令改正", 2), ("未按规定公示年报", 1)]
    assert found["burden"]["max"] == 1 and found["burden"]["distribution"] == {"1": 4}


def test_without_draws_there_are_no_rates() -> None:
    found = stats(mem.record_set(mem.plan(mem.task())))
    total = found["district"]
    assert total["completion"] is None and total["joint_share"] is None
    assert found["problem_rate"]["rate"] is None and found["problem_rate"]["n"] == 0
    [department] = found["departments"]
    assert (department["key"], department["tasks_planned"], department["drawn"]) == ("SCJG", 1, 0)
    assert all(rows == [] for rows in found["rates"].values()) and found["codes"] == []
    assert found["warnings"] == [] and found["behind"] == [] and found["delays"] == []


def test_late_and_overdue_follow_the_deadline_rules() -> None:
    records = mem.record_set(
        mem.config(result_deadline_working_days=2),
        mem.plan(mem.task(window={"start": "2030-01-01", "end": "2030-03-31"})),
        mem.draw(mem.TASK, [(["A", "B"], [])]),
        mem.result(mem.TASK, "A", inspection_date="2030-01-02"),
        mem.result(mem.TASK, "B", inspection_date="2030-01-02", published="2030-01-08"),
        mem.calendar(2030, holidays=["2030-01-03"]),
    )
    # 2 working days after 2030-01-02 with 01-03 off: 01-04 (Fri), 01-07 (Mon)
    on_time = stats(records, D(2030, 1, 7))
    assert on_time["district"]["overdue_publication"] == 0 and on_time["delays"] == []
    late = stats(records, D(2030, 1, 9))
    assert late["district"]["overdue_publication"] == 1
    assert late["district"]["published_late"] == 1
    by_target = {d["target"]: d for d in late["delays"]}
    assert by_target["A"]["status"] == "逾期未公示" and by_target["A"]["working_days_late"] == 2
    assert by_target["B"]["status"] == "逾期公示" and by_target["B"]["working_days_late"] == 1
    assert (
        by_target["B"]["deadline"] == "2030-01-07" and by_target["B"]["published"] == "2030-01-08"
    )


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
    found = stats(records)
    [department] = [r for r in found["departments"] if r["key"] == "L1"]
    assert counts(department) == (3, 0, 3, 1, 6, 4, 3, 3, 0, 0, 0, 5)
    assert department["completion"] == 0.5
    [section] = found["rates"]["industry"]
    assert (section["key"], section["k"], section["n"]) == ("F", 3, 3)
    [item] = found["rates"]["item"]
    assert (item["label"], item["k"], item["n"]) == ("I1", 3, 3)
    assert found["codes"] == [("发现问题已责令改正", 3)]


def test_a_deadline_in_a_year_without_a_calendar_stays_pending() -> None:
    records = mem.record_set(
        mem.plan(mem.task(window={"start": "2031-01-01", "end": "2031-03-31"})),
        mem.draw(mem.TASK, [(["A"], [])]),
        mem.result(mem.TASK, "A", inspection_date="2031-01-02"),
    )
    found = stats(records, D(2031, 12, 31))
    assert found["district"]["overdue_publication"] == 0 and found["delays"] == []
    assert found["calendar_problem"] and "2031" in found["calendar_problem"]
