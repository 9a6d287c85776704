"""Benchmark of the pure draw core: tickets, sampling and inspector assignment.

    python benchmarks/draw_bench.py [--targets 200000] [--officers 1500] [--seed S]

Synthetic data only: 200,000 target ids in three credit classes (A 70 %, B 22 %, C 8 %,
sampled at 1 %, 3 % and 10 %), 1,500 officers in four departments over ten offices, a joint
task (lead + one cooperating department, 3 officers per target, cross-jurisdiction, some
conflicts and a previous round for rotation).
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

from spotcheck.draw import (
    AssignmentRules,
    Candidate,
    StratumSpec,
    TargetSlotRequest,
    assign,
    sample,
    ticketer,
)

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
DEPARTMENTS = {"SCJG": 700, "SPYJ": 400, "WGXJ": 250, "JTJ": 150}
T = TypeVar("T")
OFFICES = [f"所{i:02d}" for i in range(10)]


def synthetic_population(n: int, rnd: random.Random) -> dict[str, str | None]:
    classes = rnd.choices(["A", "B", "C"], weights=[70, 22, 8], k=n)
    ids: set[str] = set()
    while len(ids) < n:
        ids.add("9" + rnd.choice("12") + "440114" + "".join(rnd.choices(ALPHABET, k=10)))
    return dict(zip(sorted(ids), classes, strict=True))


def synthetic_officers(total: int, rnd: random.Random, targets: list[str]) -> list[Candidate]:
    scale = total / sum(DEPARTMENTS.values())
    officers = []
    for department, count in DEPARTMENTS.items():
        for i in range(round(count * scale)):
            officers.append(
                Candidate(
                    id=f"{department}-P{i:04d}",
                    department=department,
                    office=rnd.choice(OFFICES),
                    active=rnd.random() > 0.03,
                    valid_from="2023-01-01",
                    valid_until=rnd.choice(["2026-04-30", "2028-12-31", "2029-12-31"]),
                    expert=rnd.random() < 0.05,
                    conflicts=frozenset(rnd.sample(targets, 2)),
                )
            )
    return officers


def timed(repeat: int, fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    """Result and best wall time of `repeat` runs (the minimum is the least noisy on a
    shared machine)."""
    best = float("inf")
    value: T
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return value, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=200_000)
    parser.add_argument("--officers", type=int, default=1_500)
    parser.add_argument("--seed", default="bench-seed-2026")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args()
    rnd = random.Random(20260301)

    population = synthetic_population(args.targets, rnd)
    ids = list(population)

    def all_tickets() -> list[str]:
        ticket_of = ticketer(args.seed)
        return [ticket_of(i) for i in ids]

    _, t_tickets = timed(args.repeat, all_tickets)
    strata = [
        StratumSpec("A", ratio="0.01"),
        StratumSpec("B", ratio="0.03"),
        StratumSpec("C", ratio="0.10"),
    ]
    result, t_sample = timed(args.repeat, sample, population, strata, args.seed, reserves=20)

    selected = [target for target, _ in result.selected_in_ticket_order]
    offices = {target: rnd.choice(OFFICES) for target in selected}
    officers = synthetic_officers(args.officers, rnd, selected)
    previous = {t: frozenset(rnd.sample([o.id for o in officers], 3)) for t in selected[::3]}
    rules = AssignmentRules(
        departments=["SCJG", "SPYJ"],
        window_start="2026-05-01",
        window_end="2026-06-30",
        officers_per_target=3,
        cross_jurisdiction=True,
        previous=previous,
    )
    requests = [TargetSlotRequest(t, offices[t]) for t in selected]
    assignments, t_assign = timed(args.repeat, assign, requests, officers, rules, args.seed)

    pool = {d: sum(1 for o in officers if o.department == d) for d in rules.departments}
    loads = Counter(o.inspector_id for a in assignments for o in a.officers)
    busiest = {d: max(n for i, n in loads.items() if i.startswith(d)) for d in pool}
    print(f"best of {args.repeat} runs")
    print(
        f"population: {len(ids):,} ids in {len(strata)} strata; "
        f"selected {len(selected):,} (+{sum(len(s.reserves) for s in result.strata)} reserves)"
    )
    print(
        f"officers: {len(officers):,} in {len(DEPARTMENTS)} departments; task uses "
        + ", ".join(f"{d} {n}" for d, n in pool.items())
        + f"; {sum(len(a.officers) for a in assignments):,} slots filled"
    )
    print(
        f"tickets for {len(ids):,} ids:   {t_tickets:7.3f} s  "
        f"({t_tickets / len(ids) * 1e6:.2f} µs/ticket)"
    )
    print(f"sample():                  {t_sample:7.3f} s  ({t_sample / t_tickets:.2f}x tickets)")
    print(
        f"assign() {len(requests):,} targets:   {t_assign:7.3f} s  "
        f"({t_assign / len(requests) * 1e3:.2f} ms/target)"
    )
    print("busiest officer per department: " + ", ".join(f"{d} {n}" for d, n in busiest.items()))
    core = t_sample + t_assign
    print(f"draw core (sample+assign): {core:7.3f} s  ({core / t_tickets:.2f}x tickets)")


if __name__ == "__main__":
    main()
