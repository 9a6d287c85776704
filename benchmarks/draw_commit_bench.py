"""Benchmark what `draw commit`'s checks first (issue 9) add to it at district scale.

    python benchmarks/make_district.py            # once: bench-data/district
    python benchmarks/draw_commit_bench.py [--data bench-data/district] [--repeat 5]

Prepares the same scratch repository as `draw_run_bench.py` (a task drawing from every
active target of credit class A, B or C, cross-jurisdiction), then in each round, one after
another on the same machine state, times `draw commit` (the service, as the command calls it):

  without — the checks replaced by no-ops (the command as it was before them),
  cold    — with the checks, nothing cached about validation: the validator reads and checks
            every record and reads the git history, as on a commit nobody validated before,
  warm    — with the checks, after `validate` ran on the same commit (CI does, on every push),

and the time of each check inside the `cold` and `warm` runs.  The parse cache is warm
throughout (any earlier command, e.g. this one's first commit, fills it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.draw_run_bench import CHINA, ROOT, TASK, prepare
from spotcheck.draw import preflight, service
from spotcheck.records import cache as records_cache
from spotcheck.records import cache_dir

SOURCE = {
    "kind": "beacon",
    "beacon": "drand quicknet",
    "round": 1,
    "available_at": "2026-11-20T10:00:00+08:00",
}


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout


class Timed:
    """Wraps a preflight check to time it (or to skip it: `skip=True`)."""

    def __init__(self, name: str, skip: bool) -> None:
        self.name, self.skip, self.seconds = name, skip, 0.0
        self.original: Callable[..., Any] = getattr(preflight, name)

    def __enter__(self) -> Timed:
        def wrapped(*args: Any, **kwargs: Any) -> None:
            if self.skip:
                return
            started = time.perf_counter()
            try:
                self.original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        setattr(preflight, self.name, wrapped)
        return self

    def __exit__(self, *_: object) -> None:
        setattr(preflight, self.name, self.original)


def commit_once(repo: Path, base: str, *, skip: bool) -> tuple[float, float, float]:
    """(whole commit, validation check, assignability check) seconds of one `draw commit`."""
    git(repo, "reset", "-q", "--hard", base)
    records_cache._packs_in_memory.clear()  # as a new `spotcheck` process
    moment = dt.datetime(2026, 11, 19, 10, tzinfo=CHINA)
    with (
        Timed("require_valid_records", skip) as valid,
        Timed("require_assignable", skip) as assignable,
    ):
        started = time.perf_counter()
        service.commit(repo, TASK, dict(SOURCE), clock=lambda: moment)
        total = time.perf_counter() - started
    return total, valid.seconds, assignable.seconds


def forget_validation(repo: Path) -> None:
    """Drop cached validation reports and history findings (not the parse cache)."""
    shutil.rmtree(cache_dir(repo) / "reports", ignore_errors=True)
    shutil.rmtree(repo / ".git" / "spotcheck-cache" / "history", ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT / "bench-data" / "district")
    parser.add_argument("--repo", type=Path, default=ROOT / "bench-data" / "commit-repo")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not (args.data / "records").is_dir():
        print(f"no data at {args.data}: run  python benchmarks/make_district.py")
        return 2
    prepare(args.data, args.repo)
    base = git(args.repo, "rev-parse", "HEAD").strip()
    commit_once(args.repo, base, skip=True)  # fills the parse cache, as any earlier command
    figures: dict[str, list[tuple[float, float, float]]] = {"without": [], "cold": [], "warm": []}
    for round_number in range(1, args.repeat + 1):
        print(f"round {round_number}")
        for label in ("without", "cold", "warm"):
            if label == "cold":
                forget_validation(args.repo)
            total, valid, assignable = commit_once(args.repo, base, skip=label == "without")
            figures[label].append((total, valid, assignable))
            print(
                f"  {label:8s} draw commit {total:6.2f} s"
                + (
                    ""
                    if label == "without"
                    else f"  (validation {valid:5.2f} s, assignability {assignable:5.3f} s)"
                )
            )
    print(f"median over {args.repeat} rounds:")
    base_total = statistics.median(t for t, _, _ in figures["without"])
    for label, rows in figures.items():
        total = statistics.median(t for t, _, _ in rows)
        valid = statistics.median(v for _, v, _ in rows)
        assignable = statistics.median(a for _, _, a in rows)
        print(
            f"  {label:8s} {total:6.2f} s (+{total - base_total:5.2f} s: validation {valid:5.2f} s,"
            f" assignability {assignable:5.3f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
