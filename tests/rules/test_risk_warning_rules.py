"""早预警 rules: a planted hot spot warns with its numbers, a uniform district is quiet, small
samples are never ranked, a rise across years warns (the slow checks over many random
districts: tests/statistics/test_false_alarms.py)."""

from __future__ import annotations

from spotcheck.statistics.report import report
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


def test_a_rise_names_the_earlier_years_and_needs_enough_in_both() -> None:
    facts = district(dict.fromkeys("CF", 0.30), 200, exact=True, earlier=dict.fromkeys("CF", 0.10))
    older = district(dict.fromkeys("CF", 0.10), 200, exact=True, year="2024")
    facts.inspections += older.inspections
    facts.tasks += older.tasks
    rising = [w for w in report(facts, "2026")["warnings"] if w["kind"] == "rising"]
    assert rising and all("由 2024–2025 年的" in w["sentence"] for w in rising)
    # a category with too few before is not compared, however its rate moved
    few = district({"C": 0.30}, 200, exact=True, earlier={"C": 0.0})
    few.inspections = [i for i in few.inspections if i.year == "2026" or int(i.target[-5:]) < 20]
    assert not [w for w in report(few, "2026")["warnings"] if w["kind"] == "rising"]


def test_a_low_category_is_a_note_not_a_warning() -> None:
    stats = report(district({"C": 0.02, "F": 0.3, "G": 0.3, "H": 0.3}, 150, exact=True), "2026")
    assert [(n["kind"], n["dimension"], n["key"]) for n in stats["notes"]] == [
        ("below", "industry", "C")
    ]
    sentence = stats["notes"][0]["sentence"]
    assert sentence.startswith("行业门类“C”问题发现率 2.0%（95% 区间")
    assert "显著低于全区其余的 30.0%（单侧 Fisher 精确检验，BH 校正 q<0.001）。" in sentence
    assert not any(w["key"] == "C" for w in stats["warnings"])
