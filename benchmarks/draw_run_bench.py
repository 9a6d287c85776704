"""Benchmark `draw run` and `draw verify` at district scale against computing the tickets.

    python benchmarks/make_district.py            # once: bench-data/district
    python benchmarks/draw_run_bench.py [--data bench-data/district]

Copies the district data into a scratch git repository (bench-data/draw-repo), adds a task
whose population is every active target of credit class A, B or C (3 strata), commits to it,
then measures in one run, over --repeat rounds (default 5):
  tickets — computing the ticket of every target id (the floor any draw must pay),
  run     — `draw run` (the service, as the command calls it),
  verify  — `draw verify` of that task,
with the time spent loading records reported separately, and the ratios to `tickets`
(target: run and verify each ≤ 3×, loading excluded).  On a shared machine whose speed drifts,
the verdict is the median of the rounds' ratios (each round's steps run one after another, on
the same machine state); the fastest time of each step is printed as well.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from spotcheck import gitops, yamlio
from spotcheck import records as records_module
from spotcheck.draw import engine, service
from spotcheck.draw.tickets import ticketer
from spotcheck.records import cache as records_cache

ROOT = Path(__file__).resolve().parent.parent
TASK = "2026-SCJG-99"
CHINA = dt.timezone(dt.timedelta(hours=8))
DATA_DATE = "2026-11-01T10:00:00+08:00"


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
    # dated before the simulated times of the draw steps (2026-11-19 on): outside a demo
    # repository no step may commit before its parent commit's date
    dated = {"GIT_AUTHOR_DATE": DATA_DATE, "GIT_COMMITTER_DATE": DATA_DATE}
    subprocess.run(
        ["git", "-C", str(repo), "commit", "-qm", "District-scale data"],
        check=True,
        capture_output=True,
        env={**os.environ, **dated},
    )
    os.sync()  # the copy's writeback would otherwise run during the timings


class LoadTimer:
    """Wraps `records.load` as the service sees it, to report loading separately.

    Freeing the loaded records is loading's cost too (~0.2 s for 200,000 targets, paid when
    the command lets go of them): the timer keeps them until `free()` times their release.
    """

    def __init__(self) -> None:
        self.seconds = 0.0
        self.original = service.load
        self.loaded: list[records_module.RecordSet] = []

    def __call__(self, *args: Any, **kwargs: Any) -> records_module.RecordSet:
        started = time.perf_counter()
        try:
            records = self.original(*args, **kwargs)
            self.loaded.append(records)
            return records
        finally:
            self.seconds += time.perf_counter() - started

    def free(self) -> None:
        started = time.perf_counter()
        self.loaded.clear()
        self.seconds += time.perf_counter() - started


class Breakdown:
    """With --breakdown: where the draw work goes, by wrapping the engine's steps."""

    STEPS = (
        (engine, "stratified_population", "population (scope, status, exclusions, strata)"),
        (engine, "sample_groups", "sampling (lowest tickets per stratum)"),
        (engine, "assign", "assigning officers"),
        (engine, "population_file_and_digest", "population digests"),
        (service, "_schema_check", "schema check of the new record"),
        (service, "_yaml", "writing the YAML"),
        (gitops, "commit_files", "git commit"),
    )

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.originals: list[tuple[Any, str, Any]] = []

    def install(self) -> None:
        for module, name, label in self.STEPS:
            original = getattr(module, name)
            self.originals.append((module, name, original))
            setattr(module, name, self._timed(original, label))

    def _timed(self, function: Any, label: str) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started

        return timed

    def report(self) -> str:
        lines = [
            f"          {label:48s} {seconds:5.2f} s" for label, seconds in self.seconds.items()
        ]
        self.seconds.clear()
        return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT / "bench-data" / "district")
    parser.add_argument("--repo", type=Path, default=ROOT / "bench-data" / "draw-repo")
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="rounds of tickets, run and verify (the median of the rounds' ratios decides)",
    )
    parser.add_argument("--breakdown", action="store_true", help="time the steps of the work")
    args = parser.parse_args()
    if not (args.data / "records").is_dir():
        print(f"no data at {args.data}: run  python benchmarks/make_district.py")
        return 2
    prepare(args.data, args.repo)
    records = records_module.load(args.repo)  # warms the parse cache, as any earlier command does
    ids = [str(t.data["uscc"]) for t in records.of("target")]
    officers = len(records.of("inspector"))
    del records
    print(f"{len(ids)} targets, {officers} officers in the directory")

    def clock(text: str) -> service.Clock:
        moment = dt.datetime.fromisoformat(text).replace(tzinfo=CHINA)
        return lambda: moment

    commitment_commit, _ = service.commit(
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
    breakdown = Breakdown()
    if args.breakdown:
        breakdown.install()
    best: dict[str, tuple[float, float]] = {}  # step -> (work, loading) of its fastest round
    ratios: dict[str, list[float]] = {"run": [], "verify": []}  # each round's work / tickets
    for round_number in range(1, args.repeat + 1):
        print(f"round {round_number}")
        git(args.repo, "reset", "-q", "--hard", commitment_commit)
        started = time.perf_counter()
        ticket_of = ticketer("benchmark-seed-0001")
        tickets = sorted(map(ticket_of, ids))
        tickets_seconds = time.perf_counter() - started
        del tickets
        print(f"  tickets {len(ids)} ids: {tickets_seconds:6.2f} s")
        best["tickets"] = min(best.get("tickets", (tickets_seconds, 0.0)), (tickets_seconds, 0.0))
        for label, action in (
            (
                "run",
                lambda: service.run(
                    args.repo, TASK, "benchmark-seed-0001", clock=clock("2026-11-21T10:00:00")
                ),
            ),
            ("verify", lambda: service.verify(args.repo, TASK)),
        ):
            # as a new `spotcheck` process: no packs in memory from an earlier step
            records_cache._packs_in_memory.clear()
            timer = LoadTimer()
            service.load = timer  # type: ignore[assignment]
            try:
                started = time.perf_counter()
                outcome = action()
                work = time.perf_counter() - started - timer.seconds
                timer.free()
            finally:
                service.load = timer.original  # type: ignore[assignment]
            best[label] = min(best.get(label, (work, timer.seconds)), (work, timer.seconds))
            ratios[label].append(work / tickets_seconds)
            print(
                f"  {label:7s} loading records {timer.seconds:6.2f} s, draw work {work:6.2f} s "
                f"= {work / tickets_seconds:4.1f}× this round's tickets"
            )
            if args.breakdown:
                print(breakdown.report())
            if label == "run":
                draw = outcome[1]
                selected = sum(len(s["selected"]) for s in draw["strata"])
                pool = len({o["inspector"] for a in draw["assignments"] for o in a["officers"]})
                print(
                    f"          population {draw['population']['size']}, selected {selected}, "
                    f"officers used {pool}"
                )
            elif not all(v.ok for v in outcome):
                print("  verify FAILED")
                return 1
    floor = best["tickets"][0]
    print(f"over {args.repeat} rounds (target: each ratio ≤ 3×):")
    print(f"  tickets fastest {floor:6.2f} s")
    for label in ("run", "verify"):
        work, loading = best[label]
        print(
            f"  {label:7s} median ratio {statistics.median(ratios[label]):4.1f}× tickets "
            f"(rounds: {', '.join(f'{r:.1f}' for r in ratios[label])}); fastest draw work "
            f"{work:5.2f} s, loading records {loading:5.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
