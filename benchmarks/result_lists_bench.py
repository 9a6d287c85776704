"""Results one file each vs results in list files, side by side, on the same records (issue 15).

    python benchmarks/make_district.py --out bench-data/rl-single --activity
    python benchmarks/make_district.py --out bench-data/rl-lists --activity --result-lists
    python benchmarks/result_lists_bench.py --single bench-data/rl-single --lists bench-data/rl-lists

The two data sets are the same records (same seed: make_district writes the same results, in
files of their own or in list files of ≤ 2,000 per task). Each is copied into a scratch git
repository (`<data>-bench`, remade unless --reuse) and committed; then, for each layout, in
one run: the number of files, git's index, `git status`, one more result committed (git
rewrites its whole index on every commit), and `spotcheck validate` cold (empty parse cache),
warm (nothing changed) and after one result changed, each its own process (wall time and peak
RSS from /usr/bin/time). The validation reports of the two layouts must hold the same
findings (by code, record and message): the script says whether they do.

Figures of a shared machine are noisy: compare the two columns of one run; `uptime` is
printed first and last.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.city_bench import Figure, spotcheck, timed, uptime  # noqa: E402

TODAY = "2026-12-31"  # make_district's results run to this day
MB = 1e6


@dataclass
class Layout:
    name: str
    facts: dict[str, str] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    findings: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )


def prepare(data: Path, reuse: bool, layout: Layout) -> Path:
    repo = data.with_name(f"{data.name}-bench")
    if reuse and (repo / ".git").is_dir():
        git(repo, "reset", "-q", "--hard", "bench-base")
        git(repo, "clean", "-qfd", "records")
        return repo
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    shutil.copytree(data / "records", repo / "records")
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "基准测试")
    git(repo, "config", "user.email", "bench@example.invalid")
    started = time.perf_counter()
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "基准数据")
    layout.facts["git add + commit of every record"] = f"{time.perf_counter() - started:.1f} s"
    git(repo, "tag", "-f", "bench-base")
    return repo


def result_files(repo: Path) -> list[Path]:
    return sorted((repo / "records" / "results").rglob("*.yaml"))


def git_facts(repo: Path, layout: Layout) -> None:
    files = sum(len(names) for _, _, names in os.walk(repo / "records"))
    layout.facts["files under records/"] = f"{files:,}"
    layout.facts["result files"] = f"{len(result_files(repo)):,}"
    layout.facts["git index"] = f"{(repo / '.git' / 'index').stat().st_size / MB:.2f} MB"
    times = []
    for _ in range(3):
        started = time.perf_counter()
        git(repo, "status", "--porcelain")
        times.append(time.perf_counter() - started)
    layout.facts["git status (median of 3)"] = f"{statistics.median(times):.2f} s"


def edit_one_result(repo: Path) -> tuple[Path, bytes]:
    """Change one result file (a comment added: a new blob, so its folder is parsed again)."""
    files = result_files(repo)
    path = files[len(files) // 2]
    original = path.read_bytes()
    path.write_bytes(original + "# 基准测试：改动一条结果\n".encode())
    return path, original


def commit_one_more(repo: Path, layout: Layout) -> None:
    path, original = edit_one_result(repo)
    started = time.perf_counter()
    git(repo, "add", "-A", "records/results")
    git(repo, "commit", "-qm", "一条结果")
    layout.facts["git add + commit of one result"] = f"{time.perf_counter() - started:.2f} s"
    path.write_bytes(original)
    git(repo, "reset", "-q", "--hard", "bench-base")


def validate(repo: Path, layout: Layout, label: str) -> None:
    command = spotcheck("validate", "--repo", str(repo), "--today", TODAY, "--format", "json")
    figure, out = timed(command)
    layout.figures[label] = figure
    messages = json.loads(out)
    if isinstance(messages, dict):
        messages = messages.get("messages", [])
    layout.findings = Counter(
        (m["level"], m["code"], m.get("record", ""), m["message"]) for m in messages
    )
    print(
        f"[{layout.name}] {label}: {figure.seconds:.1f} s, {figure.peak_rss / 2**30:.2f} GB, "
        f"{len(messages)} messages",
        flush=True,
    )


def measure(data: Path, name: str, reuse: bool) -> Layout:
    from spotcheck.records import cache_dir

    layout = Layout(name)
    print(f"[{name}] preparing from {data}", flush=True)
    repo = prepare(data, reuse, layout)
    git_facts(repo, layout)
    commit_one_more(repo, layout)
    shutil.rmtree(cache_dir(repo), ignore_errors=True)
    validate(repo, layout, "validate cold (empty cache)")
    validate(repo, layout, "validate warm (nothing changed)")
    path, original = edit_one_result(repo)
    try:
        validate(repo, layout, "validate, one result changed")
    finally:
        path.write_bytes(original)
    return layout


def table(single: Layout, lists: Layout) -> str:
    lines = [
        "| | one file per result | result list files | lists ÷ single |",
        "|---|---|---|---|",
    ]
    for fact in single.facts:
        lines.append(f"| {fact} | {single.facts[fact]} | {lists.facts.get(fact, '—')} | |")
    for label, one in single.figures.items():
        other = lists.figures[label]
        lines.append(
            f"| {label} | {one.seconds:.1f} s, {one.peak_rss / 2**30:.2f} GB | "
            f"{other.seconds:.1f} s, {other.peak_rss / 2**30:.2f} GB | "
            f"{other.seconds / one.seconds:.2f} × |"
        )
    return "\n".join(lines)


def comparable(findings: Counter[tuple[str, str, str, str]]) -> Counter[tuple[str, ...]]:
    """Findings without what names a file (a path or line inside the message)."""
    return Counter((level, code, record) for level, code, record, _ in findings.elements())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--single", type=Path, required=True, help="one file per result")
    parser.add_argument("--lists", type=Path, required=True, help="make_district --result-lists")
    parser.add_argument("--reuse", action="store_true", help="reuse the scratch repositories")
    args = parser.parse_args()
    os.environ.update({"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "gc.auto"})
    os.environ["GIT_CONFIG_VALUE_0"] = "0"  # no `git gc --auto` in the middle of a measurement
    print(f"uptime: {uptime()}", flush=True)
    single = measure(args.single, "single", args.reuse)
    lists = measure(args.lists, "lists", args.reuse)
    print(table(single, lists))
    same = comparable(single.findings) == comparable(lists.findings)
    print(
        f"same findings (level, code, record) in both layouts: {'yes' if same else 'NO'} "
        f"({sum(single.findings.values())} / {sum(lists.findings.values())} messages)"
    )
    print(f"uptime: {uptime()}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
