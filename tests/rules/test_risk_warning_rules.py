"""早预警 rules: a planted hot spot warns with its numbers, a uniform district is quiet, small
samples are never ranked, a rise across years warns (the slow checks over many random
districts: tests/statistics/test_false_alarms.py)."""

from __future__ import annotations

from generator.statistics.report import report
from tests.rules.synthetic_facts import district


def test_a_planted_hot_spot_warns_with_its_numbers() -> None:
    facts = district({"C": 0.10, "F": 0.10, "G": 0.10, "H": 0.35}, 120, exact=True)
    stats = report(facts, "2026")
    above = [w for w in stats["warnings"] if w["kind"] == "above"]
    assert [(w["dimension"], w["key"]) for w in above] == [("industry", "H")]
    sentence = above[0]["sentence"]
    # 42/120 = 35.0 %, Wilson 27.1 %–43.9 %; the rest 36/360 = 10.0 %
    assert "问题发现率 35.0%（95% 区间 27.1%–43.9%，n=120），显著高于全区其余的 10.0%" in sentence
    assert "BH 校正 q<0.001" in sentence
    row = next(r for r in stats["rates"]["industry"] if r["key"] == "H")
    assert row["rank"] == 1 and row["above"]


def test_a_uniform_district_is_quiet() -> None:
    stats = report(district(dict.fromkeys("CFGH", 0.15), 100, exact=True), "2026")
    assert stats["warnings"] == [] and stats["notes"] == []


def test_small_samples_are_shown_but_never_ranked_or_warned() -> None:
    facts = district({"C": 0.1, "F": 0.1, "G": 0.1}, 100, exact=True)
    facts.inspections.extend(
        type(facts.inspections[0])("2026", "2026-SCJG-01", f"P{n}", "P", "R1", "A", True)
        for n in range(12)  # 12 of 12 with problems: 100 %, but only 12 inspections
    )
    stats = report(facts, "2026")
    small = next(r for r in stats["rates"]["industry"] if r["key"] == "P")
    assert small["rate"] == 1.0 and not small["enough"] and "rank" not in small
    assert stats["rates"]["industry"][-1] is small  # listed after the ranked ones
    assert not any(w["key"] == "P" for w in stats["warnings"])


def test_a_rising_rate_across_years_warns() -> None:
    facts = district(dict.fromkeys("CF", 0.30), 200, exact=True, earlier=dict.fromkeys("CF", 0.10))
    rising = [w for w in report(facts, "2026")["warnings"] if w["kind"] == "rising"]
    assert ("district", "全区") in {(w["dimension"], w["key"]) for w in rising}
    district_warning = next(w for w in rising if w["dimension"] == "district")
    assert "由 2025 年的 10.0%" in district_warning["sentence"]
    assert "升至 2026 年的 30.0%（95% 区间" in district_warning["sentence"]
    steady = district(dict.fromkeys("CF", 0.2), 200, exact=True, earlier=dict.fromkeys("CF", 0.2))
    assert not [w for w in report(steady, "2026")["warnings"] if w["kind"] == "rising"]
