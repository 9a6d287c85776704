"""Benchmark every non-site command at district and city scale, side by side (issue 15).

    python benchmarks/make_district.py --out bench-data/district --activity          # once
    python benchmarks/make_district.py --out bench-data/city --activity --city       # once
    python benchmarks/city_bench.py --district bench-data/district --city bench-data/city

For each data set: copies its records into a scratch git repository (`<data>-bench`, made once
and reused with --reuse), adds a task drawing from every active target of credit class A, B or C
(the whole directory, 3 strata, as in `draw_run_bench.py`) and commits it; then runs each
command as its own process and prints its wall time and peak RSS (`/usr/bin/time`):

  validate cold (empty cache), warm (nothing changed), one file changed (a result edited);
  draw commit / run / verify of that task, each reporting the time spent loading records apart
  from the draw work, and the time of computing every target's ticket (the floor of a draw);
  stats, audit, export gsxt, export opendata;  and with --build, `spotcheck build`.

The table ends with the issue's targets and whether the city met them. Figures of a shared
machine are noisy: the script prints `uptime` first and last.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TASK = "2026-SCJG-99"  # the task `draw_run_bench.prepare` adds
GB = 1024**3


@dataclass
class Figure:
    seconds: float
    peak_rss: int  # bytes
    work: float | None = None  # draw steps: seconds of draw work, loading apart
    loading: float | None = None


@dataclass
class Scale:
    name: str
    figures: dict[str, Figure] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)
    tickets: float = 0.0


def timed(command: list[str], cwd: Path | None = None) -> tuple[Figure, str]:
    """Run a command under /usr/bin/time: its wall time, peak RSS and standard output."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        completed = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", report.name, *command],
            capture_output=True,
            text=True,
            cwd=cwd,
            check=False,
        )
        seconds = time.perf_counter() - started
        kilobytes = int(report.read().strip().splitlines()[-1])
    if completed.returncode not in (0, 1):  # validate exits 1 on errors: still a measurement
        sys.stderr.write(completed.stderr[-3000:])
        raise SystemExit(f"failed ({completed.returncode}): {' '.join(command)}")
    return Figure(seconds, kilobytes * 1024), completed.stdout


def spotcheck(*args: str) -> list[str]:
    return [sys.executable, "-m", "spotcheck.cli", *args]


def step(*args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "step", *args]


def prepare_repository(data: Path, repo: Path, reuse: bool, scale: Scale) -> None:
    from benchmarks.draw_run_bench import prepare

    if reuse and (repo / ".git").is_dir():
        subprocess.run(["git", "-C", str(repo), "reset", "-q", "--hard", "bench-base"], check=True)
        subprocess.run(["git", "-C", str(repo), "clean", "-qfd", "records"], check=True)
    else:
        started = time.perf_counter()
        prepare(data, repo)
        subprocess.run(["git", "-C", str(repo), "tag", "-f", "bench-base"], check=True)
        scale.facts["git add + commit of the records"] = f"{time.perf_counter() - started:.0f} s"
    files = sum(len(names) for _, _, names in os.walk(repo / "records"))
    scale.facts["files under records/"] = f"{files:,}"
    index = repo / ".git" / "index"
    scale.facts["git index"] = f"{index.stat().st_size / 1e6:.0f} MB"
    started = time.perf_counter()
    subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True)
    scale.facts["git status"] = f"{time.perf_counter() - started:.1f} s"


def one_result_file(repo: Path) -> Path:
    for folder, _dirs, names in sorted(os.walk(repo / "records" / "results")):
        yaml_names = sorted(n for n in names if n.endswith(".yaml"))
        if yaml_names:
            return Path(folder) / yaml_names[0]
    raise SystemExit("no result file")


def measure(data: Path, reuse: bool, build: bool, name: str) -> Scale:
    from spotcheck.records import cache_dir

    scale = Scale(name)
    repo = data.with_name(f"{data.name}-bench")
    print(f"[{name}] preparing {repo}", flush=True)
    prepare_repository(data, repo, reuse, scale)
    r = str(repo)
    shutil.rmtree(cache_dir(repo), ignore_errors=True)
    runs: list[tuple[str, list[str]]] = [
        ("validate cold", spotcheck("validate", "--repo", r, "--format", "json")),
        ("validate warm", spotcheck("validate", "--repo", r, "--format", "json")),
    ]
    for label, command in runs:
        scale.figures[label], _ = timed(command)
        print(f"[{name}] {label}: {cell(scale.figures[label], 0)}", flush=True)
    changed = one_result_file(repo)
    original = changed.read_bytes()
    changed.write_bytes(original + "# 基准测试：改动一个文件\n".encode())
    try:
        scale.figures["validate one file changed"], _ = timed(
            spotcheck("validate", "--repo", r, "--format", "json")
        )
    finally:
        changed.write_bytes(original)
    print(f"[{name}] one file changed: {cell(scale.figures['validate one file changed'], 0)}")
    for label in ("commit", "run", "verify"):
        figure, out = timed(step(label, r))
        report = json.loads(out.strip().splitlines()[-1])
        figure.work, figure.loading = report["work"], report["loading"]
        scale.figures[f"draw {label}"] = figure
        print(f"[{name}] draw {label}: {cell(figure, 0)}", flush=True)
    _, out = timed(step("tickets", r))
    scale.tickets = json.loads(out.strip().splitlines()[-1])["tickets"]
    print(f"[{name}] tickets of every target: {scale.tickets:.1f} s", flush=True)
    with tempfile.TemporaryDirectory() as out_dir:
        for label, command in (
            ("stats", spotcheck("stats", "--repo", r, "--format", "json")),
            ("audit", spotcheck("audit", "--repo", r, "--format", "json")),
            ("export gsxt", spotcheck("export", "gsxt", "--repo", r, "-o", f"{out_dir}/g")),
            ("export opendata", spotcheck("export", "opendata", "--repo", r, "-o", f"{out_dir}/o")),
        ):
            scale.figures[label], _ = timed(command)
            print(f"[{name}] {label}: {cell(scale.figures[label], 0)}", flush=True)
    if build:
        site = repo / "site-bench"
        scale.figures["build"], _ = timed(spotcheck("build", "--repo", r, "--site-dir", str(site)))
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        scale.facts["site size"] = f"{size / 1e6:.0f} MB"
    return scale


# ---------------------------------------------------------------------------------------------
# One draw step in its own process (its peak RSS is the command's), loading timed apart.


INSPECTED = re.compile(rb'^ *inspection_date: "(\d{4}-\d{2}-\d{2})"', re.M)


def first_step_day(repo: Path) -> dt.date:
    """The simulated day of `draw commit`: 2026-11-19, or the day after the data's last
    inspection if later (make_district's results at three districts' size run to 26 November;
    the preflight rightly refuses a draw on records with an inspection after "today")."""
    latest = dt.date(2026, 11, 18)
    for folder, _dirs, names in os.walk(repo / "records" / "results"):
        for name in names:
            for found in INSPECTED.findall(Path(folder, name).read_bytes()):
                latest = max(latest, dt.date.fromisoformat(found.decode()))
    return latest + dt.timedelta(days=1)


def run_step(kind: str, repo: Path) -> None:
    import datetime as dt

    from benchmarks.draw_run_bench import CHINA, LoadTimer
    from spotcheck.draw import service
    from spotcheck.draw.tickets import ticketer
    from spotcheck.records import load

    def clock(text: str) -> service.Clock:
        moment = dt.datetime.fromisoformat(text).replace(tzinfo=CHINA)
        return lambda: moment

    if kind == "tickets":
        ids = [str(t.data["uscc"]) for t in load(repo).of("target")]
        started = time.perf_counter()
        ticket_of = ticketer("benchmark-seed-0001")
        tickets = sorted(map(ticket_of, ids))
        print(json.dumps({"tickets": time.perf_counter() - started, "count": len(tickets)}))
        return
    # commit, then the seed a day later, the draw two days later (found before the timing)
    day = first_step_day(repo) if kind in ("commit", "run") else None
    timer = LoadTimer()
    service.load = timer  # type: ignore[assignment]
    started = time.perf_counter()
    if kind == "commit":
        assert day is not None
        source = {
            "kind": "beacon",
            "beacon": "drand quicknet",
            "round": 1,
            "available_at": f"{day + dt.timedelta(days=1)}T10:00:00+08:00",
        }
        service.commit(repo, TASK, source, clock=clock(f"{day}T10:00:00"))
    elif kind == "run":
        assert day is not None
        run_at = f"{day + dt.timedelta(days=2)}T10:00:00"
        service.run(repo, TASK, "benchmark-seed-0001", clock=clock(run_at))
    else:
        verdicts = service.verify(repo, TASK)
        if not all(v.ok for v in verdicts):
            raise SystemExit("verify FAILED")
    work = time.perf_counter() - started - timer.seconds
    print(json.dumps({"work": work, "loading": timer.seconds}))


# ---------------------------------------------------------------------------------------------
# The table.

TARGETS: dict[str, tuple[str, str]] = {
    # row → (target text, how to check: "cold" ≤ 15× district, "s:N" ≤ N s, "ratio" ≤ 3×)
    "validate cold": ("≤ 15× district", "x15"),
    "validate warm": ("≤ 3 s", "s:3"),
    "validate one file changed": ("≤ 5 s", "s:5"),
    "draw commit": ("—", ""),
    "draw run": ("work ≤ 3× tickets", "ratio"),
    "draw verify": ("work ≤ 3× tickets", "ratio"),
    "stats": ("—", ""),
    "audit": ("—", ""),
    "export gsxt": ("—", ""),
    "export opendata": ("—", ""),
    "build": ("≤ 20 min", "s:1200"),
}


def verdict(row: str, district: Figure | None, city: Figure, tickets: float) -> str:
    rule = TARGETS.get(row, ("", ""))[1]
    met = city.peak_rss <= 6 * GB
    if rule == "x15" and district is not None:
        met = met and city.seconds <= 15 * district.seconds
    elif rule.startswith("s:"):
        met = met and city.seconds <= float(rule[2:])
    elif rule == "ratio":
        met = met and city.work is not None and city.work <= 3 * tickets
    return "met" if met else "MISSED"


def cell(figure: Figure | None, tickets: float) -> str:
    if figure is None:
        return "—"
    text = f"{figure.seconds:7.1f} s {figure.peak_rss / GB:5.2f} GB"
    if figure.work is not None and figure.loading is not None:
        ratio = f" = {figure.work / tickets:.1f}× tickets" if tickets else ""
        text += f" (load {figure.loading:.1f} s, work {figure.work:.1f} s{ratio})"
    return text


def table(district: Scale | None, city: Scale) -> str:
    lines = [
        "| work | district | city | city target (and peak RSS ≤ 6 GB) | city |",
        "|---|---|---|---|---|",
    ]
    for row, (target, _) in TARGETS.items():
        if row not in city.figures:
            continue
        d = district.figures.get(row) if district else None
        lines.append(
            f"| {row} | {cell(d, district.tickets if district else 0)} | "
            f"{cell(city.figures[row], city.tickets)} | {target} | "
            f"{verdict(row, d, city.figures[row], city.tickets)} |"
        )
    lines.append(
        f"| tickets of every target | {district.tickets if district else 0:.1f} s | "
        f"{city.tickets:.1f} s | (the floor of a draw) | |"
    )
    facts = sorted(set(city.facts) | set(district.facts if district else {}))
    for fact in facts:
        d_fact = district.facts.get(fact, "—") if district else "—"
        lines.append(f"| {fact} | {d_fact} | {city.facts.get(fact, '—')} | | |")
    return "\n".join(lines)


def uptime() -> str:
    out = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout
    return re.sub(r"\s+", " ", out).strip()


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "step":
        run_step(sys.argv[2], Path(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--district", type=Path, default=ROOT / "bench-data" / "district")
    parser.add_argument("--city", type=Path, default=ROOT / "bench-data" / "city")
    parser.add_argument("--skip-district", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="reuse the scratch repositories")
    parser.add_argument("--build", action="store_true", help="also time `spotcheck build`")
    args = parser.parse_args()
    # no `git gc --auto` in the middle of a measurement (1.6 million loose objects after the
    # first commit of a city): every git call, here and in the commands, inherits this
    os.environ.update({"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "gc.auto"})
    os.environ["GIT_CONFIG_VALUE_0"] = "0"
    print(f"uptime: {uptime()}")
    district = (
        None if args.skip_district else measure(args.district, args.reuse, args.build, "district")
    )
    city = measure(args.city, args.reuse, args.build, "city")
    print(table(district, city))
    print(f"uptime: {uptime()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
