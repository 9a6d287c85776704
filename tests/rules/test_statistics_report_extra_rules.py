"""The report's lists as the rules say: departments named (or shown by key), newest task
first, each department once and in order, warnings of every family, the default year."""

from __future__ import annotations

from spotcheck.statistics.facts import DelayFact, District, TaskFact
from spotcheck.statistics.report import accountability, report
from tests.rules.synthetic_facts import district


def behind_task(task_id: str, department: str, **data: object) -> TaskFact:
    return TaskFact(task_id, task_id[:4], "t", (department,), False, (), True, True, ("A",),
                    behind=True, **data)  # type: ignore[arg-type]  # fmt: skip


def delay(task_id: str, department: str) -> DelayFact:
    return DelayFact(department, task_id, "t", "A", "", "逾期未检查", "2026-06-30", None, 3, None)


def unnamed_departments() -> District:
    """Departments WSJ (unnamed) and SCJG (named), WSJ's tasks first; each with one task
    behind whose window has ended with one target never inspected, and its delay."""
    facts = District("2026-07-10", {"SCJG": "区市场监管局"}, {}, {})
    ended = {"overdue_inspection": 1, "window_end": "2026-06-30"}
    facts.tasks += [
        behind_task("2025-WSJ-01", "WSJ", **ended),
        behind_task("2026-WSJ-01", "WSJ", **ended),
        behind_task("2026-SCJG-01", "SCJG", **ended),
    ]
    facts.delays += [delay("2026-WSJ-01", "WSJ"), delay("2026-SCJG-01", "SCJG")]
    return facts


def test_accountability_names_each_department_once_in_order_newest_task_first() -> None:
    groups = accountability(unnamed_departments())
    assert [(g["department"], g["name"]) for g in groups] == [
        ("SCJG", "区市场监管局"),
        ("WSJ", "WSJ"),  # no name on record: shown by its key
    ]
    assert [t["task"] for t in groups[1]["behind"]] == ["2026-WSJ-01", "2025-WSJ-01"]


def test_the_reports_behind_and_delays_name_an_unnamed_department_by_its_key() -> None:
    found = report(unnamed_departments(), "2026")
    assert [(t["department_name"], t["overdue"]) for t in found["behind"]] == [
        ("WSJ", True),  # one target never inspected is overdue
        ("区市场监管局", True),
    ]
    assert found["behind"][0]["phrase"] == "检查期已于 2026-06-30 结束，尚有 1 户未检查"
    assert [d["department_name"] for d in found["delays"]] == ["WSJ", "区市场监管局"]


def test_without_a_year_the_report_is_of_the_default_year_not_todays() -> None:
    facts = unnamed_departments()
    facts.today = "2027-01-05"
    assert report(facts)["year"] == "2026"


def test_a_hot_spot_warns_beside_a_rise_and_each_category_is_listed_once() -> None:
    facts = district({"C": 0.1, "F": 0.1, "G": 0.1, "H": 0.35}, 120, exact=True,
                     earlier={"C": 0.1, "F": 0.1, "G": 0.1, "H": 0.1})  # fmt: skip
    found = report(facts, "2026")
    kinds = {(w["kind"], w["key"]) for w in found["warnings"]}
    assert ("above", "H") in kinds and ("rising", "H") in kinds
    assert [r["key"] for r in found["rates"]["industry"]] == ["H", "C", "F", "G"]
    assert found["rate_totals"]["industry"]["k"] == 12 * 3 + 42
    assert found["rate_totals"]["industry"]["n"] == 480
