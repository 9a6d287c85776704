"""Benchmark `draw run` and `draw verify` at district scale against computing the tickets.

    python benchmarks/make_district.py            # once: bench-data/district
    python benchmarks/draw_run_bench.py [--data bench-data/district]

Copies the district data into a scratch git repository (bench-data/draw-repo), adds a task
whose population is every active target of credit class A, B or C (3 strata), commits to it,
then measures in one run:
  tickets — computing the ticket of every target id (the floor any draw must pay),
  run     — `draw run` (the service, as the command calls it),
  verify  — `draw verify` of that task,
with the time spent loading records reported separately, and the ratios to `tickets`
(target: run and verify each ≤ 3×, loading excluded).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from generator import records as records_module
from generator import yamlio
from generator.draw import service
from generator.draw.tickets import ticketer

ROOT = Path(__file__).resolve().parent.parent
TASK = "2026-SCJG-99"
CHINA = dt.timezone(dt.timedelta(hours=8))


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def prepare(data: Path, repo: Path) -> None:
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(data / "records", repo / "records")
    plan_path = repo / "records/plans/2026/SCJG.yaml"
    plan = yamlio.parse(plan_path.read_text(encoding="utf-8"), str(plan_path))
    items = plan["tasks"][0]["items"]
    plan["tasks"].append(
        {
            "id": TASK,
            "name": "基准测试：全区 A、B、C 类分层抽查",
            "type": "不定向",
            "items": items,
            "scope": {"credit_classes": ["A", "B", "C"]},
            "strata": {
                "field": "credit_class",
                "groups": [
                    {"value": "A", "ratio": 0.01},
                    {"value": "B", "ratio": 0.03},
                    {"value": "C", "ratio": 0.1},
                ],
            },
            "window": {"start": "2026-12-01", "end": "2026-12-31"},
            "lead_department": "SCJG",
            "officers_per_target": 2,
            "cross_jurisdiction": True,
        }
    )
    plan_path.write_text(yamlio.dump(plan), encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "benchmark")
    git(repo, "config", "user.email", "bench@example.invalid")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "District-scale data")


class LoadTimer:
    """Wraps `records.load` as the service sees it, to report loading separately."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.original = service.load

    def __call__(self, *args: Any, **kwargs: Any) -> records_module.RecordSet:
        started = time.perf_counter()
        try:
            return self.original(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT / "bench-data" / "district")
    parser.add_argument("--repo", type=Path, default=ROOT / "bench-data" / "draw-repo")
    args = parser.parse_args()
    if not (args.data / "records").is_dir():
        print(f"no data at {args.data}: run  python benchmarks/make_district.py")
        return 2
    prepare(args.data, args.repo)
    records = records_module.load(args.repo)  # warms the parse cache, as any earlier command does
    ids = [str(t.data["uscc"]) for t in records.of("target")]
    officers = len(records.of("inspector"))
    print(f"{len(ids)} targets, {officers} officers in the directory")

    started = time.perf_counter()
    ticket_of = ticketer("benchmark-seed-0001")
    tickets = sorted(map(ticket_of, ids))
    tickets_seconds = time.perf_counter() - started
    del tickets
    print(f"tickets  {len(ids)} ids:            {tickets_seconds:6.2f} s")

    def clock(text: str) -> service.Clock:
        moment = dt.datetime.fromisoformat(text).replace(tzinfo=CHINA)
        return lambda: moment

    service.commit(
        args.repo,
        TASK,
        {
            "kind": "beacon",
            "beacon": "drand quicknet",
            "round": 1,
            "available_at": "2026-11-20T10:00:00+08:00",
        },
        clock=clock("2026-11-19T10:00:00"),
    )
    for label, action in (
        (
            "run",
            lambda: service.run(
                args.repo, TASK, "benchmark-seed-0001", clock=clock("2026-11-21T10:00:00")
            ),
        ),
        ("verify", lambda: service.verify(args.repo, TASK)),
    ):
        timer = LoadTimer()
        service.load = timer  # type: ignore[assignment]
        try:
            started = time.perf_counter()
            outcome = action()
            total = time.perf_counter() - started
        finally:
            service.load = timer.original  # type: ignore[assignment]
        work = total - timer.seconds
        print(
            f"{label:7s} total {total:6.2f} s, loading records {timer.seconds:6.2f} s, "
            f"draw work {work:6.2f} s = {work / tickets_seconds:4.1f}× tickets (target ≤ 3×)"
        )
        if label == "run":
            draw = outcome[1]
            selected = sum(len(s["selected"]) for s in draw["strata"])
            pool = len({o["inspector"] for a in draw["assignments"] for o in a["officers"]})
            print(
                f"        population {draw['population']['size']}, selected {selected}, "
                f"officers used {pool}"
            )
        else:
            print(f"        verified: {all(v.ok for v in outcome)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
