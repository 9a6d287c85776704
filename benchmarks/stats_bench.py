"""`spotcheck stats` and the site's statistics pages at district scale (issue #11).

    python benchmarks/stats_bench.py                 # generates bench-data/district first if missing
    python benchmarks/stats_bench.py --data DIR --repeat 3

Data: `bench-data/district` (`benchmarks/make_district.py --activity`: 200,000 targets, five
years of plans, every task drawn, ~100,000 results). Prints:
- `spotcheck stats --format json` as a command, cold (no parse cache, as on a fresh CI runner;
  target ≤ 10 s) and warm;
- in one process with the records loaded: the statistics' facts (`district_facts`: tasks,
  inspections, delays), one year's report (intervals, tests, warnings), and all years' reports;
- the site: generating every section's pages, and the share of the statistics sections (统计,
  逾期与进度, and the facts they compute) in that (target ≤ 10 % of the build; MkDocs'
  rendering, not counted here, only makes the share smaller).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TODAY = dt.date(2026, 12, 31)  # the synthetic activity ends in 2026
LIMIT_SECONDS = 10.0
LIMIT_SHARE = 0.10


def ensure_data(folder: Path) -> None:
    if (folder / "records" / "draws").is_dir():
        return
    print(f"生成基准数据 {folder} …", flush=True)
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks/make_district.py"),
            "--out",
            str(folder),
            "--activity",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def command_seconds(data: Path, *, cold: bool) -> tuple[float, float]:
    """(wall, CPU) seconds of one `spotcheck stats`; CPU is user + sys of the command and its
    worker processes, which a loaded machine changes far less than the wall time."""
    if cold:
        shutil.rmtree(data / ".spotcheck-cache", ignore_errors=True)
        shutil.rmtree(data / ".git" / "spotcheck-cache", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "spotcheck.cli",
            "stats",
            "--repo",
            str(data),
            "--today",
            TODAY.isoformat(),
            "--format",
            "json",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def timed(function, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description="统计与统计页面的基准测试")
    parser.add_argument("--data", type=Path, default=REPO / "bench-data/district")
    parser.add_argument("--repeat", type=int, default=3, help="各项测量的次数（取中位数）")
    args = parser.parse_args()
    ensure_data(args.data)

    from spotcheck.records import load
    from spotcheck.site.pages import SiteBuilder
    from spotcheck.site.sections import SECTIONS
    from spotcheck.site.sections import stats as stats_section
    from spotcheck.site.views import build_model
    from spotcheck.statistics.extract import district_facts
    from spotcheck.statistics.report import report

    cold = [command_seconds(args.data, cold=True) for _ in range(args.repeat)]
    warm = [command_seconds(args.data, cold=False) for _ in range(args.repeat)]
    print(
        f"spotcheck stats（冷启动，无解析缓存）：中位数 {statistics.median(w for w, _ in cold):.2f} s"
        f"（{', '.join(f'{w:.2f}' for w, _ in cold)}；目标 ≤ {LIMIT_SECONDS:.0f} s），"
        f"CPU 时间中位数 {statistics.median(c for _, c in cold):.2f} s"
    )
    print(
        f"spotcheck stats（有解析缓存）：中位数 {statistics.median(w for w, _ in warm):.2f} s，"
        f"CPU 时间中位数 {statistics.median(c for _, c in warm):.2f} s"
    )
    print(f"机器负载（1/5/15 分钟）：{' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    records = load(args.data)
    facts_s, district = timed(district_facts, records, TODAY)
    year_s, stats = timed(report, district, "2026")
    all_s, _ = timed(lambda: [report(district, y) for y in district.years])
    print(
        f"记录：{len(district.tasks)} 个任务，{len(district.inspections)} 条已公示结果，"
        f"{len(district.delays)} 条逾期；预警 {len(stats['warnings'])} 条"
    )
    print(
        f"  事实提取 district_facts {facts_s:.2f} s；一个年度的报告 {year_s:.2f} s；全部 {len(district.years)} 个年度 {all_s:.2f} s"
    )

    shares = []
    for _ in range(args.repeat):
        site = SiteBuilder(
            build_model(records, TODAY, True), audit=None, evidence={}, site_url="", downloads=()
        )
        facts_time, _ = timed(lambda: site.district)  # noqa: B023
        seconds = {}
        for section in SECTIONS:
            seconds[section], _ = timed(section.build, site)
        total = sum(seconds.values()) + facts_time
        own = seconds[stats_section.SECTION] + seconds[stats_section.ACCOUNTABILITY] + facts_time
        shares.append((own, total))
    own, total = sorted(shares, key=lambda pair: pair[0] / pair[1])[len(shares) // 2]
    print(
        f"网站页面生成（不含 MkDocs 渲染）：全部 {total:.2f} s，其中统计页面与其数据 {own:.2f} s，"
        f"占 {own / total:.1%}（目标 ≤ {LIMIT_SHARE:.0%}）"
    )


if __name__ == "__main__":
    main()
