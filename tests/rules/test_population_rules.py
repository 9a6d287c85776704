"""Population rules: who may be drawn for a task, generator/draw/population.py.

- only targets whose registration status is 存续 take part;
- the scope limits regions, entity types, credit classes, offices (any listed value), industry
  code prefixes and list memberships; every given scope field must hold;
- a target inspected for one of the task's items in the `inspected_within_months` months before
  the window starts is excluded (from that day on, up to but not including the window start);
- the stratum value is the stratifying field (credit class by default) when the task has
  strata groups, else every target is in the one unnamed stratum;
- each rule's removals are counted.
"""

from __future__ import annotations

from typing import Any

import pytest

from spotcheck.draw.population import (
    ACTIVE_STATUS,
    DEFAULT_STRATUM_FIELD,
    REASON_INACTIVE,
    REASON_OUT_OF_SCOPE,
    REASON_RECENTLY_INSPECTED,
    SCOPE_FIELDS,
    PastInspection,
    eligible_population,
    months_before,
    scope_filters,
)


def target(uscc: str, **fields: Any) -> dict[str, Any]:
    base = {
        "uscc": uscc,
        "status": "存续",
        "industry": "H6210",
        "region": "440114001",
        "entity_type": "有限责任公司",
        "credit_class": "B",
        "office": "SCJG-XH",
        "lists": [],
    }
    return {**base, **fields}


def task(**fields: Any) -> dict[str, Any]:
    return {"items": ["SCJG-001"], "window": {"start": "2026-04-01", "end": "2026-06-30"}, **fields}


def removed(inactive: int = 0, out_of_scope: int = 0, recently: int = 0) -> dict[str, int]:
    return {
        REASON_INACTIVE: inactive,
        REASON_OUT_OF_SCOPE: out_of_scope,
        REASON_RECENTLY_INSPECTED: recently,
    }


def test_reason_names_are_the_published_chinese_terms() -> None:
    assert (REASON_INACTIVE, REASON_OUT_OF_SCOPE, REASON_RECENTLY_INSPECTED) == (
        "登记状态非存续",
        "不在任务范围内",
        "近期已就相同事项检查",
    )
    assert ACTIVE_STATUS == "存续" and DEFAULT_STRATUM_FIELD == "credit_class"


# --- registration status -----------------------------------------------------------------


def test_only_active_targets_take_part_and_the_others_are_counted() -> None:
    targets = [target("A"), target("B", status="注销"), target("C", status="吊销"), target("D")]
    found = eligible_population(task(), targets)
    assert found.members == {"A": None, "D": None}
    assert found.removed == removed(inactive=2)


def test_a_target_without_a_status_is_not_active() -> None:
    found = eligible_population(task(), [{"uscc": "A"}])
    assert found.members == {} and found.removed == removed(inactive=1)


# --- scope ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("scope_key", "field"), SCOPE_FIELDS)
def test_each_scope_field_admits_any_listed_value_and_nothing_else(
    scope_key: str, field: str
) -> None:
    targets = [target("A", **{field: "x"}), target("B", **{field: "y"}), target("C")]
    targets.append(target("D", **{field: "z"}))
    found = eligible_population(task(scope={scope_key: ["x", "z"]}), targets)
    assert found.members == {"A": None, "D": None}
    assert found.removed == removed(out_of_scope=2)


def test_every_given_scope_field_must_hold() -> None:
    scope = {"regions": ["R1"], "credit_classes": ["A"], "offices": ["O1"]}
    targets = [
        target("all", region="R1", credit_class="A", office="O1"),
        target("region only", region="R1", credit_class="B", office="O2"),
        target("two of three", region="R1", credit_class="A", office="O2"),
        target("last two", region="R2", credit_class="A", office="O1"),
    ]
    found = eligible_population(task(scope=scope), targets)
    assert list(found.members) == ["all"]
    assert found.removed == removed(out_of_scope=3)


def test_an_empty_scope_list_does_not_restrict() -> None:
    found = eligible_population(task(scope={"regions": [], "industries": []}), [target("A")])
    assert list(found.members) == ["A"]


def test_industry_scope_matches_code_prefixes() -> None:
    targets = [
        target("A", industry="H6210"),
        target("B", industry="F5211"),
        target("C", industry="H62"),
        target("D", industry="C1310"),
        {k: v for k, v in target("E").items() if k != "industry"},
    ]
    found = eligible_population(task(scope={"industries": ["H621", "F"]}), targets)
    assert list(found.members) == ["A", "B"]
    assert found.removed == removed(out_of_scope=3)


@pytest.mark.parametrize("prefix", ["N", "X", "None"])
def test_a_target_without_an_industry_code_matches_no_industry_prefix(prefix: str) -> None:
    without = {k: v for k, v in target("A").items() if k != "industry"}
    found = eligible_population(task(scope={"industries": [prefix]}), [without])
    assert found.members == {} and found.removed == removed(out_of_scope=1)


def test_list_scope_needs_membership_of_one_listed_list() -> None:
    targets = [
        target("A", lists=[{"list": "重点"}, {"list": "其他"}]),
        target("B", lists=[{"list": "其他"}]),
        target("C", lists=[]),
        {k: v for k, v in target("D").items() if k != "lists"},
        target("E", lists=[{"list": "异常"}]),
    ]
    found = eligible_population(task(scope={"lists": ["重点", "异常"]}), targets)
    assert list(found.members) == ["A", "E"]
    assert found.removed == removed(out_of_scope=3)


def test_industry_and_list_scope_must_both_hold() -> None:
    scope = {"industries": ["H"], "lists": ["重点"], "regions": ["R1"]}
    targets = [
        target("A", industry="H1", lists=[{"list": "重点"}], region="R1"),
        target("B", industry="F1", lists=[{"list": "重点"}], region="R1"),
        target("C", industry="H1", lists=[], region="R1"),
        target("D", industry="H1", lists=[{"list": "重点"}], region="R2"),
    ]
    found = eligible_population(task(scope=scope), targets)
    assert list(found.members) == ["A"]


def test_scope_filters_without_prefixes_or_lists_need_no_predicate() -> None:
    exact, predicate = scope_filters({"regions": ["R1", "R2"], "offices": None})
    assert exact == [("region", frozenset({"R1", "R2"}))]
    assert predicate is None
    _, predicate = scope_filters({"industries": ["H"]})
    assert predicate is not None and predicate({"industry": "H1"})
    assert not predicate({"industry": "F1"})
    _, predicate = scope_filters({"lists": ["重点"]})
    assert predicate is not None and predicate({"lists": [{"list": "重点"}]})
    assert not predicate({})


# --- recent inspection ------------------------------------------------------------------------


def past(uscc: str, start: str, *items: str) -> PastInspection:
    return PastInspection(uscc, frozenset(items or ("SCJG-001",)), start)


def test_inspected_on_the_first_day_of_the_exclusion_period_is_excluded() -> None:
    history = [past("A", "2025-04-01")]
    found = eligible_population(
        task(exclusions={"inspected_within_months": 12}), [target("A")], history
    )
    assert found.members == {} and found.removed == removed(recently=1)


def test_every_recently_inspected_target_is_counted() -> None:
    history = [past("A", "2026-01-01"), past("B", "2026-02-01")]
    found = eligible_population(
        task(exclusions={"inspected_within_months": 12}), [target("A"), target("B")], history
    )
    assert found.members == {} and found.removed == removed(recently=2)


def test_inspected_the_day_before_the_exclusion_period_is_not_excluded() -> None:
    history = [past("A", "2025-03-31")]
    found = eligible_population(
        task(exclusions={"inspected_within_months": 12}), [target("A")], history
    )
    assert list(found.members) == ["A"] and found.removed == removed()


def test_a_task_starting_the_same_day_does_not_exclude() -> None:
    history = [past("A", "2026-04-01")]
    found = eligible_population(
        task(exclusions={"inspected_within_months": 12}), [target("A")], history
    )
    assert list(found.members) == ["A"]


def test_inspected_the_day_before_the_window_is_excluded() -> None:
    history = [past("A", "2026-03-31")]
    found = eligible_population(
        task(exclusions={"inspected_within_months": 1}), [target("A")], history
    )
    assert found.members == {}


def test_only_an_inspection_of_one_of_the_tasks_items_excludes() -> None:
    history = [past("A", "2026-01-01", "OTHER"), past("B", "2026-01-01", "OTHER", "SCJG-001")]
    found = eligible_population(
        task(exclusions={"inspected_within_months": 12}), [target("A"), target("B")], history
    )
    assert list(found.members) == ["A"] and found.removed == removed(recently=1)


def test_without_the_exclusion_rule_history_does_not_matter() -> None:
    history = [past("A", "2026-01-01")]
    assert list(eligible_population(task(), [target("A")], history).members) == ["A"]
    no_window = task(exclusions={"inspected_within_months": 12}, window={})
    assert list(eligible_population(no_window, [target("A")], history).members) == ["A"]
    zero = task(exclusions={"inspected_within_months": 0})
    assert list(eligible_population(zero, [target("A")], history).members) == ["A"]


def test_status_is_checked_before_scope_and_scope_before_recent_inspection() -> None:
    history = [past("A", "2026-01-01"), past("B", "2026-01-01"), past("C", "2026-01-01")]
    targets = [target("A", status="注销", region="R2"), target("B", region="R2"), target("C")]
    found = eligible_population(
        task(scope={"regions": ["440114001"]}, exclusions={"inspected_within_months": 12}),
        targets,
        history,
    )
    assert found.removed == removed(inactive=1, out_of_scope=1, recently=1)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-04-01", 12, "2025-04-01"),
        ("2026-03-31", 1, "2026-02-28"),
        ("2024-03-31", 1, "2024-02-29"),
        ("2026-01-15", 1, "2025-12-15"),
        ("2026-12-31", 1, "2026-11-30"),
        ("2026-01-31", 2, "2025-11-30"),
        ("2026-05-31", 0, "2026-05-31"),
        ("2026-12-15", 11, "2026-01-15"),
        ("2026-12-15", 12, "2025-12-15"),
        ("2026-11-30", 23, "2024-12-30"),
    ],
)
def test_months_before_counts_calendar_months_clamped_to_the_month_end(
    day: str, months: int, expected: str
) -> None:
    assert months_before(day, months) == expected


# --- the stratum value ----------------------------------------------------------------------


def test_with_strata_groups_the_credit_class_is_the_default_stratum_field() -> None:
    strata = {"groups": [{"value": "A", "ratio": 0.1}]}
    targets = [target("A", credit_class="A"), target("B", credit_class="C")]
    assert eligible_population(task(strata=strata), targets).members == {"A": "A", "B": "C"}


def test_the_named_stratum_field_gives_the_value_as_text() -> None:
    strata = {"field": "size", "groups": [{"value": "1", "count": 1}]}
    targets = [target("A", size=1), target("B", size="2"), target("C")]
    found = eligible_population(task(strata=strata), targets)
    assert found.members == {"A": "1", "B": "2", "C": None}


def test_without_strata_groups_everyone_is_in_the_one_stratum() -> None:
    targets = [target("A", credit_class="A"), target("B")]
    found = eligible_population(task(strata={"field": "credit_class", "groups": []}), targets)
    assert found.members == {"A": None, "B": None}
    assert eligible_population(task(strata=None), targets).members == {"A": None, "B": None}
