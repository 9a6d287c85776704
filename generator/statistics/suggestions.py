"""Next year's ratios (第三阶段 fed back into the plan): last year's plan of a department,
with ratios raised where the problem rate was significantly above the district's and
lowered where it was significantly below, the legal minimums kept. Pure: a plan (as data)
and the annotated rate rows in, a draft plan and the reasons out.

The rule (docs/domain.md, "Plans and tasks"): raise ratio and frequency for high-risk
industries and entities; otherwise enough coverage without over-inspection.
- A stratum of credit class or region, or a task whose industry scope lies in an industry
  section, significantly above the district (`warnings`, BH q ≤ 0.05): ratio × 1.5, at
  most 100 %; a fixed count × 1.5, rounded up.
- Significantly below: ratio × 0.75, never under the floor; a fixed count is kept (its
  population, hence its ratio, is not known here).
- Floors: 不定向 ≥ 3 %, 定向 ≥ 10 % of the population (企业公示信息抽查办法 art. 4–5) for a
  task's overall ratio; per credit class the lower end of the common band A ≤ 5 %,
  B 5–20 %, C 21–60 %, D 61–100 %. A ratio already under its floor is never lowered.
- Tasks drawn from the 经营异常名录 or 严重违法失信名单 stay at 100 %.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from spotcheck.statistics.facts import DIMENSIONS
from spotcheck.statistics.warnings import described, pct

RAISE = 1.5
LOWER = 0.75
TYPE_MINIMUM = {"不定向": 0.03, "定向": 0.10}
CREDIT_CLASS_FLOOR = {"A": 0.0, "B": 0.05, "C": 0.21, "D": 0.61}
STRATUM_DIMENSIONS = {"credit_class": "credit_class", "region": "region"}


def _flags(rows: Mapping[str, list[dict[str, Any]]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(dimension, key) → the rate row, for categories significantly above or below."""
    return {
        (row["dimension"], row["key"]): row
        for category_rows in rows.values()
        for row in category_rows
        if row.get("above") or row.get("below")
    }


def _why(row: Mapping[str, Any]) -> str:
    side = "高于" if row.get("above") else "低于"
    return (
        f"{DIMENSIONS[row['dimension']]}“{row['label']}”问题发现率 {described(row)}，"
        f"显著{side}全区其余的 {pct(row['reference'])}"
    )


def _adjust(ratio: float, row: Mapping[str, Any], floor: float) -> float:
    if row.get("above"):
        return round(min(1.0, ratio * RAISE), 4)
    if ratio <= floor:
        return ratio
    return round(max(floor, ratio * LOWER), 4)


def _next_year(value: Any, years: int) -> Any:
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return value
    try:
        return day.replace(year=day.year + years).isoformat()
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28).isoformat()


def _industry_row(
    task: Mapping[str, Any], flags: Mapping[tuple[str, str], dict[str, Any]]
) -> dict[str, Any] | None:
    """The flag of the industry section a task's whole industry scope lies in, if any."""
    prefixes = (task.get("scope") or {}).get("industries") or []
    sections = {str(p)[:1] for p in prefixes}
    if len(sections) != 1:
        return None
    return flags.get(("industry", sections.pop()))


def suggest_plan(
    plan: Mapping[str, Any], year: int, rows: Mapping[str, list[dict[str, Any]]]
) -> tuple[dict[str, Any], list[str]]:
    """A draft of `plan` for `year` with adjusted ratios, and one reason per change."""
    flags = _flags(rows)
    old_year = str(plan.get("year"))
    shift = year - int(old_year)
    draft: dict[str, Any] = {
        "id": f"{year}-{plan.get('department')}",
        "year": year,
        "department": plan.get("department"),
        "title": str(plan.get("title", "")).replace(old_year, str(year)).removesuffix("（草案）")
        + "（草案）",
        "published": _next_year(plan.get("published"), shift),
        "tasks": [],
    }
    reasons: list[str] = []
    for source in plan.get("tasks") or []:
        task = copy.deepcopy(dict(source))
        task["id"] = str(task["id"]).replace(old_year, str(year), 1)
        window = task.get("window") or {}
        task["window"] = {k: _next_year(v, shift) for k, v in window.items()}
        task["since_version"] = 1
        draft["tasks"].append(task)
        if (task.get("scope") or {}).get("lists"):
            continue  # 经营异常名录 / 严重违法失信名单: 100 % by rule
        industry = _industry_row(task, flags)
        type_floor = TYPE_MINIMUM.get(str(task.get("type")), 0.0)
        strata = task.get("strata") or {}
        dimension = STRATUM_DIMENSIONS.get(str(strata.get("field")))
        for group in strata.get("groups") or []:
            row = flags.get((dimension, str(group.get("value")))) if dimension else None
            row = industry if industry and (industry.get("above") or not row) else row
            if row is None:
                continue
            floor = (
                CREDIT_CLASS_FLOOR.get(str(group.get("value")), 0.0)
                if dimension == ("credit_class")
                else 0.0
            )
            where = f"{task['id']} 分层“{group.get('value')}”"
            reasons += _change(group, row, floor, where)
        if industry is not None and not strata:
            reasons += _change(task, industry, type_floor, task["id"])
    return draft, reasons


def _change(entry: dict[str, Any], row: Mapping[str, Any], floor: float, where: str) -> list[str]:
    """Adjust an entry's ratio (or count) in place; the reason, if it changed."""
    if "ratio" in entry:
        old = float(entry["ratio"])
        new = _adjust(old, row, floor)
        if new == old:
            return []
        entry["ratio"] = new
        return [f"{where}：抽查比例 {pct(old)} → {pct(new)}（{_why(row)}）"]
    if "count" in entry and row.get("above"):
        old_count = int(entry["count"])
        entry["count"] = math.ceil(old_count * RAISE)
        return [f"{where}：抽查数量 {old_count} → {entry['count']} 户（{_why(row)}）"]
    return []
