"""Who may be drawn: scope filters, registration status and recent-inspection exclusions."""

from __future__ import annotations

from typing import Any

from spotcheck.draw.population import (
    REASON_INACTIVE,
    REASON_OUT_OF_SCOPE,
    REASON_RECENTLY_INSPECTED,
    PastInspection,
    eligible_population,
    months_before,
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


TASK: dict[str, Any] = {
    "items": ["SCJG-001"],
    "window": {"start": "2026-04-01", "end": "2026-06-30"},
    "strata": {"field": "credit_class", "groups": [{"value": "A", "ratio": 0.1}]},
}


def test_months_before_clamps_to_the_end_of_the_month() -> None:
    assert months_before("2026-04-01", 12) == "2025-04-01"
    assert months_before("2026-03-31", 1) == "2026-02-28"
    assert months_before("2024-01-15", 3) == "2023-10-15"


def test_inactive_and_out_of_scope_targets_are_removed_and_counted() -> None:
    task = {
        **TASK,
        "scope": {"industries": ["H62"], "regions": ["440114001"], "lists": ["经营异常名录"]},
    }
    targets = [
        target("A1", lists=[{"list": "经营异常名录"}]),
        target("A2", lists=[{"list": "经营异常名录"}], status="注销"),
        target("A3"),  # not on the list
        target("A4", lists=[{"list": "经营异常名录"}], industry="F5211"),
        target("A5", lists=[{"list": "经营异常名录"}], region="440114002"),
    ]
    population = eligible_population(task, targets)
    assert population.members == {"A1": "B"}
    assert population.removed[REASON_INACTIVE] == 1
    assert population.removed[REASON_OUT_OF_SCOPE] == 3


def test_recent_inspection_for_the_same_item_excludes() -> None:
    task = {**TASK, "exclusions": {"inspected_within_months": 12}}
    targets = [target(code) for code in ("R1", "R2", "R3", "R4")]
    history = [
        PastInspection("R1", frozenset({"SCJG-001"}), "2025-10-01"),  # same item, 6 months
        PastInspection("R2", frozenset({"SPYP-001"}), "2025-10-01"),  # another item
        PastInspection("R3", frozenset({"SCJG-001"}), "2025-03-31"),  # more than 12 months ago
        PastInspection("R4", frozenset({"SCJG-001"}), "2026-04-01"),  # not before the window
    ]
    population = eligible_population(task, targets, history)
    assert set(population.members) == {"R2", "R3", "R4"}
    assert population.removed[REASON_RECENTLY_INSPECTED] == 1


def test_without_an_exclusion_history_does_not_matter() -> None:
    history = [PastInspection("R1", frozenset({"SCJG-001"}), "2026-01-01")]
    assert set(eligible_population(TASK, [target("R1")], history).members) == {"R1"}


def test_unstratified_tasks_put_everyone_in_one_stratum() -> None:
    task = {"items": ["SCJG-001"], "ratio": 0.5, "window": TASK["window"]}
    population = eligible_population(task, [target("U1", credit_class="A"), target("U2")])
    assert population.members == {"U1": None, "U2": None}
