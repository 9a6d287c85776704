"""Benchmark: the append-only history check and the history checkpoint on a district's history.

Gives a synthetic district (`make_district.py --activity`) a git history with `git
fast-import` — the base records in one commit, then for every task its commitment, its draw
and its results in three commits (290 tasks → ~870 commits, ~100,000 result files) — and
times `check_history` (cold, then cached by HEAD), `spotcheck audit`, the checkpoint of HEAD
and its verification.

    python benchmarks/make_district.py --activity --out bench-data/district
    python benchmarks/history_bench.py --district bench-data/district --out bench-data/history
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spotcheck.trust.history_check import (  # noqa: E402
    check_history,
    current_checkpoint,
    verify_checkpoint,
)

CHINA = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2021, 12, 1, 9, 0, tzinfo=CHINA)


def _files(folder: Path, root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in folder.rglob("*") if p.is_file())


def _available_at(folder: Path) -> dt.datetime:
    text = (folder / "commitment.yaml").read_text(encoding="utf-8")
    found = re.search(r'available_at: "?([^"\n]+)', text)
    return dt.datetime.fromisoformat(found.group(1)) if found else START


def _commits(source: Path) -> Iterator[tuple[str, dt.datetime, list[str]]]:
    """(message, date, paths) in history order: each task committed a day before its seed,
    drawn an hour after it, its results two hours after; tasks by seed time."""
    records = source / "records"
    base = [
        p
        for p in _files(records, source)
        if not p.startswith(("records/draws/2", "records/results/"))
    ]
    yield "Records", START, base
    folders = sorted(records.glob("draws/2*/*"), key=lambda f: (_available_at(f), f.name))
    for folder in folders:
        task, seed = folder.name, _available_at(folder)
        commitments = [p for p in _files(folder, source) if "/commitment" in p]
        draws = [p for p in _files(folder, source) if p not in commitments]
        yield f"抽取承诺：{task}（第 1 次）", seed - dt.timedelta(days=1), commitments
        yield f"抽取：{task}（第 1 次）", seed + dt.timedelta(hours=1), draws
        results = records / "results" / folder.parent.name / task
        if results.is_dir():
            yield f"Results of {task}", seed + dt.timedelta(hours=2), _files(results, source)


def fast_import_stream(source: Path) -> Iterator[bytes]:
    latest = START
    for mark, (message, moment, paths) in enumerate(_commits(source), start=1):
        latest = max(latest, moment)  # never before the parent: an honest clock
        text = message.encode()
        stamp = f"{int(latest.timestamp())} +0800"
        yield b"commit refs/heads/main\n"
        yield f"mark :{mark}\ncommitter 基准 <bench@example.invalid> {stamp}\n".encode()
        yield f"data {len(text)}\n".encode() + text + b"\n"
        if mark > 1:
            yield f"from :{mark - 1}\n".encode()
        for path in paths:
            data = (source / path).read_bytes()
            yield f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n"
        yield b"\n"


def make_history(source: Path, out: Path) -> int:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    importer = subprocess.Popen(
        ["git", "-C", str(out), "fast-import", "--quiet"], stdin=subprocess.PIPE
    )
    assert importer.stdin is not None
    for chunk in fast_import_stream(source):
        importer.stdin.write(chunk)
    importer.stdin.close()
    if importer.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "-C", str(out), "checkout", "-q", "main"], check=True)
    count = subprocess.run(
        ["git", "-C", str(out), "rev-list", "--count", "HEAD"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return int(count)


def timed(label: str, action: Callable[[], object], rounds: int = 3) -> object:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    print(f"{label}: {min(times):.2f} s (best of {rounds}; {', '.join(f'{t:.2f}' for t in times)})")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--district", type=Path, default=ROOT / "bench-data/district")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-data/history")
    parser.add_argument("--keep", action="store_true", help="reuse the repository at --out")
    args = parser.parse_args()
    if not (args.keep and (args.out / ".git").is_dir()):
        start = time.perf_counter()
        commits = make_history(args.district, args.out)
        print(f"history: {commits} commits, written in {time.perf_counter() - start:.1f} s")
    root = args.out
    results = sum(1 for _ in (root / "records/results").rglob("*.yaml"))
    print(f"result files: {results}")
    findings = timed("check_history, no cache", lambda: check_history(root, use_cache=False))
    print(f"findings: {len(findings)}")  # type: ignore[arg-type]
    check_history(root)
    timed("check_history, cached by HEAD", lambda: check_history(root))
    timed(
        "spotcheck audit (command, cached)",
        lambda: subprocess.run(
            [sys.executable, "-m", "spotcheck.cli", "audit", "--repo", str(root)],
            check=True,
            capture_output=True,
        ),
    )
    checkpoint = timed("checkpoint of HEAD", lambda: current_checkpoint(root))
    print(f"checkpoint files: {len(checkpoint['files'])}")  # type: ignore[index]
    problems = timed("audit --checkpoint (verify)", lambda: verify_checkpoint(root, checkpoint))  # type: ignore[arg-type]
    print(f"checkpoint findings: {len(problems)}")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
