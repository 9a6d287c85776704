"""Proportions with 95 % Wilson intervals, the tests behind the warnings, and the
Benjamini–Hochberg correction. SciPy does the arithmetic; nothing here is hand-derived.

- Wilson interval: `scipy.stats.binomtest(k, n).proportion_ci(method="wilson")`.
- A category above (below) the rest of the district, or this year above the earlier years:
  one-sided Fisher exact test on the 2×2 table (problems, no problems) × (the category, the
  rest), `fisher_exact(…, alternative="greater" | "less")`. Both rates are estimates, so a
  one-sample binomial test against the rest's observed rate would warn too often (≈ 13 %
  instead of ≤ 5 % of uniform synthetic districts in tests/statistics/test_false_alarms.py).
- Many categories at once: Benjamini–Hochberg adjusted p-values (q-values),
  `scipy.stats.false_discovery_control(p, method="bh")`; a test is significant at q ≤ 0.05.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType


def _scipy_stats() -> ModuleType:
    # imported when first needed: SciPy takes ~0.5–1 s to import, and every `spotcheck`
    # command imports this module while building its parser (`validate` warm is ~0.3 s)
    from scipy import stats

    return stats


def import_in_background() -> None:
    """Start importing SciPy on a thread, for a command about to spend seconds loading records
    (mostly waiting for its worker processes): the import then costs it nothing."""
    import threading

    threading.Thread(target=_scipy_stats, name="import-scipy", daemon=True).start()


CONFIDENCE = 0.95
FDR = 0.05  # Benjamini–Hochberg level: expected share of false warnings among the warnings
# A category is compared only with enough inspections: at least this many …
MIN_INSPECTIONS = 30
# … and at least this many problems expected at the reference rate (and as many without):
# with fewer, no test can tell a real difference from chance, so the category is shown as
# 样本不足 and never ranked.
MIN_EXPECTED = 5


@dataclass(frozen=True)
class Proportion:
    """k out of n, its rate and 95 % Wilson interval (all None when n is 0)."""

    k: int
    n: int
    rate: float | None
    low: float | None
    high: float | None


def proportion(k: int, n: int) -> Proportion:
    if n <= 0:
        return Proportion(k, n, None, None, None)
    interval = (
        _scipy_stats().binomtest(k, n).proportion_ci(confidence_level=CONFIDENCE, method="wilson")
    )
    return Proportion(k, n, k / n, float(interval.low), float(interval.high))


def enough_for_test(n: int, reference_rate: float) -> bool:
    """Enough inspections to compare a category with a reference rate (see the constants)."""
    return (
        n >= MIN_INSPECTIONS
        and n * reference_rate >= MIN_EXPECTED
        and n * (1 - reference_rate) >= MIN_EXPECTED
    )


def _fisher(k: int, n: int, k_other: int, n_other: int, alternative: str) -> float:
    table = [[k, n - k], [k_other, n_other - k_other]]
    return float(_scipy_stats().fisher_exact(table, alternative=alternative).pvalue)


def above_p(k: int, n: int, k_other: int, n_other: int) -> float:
    """One-sided p-value that k/n exceeds k_other/n_other (Fisher exact)."""
    return _fisher(k, n, k_other, n_other, "greater")


def below_p(k: int, n: int, k_other: int, n_other: int) -> float:
    """One-sided p-value that k/n is below k_other/n_other (Fisher exact)."""
    return _fisher(k, n, k_other, n_other, "less")


def rise_p(k_now: int, n_now: int, k_before: int, n_before: int) -> float:
    """One-sided p-value that the rate now exceeds the rate before (Fisher exact)."""
    return above_p(k_now, n_now, k_before, n_before)


def bh_adjusted(pvalues: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg adjusted p-values (q-values), in the order given."""
    if not pvalues:
        return []
    return [float(q) for q in _scipy_stats().false_discovery_control(list(pvalues), method="bh")]
