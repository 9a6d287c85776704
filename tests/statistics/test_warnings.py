"""早预警: a planted hot spot is found; uniform districts stay quiet (at the stated rate)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.statistics.figures import rate_rows
from generator.statistics.intervals import FDR
from generator.statistics.report import report
from generator.statistics.warnings import compare_categories
from tests.statistics.synthetic import district


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


@settings(max_examples=60, deadline=None)
@given(
    rate=st.floats(min_value=0.1, max_value=0.6),
    per_industry=st.integers(min_value=40, max_value=300),
    sections=st.integers(min_value=2, max_value=8),
)
def test_no_warning_when_every_category_has_one_rate(
    rate: float, per_industry: int, sections: int
) -> None:
    """All categories at the same observed rate: none is above the rest, whatever n."""
    facts = district(dict.fromkeys("CFGHKLMN"[:sections], rate), per_industry, exact=True)
    totals, rows = rate_rows(facts, facts.inspections)
    industry = {"industry": rows["industry"]}
    assert compare_categories({"industry": totals["industry"]}, industry) == []


def test_false_alarms_on_uniform_random_districts_stay_near_the_stated_level() -> None:
    """Many random districts drawn at one true rate: the share with any false warning."""
    runs = 200
    alarmed = 0
    for seed in range(runs):
        facts = district(dict.fromkeys("CFGHKL", 0.12), 150, seed=seed)
        alarmed += bool(report(facts, "2026")["warnings"])
    share = alarmed / runs
    print(f"uniform districts with a false warning: {alarmed}/{runs} = {share:.1%} (FDR {FDR:.0%})")
    # Under no true difference BH keeps the chance of any false warning at or under q
    # (exact binomial tests are conservative); allow sampling noise over 200 runs.
    assert share <= FDR + 0.04


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
