"""Next year's ratios: raised where risk is significantly high, lowered where low, floors kept."""

from __future__ import annotations

from typing import Any

from spotcheck.statistics.suggestions import suggest_plan


def row(dimension: str, key: str, *, above: bool = False, below: bool = False) -> dict[str, Any]:
    return {
        "dimension": dimension,
        "key": key,
        "label": key,
        "k": 30 if above else 1,
        "n": 60,
        "rate": 0.5 if above else 1 / 60,
        "low": 0.1,
        "high": 0.6,
        "reference": 0.15,
        "above": above,
        "below": below,
    }


PLAN = {
    "id": "2026-SCJG",
    "year": 2026,
    "department": "SCJG",
    "title": "区市场监管局2026年度抽查工作计划",
    "published": "2026-01-14",
    "adjustments": [{"version": 2, "date": "2026-06-26", "summary": "x"}],
    "tasks": [
        {
            "id": "2026-SCJG-01",
            "type": "不定向",
            "strata": {
                "field": "credit_class",
                "groups": [
                    {"value": "A", "ratio": 0.02},
                    {"value": "B", "ratio": 0.05},
                    {"value": "C", "ratio": 0.3},
                    {"value": "D", "ratio": 0.7},
                ],
            },
            "window": {"start": "2026-04-01", "end": "2026-11-30"},
            "since_version": 2,
        },
        {"id": "2026-SCJG-02", "type": "定向", "scope": {"industries": ["H62"]}, "ratio": 0.12},
        {"id": "2026-SCJG-03", "type": "定向", "scope": {"lists": ["经营异常名录"]}, "ratio": 1.0},
        {"id": "2026-SCJG-04", "type": "定向", "scope": {"industries": ["H61"]}, "count": 15},
    ],
}


def test_high_risk_raised_low_risk_lowered_to_the_floor_at_most() -> None:
    rows = {
        "credit_class": [
            row("credit_class", "A", below=True),  # 2 % → 1.5 %: A has no band floor
            row("credit_class", "B", below=True),  # 5 % is B's floor: kept
            row("credit_class", "C", above=True),  # 30 % → 45 %
            row("credit_class", "D", below=True),  # 70 % → 61 % (D's floor), not 52.5 %
        ],
        "industry": [row("industry", "H", above=True)],
    }
    draft, reasons = suggest_plan(PLAN, 2027, rows)
    groups = {g["value"]: g["ratio"] for g in draft["tasks"][0]["strata"]["groups"]}
    assert groups == {"A": 0.015, "B": 0.05, "C": 0.45, "D": 0.61}
    assert draft["tasks"][1]["ratio"] == 0.18  # H section above: 12 % × 1.5
    assert draft["tasks"][2]["ratio"] == 1.0  # 经营异常名录 stays 100 %
    assert draft["tasks"][3]["count"] == 23  # 15 × 1.5, rounded up
    assert len(reasons) == 5 and any("30.0% → 45.0%" in r for r in reasons)


def test_a_targeted_task_is_never_lowered_under_ten_percent() -> None:
    draft, reasons = suggest_plan(PLAN, 2027, {"industry": [row("industry", "H", below=True)]})
    assert [r.split("（")[0] for r in reasons] == ["2027-SCJG-02：抽查比例 12.0% → 10.0%"]
    assert draft["tasks"][1]["ratio"] == 0.1  # 12 % × 0.75 = 9 %, floored at 10 %
    assert draft["tasks"][3]["count"] == 15  # a count is never lowered


def test_the_draft_is_next_years_plan() -> None:
    draft, reasons = suggest_plan(PLAN, 2027, {})
    assert reasons == []
    assert (draft["id"], draft["year"], draft["published"]) == ("2027-SCJG", 2027, "2027-01-14")
    assert draft["title"] == "区市场监管局2027年度抽查工作计划（草案）"
    assert "adjustments" not in draft
    first = draft["tasks"][0]
    assert first["id"] == "2027-SCJG-01" and first["since_version"] == 1
    assert first["window"] == {"start": "2027-04-01", "end": "2027-11-30"}
    assert PLAN["tasks"][0]["id"] == "2026-SCJG-01"  # the source is not changed


def test_list_tasks_stay_and_an_industry_above_outranks_its_strata() -> None:
    plan = {
        **PLAN,
        "tasks": [
            {"id": "2026-SCJG-05", "type": "定向", "scope": {"lists": ["经营异常名录"],
             "industries": ["H62"]}, "ratio": 1.0},
            {"id": "2026-SCJG-06", "type": "定向", "scope": {"industries": ["H62"]},
             "strata": {"field": "credit_class", "groups": [{"value": "C", "ratio": 0.3},
                                                            {"value": "A", "ratio": 0.2}]}},
            {"id": "2026-SCJG-07", "type": "其他", "scope": {"industries": ["F52"]}, "ratio": 0.02},
            {"id": "2026-SCJG-08", "type": "定向", "scope": {"industries": ["H62", "F52"]},
             "ratio": 0.5},
        ],
    }  # fmt: skip
    rows = {
        "industry": [row("industry", "H", below=True), row("industry", "F", below=True)],
        "credit_class": [row("credit_class", "C", above=True)],
    }
    draft, reasons = suggest_plan(plan, 2027, rows)
    listed, stratified, other, mixed = draft["tasks"]
    assert listed["ratio"] == 1.0  # 经营异常名录: 100 % whatever the industry
    # C above raises its stratum even though the industry is below; A follows the industry
    assert [g["ratio"] for g in stratified["strata"]["groups"]] == [0.45, 0.15]
    assert other["ratio"] == 0.015  # no minimum for an unknown type: 2 % × 0.75
    assert mixed["ratio"] == 0.5  # two industry sections: no single section decides
    assert len(reasons) == 3
    raised = {**rows, "industry": [row("industry", "H", above=True)]}
    draft, _ = suggest_plan(plan, 2027, raised)
    assert [g["ratio"] for g in draft["tasks"][1]["strata"]["groups"]] == [0.45, 0.3]
    assert any("信用风险分类“C”问题发现率 50.0%" in r for r in reasons)
    assert all("显著" in r and "全区其余的 15.0%" in r for r in reasons)


def one_task_plan(task: dict[str, Any], **plan: Any) -> dict[str, Any]:
    return {**PLAN, **plan, "tasks": [{"id": "2026-SCJG-09", "type": "不定向", **task}]}


def test_each_reason_names_the_stratum_the_change_and_the_side_of_the_district() -> None:
    task = {"strata": {"field": "credit_class", "groups": [{"value": "C", "ratio": 0.3},
                                                           {"value": "D", "ratio": 0.8}]}}  # fmt: skip
    rows = {"credit_class": [row("credit_class", "C", above=True),
                             row("credit_class", "D", below=True)]}  # fmt: skip
    _, reasons = suggest_plan(one_task_plan(task), 2027, rows)
    assert reasons == [
        "2027-SCJG-09 分层“C”：抽查比例 30.0% → 45.0%（信用风险分类“C”问题发现率 "
        "50.0%（95% 区间 10.0%–60.0%，n=60），显著高于全区其余的 15.0%）",
        "2027-SCJG-09 分层“D”：抽查比例 80.0% → 61.0%（信用风险分类“D”问题发现率 "
        "1.7%（95% 区间 10.0%–60.0%，n=60），显著低于全区其余的 15.0%）",
    ]


def test_a_raised_ratio_stops_at_one_hundred_percent() -> None:
    draft, _ = suggest_plan(
        one_task_plan({"scope": {"industries": ["H62"]}, "ratio": 0.8}),
        2027,
        {"industry": [row("industry", "H", above=True)]},
    )
    assert draft["tasks"][0]["ratio"] == 1.0


def test_a_changed_ratio_is_rounded_to_four_decimals() -> None:
    plan = one_task_plan({"scope": {"industries": ["H62"]}, "ratio": 0.12345})
    raised, _ = suggest_plan(plan, 2027, {"industry": [row("industry", "H", above=True)]})
    lowered, _ = suggest_plan(plan, 2027, {"industry": [row("industry", "H", below=True)]})
    assert raised["tasks"][0]["ratio"] == 0.1852  # 0.185175
    assert lowered["tasks"][0]["ratio"] == 0.0926  # 0.0925875


def test_an_industry_above_raises_a_stratum_that_is_itself_below() -> None:
    task = {"scope": {"industries": ["H62"]},
            "strata": {"field": "credit_class", "groups": [{"value": "C", "ratio": 0.3}]}}  # fmt: skip
    rows = {"industry": [row("industry", "H", above=True)],
            "credit_class": [row("credit_class", "C", below=True)]}  # fmt: skip
    draft, _ = suggest_plan(one_task_plan(task), 2027, rows)
    assert draft["tasks"][0]["strata"]["groups"][0]["ratio"] == 0.45


def test_an_unflagged_stratum_does_not_stop_the_later_ones() -> None:
    task = {"strata": {"field": "credit_class", "groups": [{"value": "A", "ratio": 0.02},
                                                           {"value": "C", "ratio": 0.3}]}}  # fmt: skip
    draft, _ = suggest_plan(
        one_task_plan(task), 2027, {"credit_class": [row("credit_class", "C", above=True)]}
    )
    assert [g["ratio"] for g in draft["tasks"][0]["strata"]["groups"]] == [0.02, 0.45]


def test_credit_class_floors_apply_to_credit_class_strata_only() -> None:
    regions = {"strata": {"field": "region", "groups": [{"value": "D", "ratio": 0.8}]}}
    draft, _ = suggest_plan(
        one_task_plan(regions), 2027, {"region": [row("region", "D", below=True)]}
    )
    assert draft["tasks"][0]["strata"]["groups"][0]["ratio"] == 0.6  # no 61 % floor for a region
    unbanded = {"strata": {"field": "credit_class", "groups": [{"value": "X", "ratio": 0.2}]}}
    rows = {"credit_class": [row("credit_class", "X", below=True)]}
    draft, _ = suggest_plan(one_task_plan(unbanded), 2027, rows)
    assert draft["tasks"][0]["strata"]["groups"][0]["ratio"] == 0.15  # a class with no band


def test_the_draft_keeps_the_department_and_marks_the_title_a_draft_once() -> None:
    draft, _ = suggest_plan(one_task_plan({}, title="2026年计划（草案）"), 2027, {})
    assert draft["department"] == "SCJG" and draft["title"] == "2027年计划（草案）"
    untitled = {k: v for k, v in PLAN.items() if k != "title"}
    assert suggest_plan(untitled, 2027, {})[0]["title"] == "（草案）"


def test_only_the_first_year_in_a_task_id_moves() -> None:
    draft, _ = suggest_plan(one_task_plan({"id": "2026-SCJG-2026"}), 2027, {})
    assert draft["tasks"][0]["id"] == "2027-SCJG-2026"


def test_a_date_on_29_february_moves_to_28_february() -> None:
    draft, _ = suggest_plan(one_task_plan({}, published="2024-02-29", year=2024), 2025, {})
    assert draft["published"] == "2025-02-28"
