"""Synthetic districts as plain facts: categories with chosen problem rates."""

from __future__ import annotations

import random
from collections.abc import Mapping

from spotcheck.statistics.facts import District, InspectionFact, TaskFact


def district(
    rates: Mapping[str, float],
    per_industry: int,
    *,
    seed: int = 0,
    year: str = "2026",
    exact: bool = False,
    earlier: Mapping[str, float] | None = None,
) -> District:
    """Inspections in industry sections `rates` (section → problem rate), `per_industry`
    each, spread over four regions and credit classes; `exact` makes each section's problems
    exactly round(rate × n) instead of random draws. `earlier` adds the year before."""
    found = District(
        today=f"{year}-12-31",
        departments={"SCJG": "区市场监管局"},
        items={"SCJG-001": ("SCJG", "企业公示信息的抽查", True)},
        labels={"industry": {}, "region": {}, "item": {}, "credit_class": {}},
    )
    for when, table in ((year, rates), (str(int(year) - 1), earlier or {})):
        rng = random.Random(f"{seed}-{when}")
        for section, rate in table.items():
            problems = round(rate * per_industry)
            for n in range(per_industry):
                problem = n < problems if exact else rng.random() < rate
                found.inspections.append(
                    InspectionFact(
                        year=when,
                        task=f"{when}-SCJG-01",
                        target=f"{when}{section}{n:05d}",
                        industry=section,
                        region="R" + "1234"[n % 4],
                        credit_class="ABCD"[(n // 4) % 4],
                        problem=problem,
                        items=(("SCJG-001", problem),),
                    )
                )
        if table:
            found.tasks.append(
                TaskFact(
                    f"{when}-SCJG-01",
                    when,
                    "不定向抽查",
                    ("SCJG",),
                    False,
                    ("SCJG-001",),
                    True,
                    True,
                )
            )
    return found
