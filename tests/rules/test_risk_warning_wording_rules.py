"""早预警 rules on the functions themselves: the wording of a warning, which categories are
tested, and the order of notes and rises (the end-to-end cases: test_risk_warning_rules.py)."""

from __future__ import annotations

from typing import Any

import pytest

from spotcheck.statistics.intervals import bh_adjusted, rise_p
from spotcheck.statistics.warnings import (
    category_name,
    compare_categories,
    described,
    low_notes,
    pct,
    q_text,
    rising,
)


def test_a_missing_rate_is_a_dash_and_a_rate_has_one_decimal() -> None:
    assert pct(None) == "—"
    assert pct(0.3104) == "31.0%"


def test_a_category_without_inspections_is_described_as_n_zero() -> None:
    assert described({"n": 0, "rate": None, "low": None, "high": None}) == "—（n=0）"


def test_q_below_one_in_a_thousand_is_written_as_a_bound_and_the_bound_itself_exactly() -> None:
    assert q_text(0.0009) == "q<0.001"
    assert q_text(0.001) == "q=0.001"
    assert q_text(0.0123) == "q=0.012"


def test_an_unknown_dimension_is_named_by_its_key() -> None:
    assert category_name({"dimension": "size", "label": "小型"}) == "size“小型”"


def test_a_category_too_small_to_test_is_neither_above_nor_below() -> None:
    small: dict[str, Any] = {"dimension": "industry", "key": "P", "label": "P", "k": 3, "n": 5}
    big: dict[str, Any] = {"dimension": "industry", "key": "C", "label": "C", "k": 30, "n": 300}
    warnings = compare_categories({"industry": {"k": 33, "n": 305}}, {"industry": [small, big]})
    assert warnings == []
    assert small["enough"] is False and small["above"] is False and small["below"] is False
    assert "p_above" not in small


def note_row(key: str, q: float) -> dict[str, Any]:
    return {
        "dimension": "industry", "key": key, "label": key, "k": 1, "n": 100, "rate": 0.01,
        "low": 0.002, "high": 0.05, "reference": 0.3, "below": True, "q_below": q,
    }  # fmt: skip


def test_low_notes_carry_their_q_and_come_strongest_first() -> None:
    rows = {"industry": [note_row("F", 0.02), note_row("C", 0.0001)]}
    notes = low_notes(rows)
    assert [(n.key, n.q) for n in notes] == [("C", 0.0001), ("F", 0.02)]
    assert notes[1].sentence.endswith("BH 校正 q=0.020）。")


RISE = ("industry", "H", "H")
STEADY = ("industry", "C", "C")
FALLING = ("industry", "F", "F")


def test_a_rise_names_the_district_as_the_whole_and_a_category_by_its_dimension() -> None:
    now = {("district", "全区", "全区"): (60, 200), RISE: (30, 100)}
    before = {("district", "全区", "全区"): (20, 200), RISE: (10, 100)}
    found = rising("2026", now, before, ["2025"])
    sentences = {w.dimension: w.sentence for w in found}
    assert sentences["district"].startswith("全区问题发现率由 2025 年的 10.0%")
    assert sentences["industry"].startswith("行业门类“H”问题发现率由 2025 年的 10.0%")


def test_a_rise_over_three_earlier_years_names_the_first_and_the_last() -> None:
    found = rising("2026", {RISE: (30, 100)}, {RISE: (10, 100)}, ["2023", "2024", "2025"])
    assert [w.sentence.split(" 年的")[0] for w in found] == ["行业门类“H”问题发现率由 2023–2025"]


def test_a_steady_category_before_a_rising_one_does_not_hide_it() -> None:
    now = {STEADY: (20, 100), RISE: (30, 100)}
    before = {STEADY: (20, 100), RISE: (5, 100)}
    assert [w.key for w in rising("2026", now, before, ["2025"])] == ["H"]


def test_every_category_tested_for_a_rise_counts_in_the_correction() -> None:
    # F fell (10 now, 30 before): tested all the same, so H's q is corrected for two tests
    now = {RISE: (30, 100), FALLING: (10, 100)}
    before = {RISE: (5, 100), FALLING: (30, 100)}
    (found,) = rising("2026", now, before, ["2025"])
    expected = bh_adjusted([rise_p(30, 100, 5, 100), rise_p(10, 100, 30, 100)])[0]
    assert found.key == "H" and found.q == pytest.approx(expected)


def test_a_category_never_inspected_is_not_tested_for_a_rise() -> None:
    now = {("industry", "Z", "Z"): (0, 0), RISE: (30, 100)}
    assert [w.key for w in rising("2026", now, {RISE: (5, 100)}, ["2025"])] == ["H"]
