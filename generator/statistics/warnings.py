"""早预警: categories whose problem rate is significantly above the district's, and rates
rising from earlier years to this one. Pure: rate rows in, annotated rows and sentences out.

The tests (docs/statistics.md says the same to readers):
- Above the district: for each industry, region, item and credit class with enough
  inspections (`intervals.enough_for_test`, judged at the rest's rate), a one-sided Fisher
  exact test of the category's k out of n against the rest of the district (the category
  excluded), (K − k) out of (N − n). A category with too few is 样本不足: not tested,
  never ranked.
- Below the district: the same test the other way; it warns of nothing, but
  `suggestions` lowers ratios only where a rate is significantly low.
- Rising: this year's k/n against all earlier years pooled, one-sided Fisher exact test,
  for the district and each category with enough inspections in both periods.
- Each family of tests (above, below, rising) is corrected for multiple comparisons by
  Benjamini–Hochberg at q = 0.05 across all dimensions' categories together: of the
  warnings shown, about 5 % or fewer are expected to be false alarms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from spotcheck.statistics.facts import DIMENSIONS
from spotcheck.statistics.intervals import (
    FDR,
    above_p,
    below_p,
    bh_adjusted,
    enough_for_test,
    proportion,
    rise_p,
)

INSUFFICIENT = "样本不足"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def described(row: Mapping[str, Any]) -> str:
    """31.0%（95% 区间 22.4%–41.2%，n=84）, or —（n=0）."""
    if not row["n"]:
        return "—（n=0）"
    return f"{pct(row['rate'])}（95% 区间 {pct(row['low'])}–{pct(row['high'])}，n={row['n']}）"


def q_text(q: float) -> str:
    return "q<0.001" if q < 0.001 else f"q={q:.3f}"


def category_name(row: Mapping[str, Any]) -> str:
    return f"{DIMENSIONS.get(row['dimension'], row['dimension'])}“{row['label']}”"


@dataclass(frozen=True)
class RiskWarning:
    kind: str  # "above", "rising" or "below" (a note, not a warning)
    dimension: str  # a key of DIMENSIONS, or "district"
    key: str
    q: float
    sentence: str


def compare_categories(
    totals: Mapping[str, Mapping[str, Any]], rows: Mapping[str, list[dict[str, Any]]]
) -> list[RiskWarning]:
    """Annotate each rate row with `reference` (the rest of the district's rate), `enough`,
    p- and q-values and `above` / `below` flags; return the warnings, strongest first."""
    tested: list[dict[str, Any]] = []
    for dimension, category_rows in rows.items():
        total_k, total_n = totals[dimension]["k"], totals[dimension]["n"]
        for row in category_rows:
            rest_n = total_n - row["n"]
            reference = (total_k - row["k"]) / rest_n if rest_n else None
            row["reference"] = reference
            row["enough"] = reference is not None and enough_for_test(row["n"], reference)
            row["above"] = row["below"] = False
            if row["enough"]:
                rest_k = total_k - row["k"]
                row["p_above"] = above_p(row["k"], row["n"], rest_k, rest_n)
                row["p_below"] = below_p(row["k"], row["n"], rest_k, rest_n)
                tested.append(row)
    for side in ("above", "below"):
        for row, q in zip(tested, bh_adjusted([r[f"p_{side}"] for r in tested]), strict=True):
            row[f"q_{side}"] = q
            row[side] = q <= FDR
    warnings = [
        RiskWarning(
            "above",
            row["dimension"],
            row["key"],
            row["q_above"],
            f"{category_name(row)}问题发现率 {described(row)}，显著高于全区其余的 "
            f"{pct(row['reference'])}（单侧 Fisher 精确检验，BH 校正 {q_text(row['q_above'])}）。",
        )
        for row in tested
        if row["above"]
    ]
    return sorted(warnings, key=lambda w: w.q)


def low_notes(rows: Mapping[str, list[dict[str, Any]]]) -> list[RiskWarning]:
    """Categories significantly below the rest of the district (after `compare_categories`):
    not a warning, but where `suggestions` may lower a ratio."""
    notes = [
        RiskWarning(
            "below",
            row["dimension"],
            row["key"],
            row["q_below"],
            f"{category_name(row)}问题发现率 {described(row)}，显著低于全区其余的 "
            f"{pct(row['reference'])}（单侧 Fisher 精确检验，BH 校正 {q_text(row['q_below'])}）。",
        )
        for category_rows in rows.values()
        for row in category_rows
        if row.get("below")
    ]
    return sorted(notes, key=lambda w: w.q)


def rising(
    year: str,
    now: Mapping[str, Any],
    before: Mapping[str, Any],
    earlier_years: list[str],
) -> list[RiskWarning]:
    """Rates rising from the earlier years (pooled) to `year`. `now` and `before` map
    (dimension, key, label) → (problems, inspections); dimension "district" is the whole."""
    tested = []
    for (dimension, key, label), (k_now, n_now) in now.items():
        k_before, n_before = before.get((dimension, key, label), (0, 0))
        pooled = (k_now + k_before) / (n_now + n_before) if n_now + n_before else 0.0
        if enough_for_test(n_now, pooled) and enough_for_test(n_before, pooled):
            p = rise_p(k_now, n_now, k_before, n_before)
            tested.append((dimension, key, label, k_now, n_now, k_before, n_before, p))
    qs = bh_adjusted([t[-1] for t in tested])
    span = (
        f"{earlier_years[0]}–{earlier_years[-1]}"
        if len(earlier_years) > 1
        else "".join(earlier_years)
    )
    found = []
    for (dimension, key, label, k_now, n_now, k_before, n_before, _), q in zip(
        tested, qs, strict=True
    ):
        if q > FDR:
            continue
        then = {"n": n_before, **_interval(k_before, n_before)}
        this = {"n": n_now, **_interval(k_now, n_now)}
        name = (
            "全区"
            if dimension == "district"
            else category_name({"dimension": dimension, "label": label})
        )
        found.append(
            RiskWarning(
                "rising",
                dimension,
                key,
                q,
                f"{name}问题发现率由 {span} 年的 {described(then)} 升至 {year} 年的 "
                f"{described(this)}，上升显著（单侧 Fisher 精确检验，BH 校正 {q_text(q)}）。",
            )
        )
    return sorted(found, key=lambda w: w.q)


def _interval(k: int, n: int) -> dict[str, Any]:
    p = proportion(k, n)
    return {"rate": p.rate, "low": p.low, "high": p.high}
