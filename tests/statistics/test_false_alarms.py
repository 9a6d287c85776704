"""早预警 over many districts: no warning when every category shares one rate (any n), and
on uniform random districts the share with a false warning stays near the stated FDR."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spotcheck.statistics.figures import rate_rows
from spotcheck.statistics.intervals import FDR
from spotcheck.statistics.report import report
from spotcheck.statistics.warnings import compare_categories
from tests.rules.synthetic_facts import district


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
