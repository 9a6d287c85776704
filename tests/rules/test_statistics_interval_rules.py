"""The arithmetic under the statistics, checked by hand and against SciPy directly."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from spotcheck.statistics.intervals import (
    above_p,
    below_p,
    bh_adjusted,
    enough_for_test,
    proportion,
    rise_p,
)


def wilson_by_hand(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The textbook Wilson score interval (Wilson 1927), written out only to check."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@pytest.mark.parametrize(("k", "n"), [(3, 10), (0, 30), (39, 264), (84, 84), (1, 1)])
def test_wilson_interval_matches_the_formula_and_scipy(k: int, n: int) -> None:
    found = proportion(k, n)
    low, high = wilson_by_hand(k, n)
    assert found.low == pytest.approx(max(0.0, low), abs=1e-12)
    assert found.high == pytest.approx(min(1.0, high), abs=1e-12)
    direct = stats.binomtest(k, n).proportion_ci(method="wilson")
    assert (found.low, found.high) == (direct.low, direct.high)
    assert found.rate == k / n


def test_known_wilson_figures() -> None:
    # 3/10: 10.8 %–60.3 %; 39/264: 11.0 %–19.6 % (worked by hand)
    assert proportion(3, 10).low == pytest.approx(0.1078, abs=1e-4)
    assert proportion(3, 10).high == pytest.approx(0.6032, abs=1e-4)
    assert proportion(39, 264).low == pytest.approx(0.1103, abs=1e-3)
    assert proportion(39, 264).high == pytest.approx(0.1956, abs=1e-3)


def test_no_inspections_no_rate() -> None:
    assert proportion(0, 0).rate is None and proportion(0, 0).low is None


def test_benjamini_hochberg_on_a_known_example() -> None:
    # sorted 0.005, 0.01, 0.03, 0.04 (m = 4): p·m/rank = 0.02, 0.02, 0.04, 0.04, then the
    # running minimum from the top; back in the given order:
    assert bh_adjusted([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    # the classic case where a later rank pulls an earlier one down: 0.02·3/2 = 0.03 > 0.021·3/3
    assert bh_adjusted([0.001, 0.02, 0.021]) == pytest.approx([0.003, 0.021, 0.021])
    assert bh_adjusted([]) == []


def test_one_sided_tests_against_scipy_and_by_hand() -> None:
    # 5 of 10 against 0 of 10: the hypergeometric tail P(X ≥ 5) with 5 problems among 20,
    # 10 drawn, is C(10,5)·C(10,0)/C(20,5)
    assert above_p(5, 10, 0, 10) == pytest.approx(math.comb(10, 5) / math.comb(20, 5))
    table = [[30, 70], [10, 90]]
    assert above_p(30, 100, 10, 100) == stats.fisher_exact(table, alternative="greater").pvalue
    assert below_p(30, 100, 10, 100) == stats.fisher_exact(table, alternative="less").pvalue
    # rising: 30/100 now against 10/100 before; the other way round does not rise
    assert rise_p(30, 100, 10, 100) < 0.001 < 0.5 < rise_p(10, 100, 30, 100)


def test_enough_for_a_test() -> None:
    assert not enough_for_test(29, 0.5)  # fewer than 30 inspections
    assert not enough_for_test(40, 0.1)  # 4 problems expected, fewer than 5
    assert enough_for_test(50, 0.1)
    assert not enough_for_test(100, 0.97)  # 3 without a problem expected


def test_no_inspections_keeps_its_count_of_problems() -> None:
    assert (proportion(0, 0).k, proportion(0, 0).n) == (0, 0)


def test_enough_for_a_test_at_exactly_the_minimums() -> None:
    assert enough_for_test(30, 0.5)  # exactly 30 inspections
    assert enough_for_test(40, 0.875)  # exactly 5 without a problem expected (40 × 0.125)
    assert enough_for_test(40, 0.125)  # exactly 5 problems expected
