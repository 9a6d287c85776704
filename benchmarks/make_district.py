"""Write district-scale synthetic records (200k targets, 1,500 inspectors, 5 years of plans).

    python benchmarks/make_district.py --out bench-data/district
    python benchmarks/make_district.py --out bench-data/district --activity
    python benchmarks/make_district.py --out bench-data/half --activity --scale-factor 0.5
    python benchmarks/make_district.py --out bench-data/city --activity --city
    python benchmarks/make_district.py --out bench-data/lists --activity --result-lists

`--activity` also draws every task with the real engine and writes ~100,000 inspection
results (`benchmarks.synth.activity`); `--scale-factor` scales the number of targets (and so
the draws and results) for linearity checks; `--result-lists` writes each task's results in
list files of ≤ 2,000 (`results/<year>/<task>/001.yaml`) instead of one file each. `--city` writes a city instead: eleven districts'
streets (110 regions, their credit codes under each district's division code), the district's
plans, 15 × the district's targets (3 million) and inspectors — or `--scale-factor` × 200,000
targets and round(F) × the inspectors; the targets are streamed to disk one street at a time,
so memory holds one street, not the city (the draws of `--activity` still load every record).
The output is git-ignored benchmark data: a
repository root with records/ inside; same options, same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time
from pathlib import Path

# Run as a script (`python benchmarks/make_district.py`), the repository root is not on the
# path; the synthetic data package lives there, outside the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import synth
from benchmarks.synth import write_activity

CITY_FACTOR = 15.0  # a city: 15 districts' worth of targets (3 million, Guangzhou's order)


def main() -> None:
    parser = argparse.ArgumentParser(description="生成区县规模的合成记录（基准测试用）")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("bench-data/district"),
        metavar="DIR",
        help="输出目录（默认 bench-data/district）",
    )
    parser.add_argument("--seed", type=int, default=2026, help="随机种子（默认 2026）")
    parser.add_argument(
        "--activity",
        action="store_true",
        help="同时为每个抽查任务执行抽取并生成检查结果（约 10 万条）",
    )
    parser.add_argument(
        "--scale-factor",
        type=float,
        default=None,
        metavar="F",
        help="检查对象数量的倍数（默认 1，即 20 万户；0.5 为一半；--city 时默认 15）",
    )
    parser.add_argument(
        "--city",
        action="store_true",
        help="生成全市规模的数据：11 个区的街道，默认 300 万户（20 万户 × 15）",
    )
    parser.add_argument(
        "--result-lists",
        action="store_true",
        help="检查结果写入列表文件（每个任务 results/<年度>/<任务>/001.yaml 起，每个文件至多 "
        "2000 条，按统一社会信用代码排序），而不是每条结果一个文件",
    )
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=dt.date(2026, 12, 31),
        help="检查和公示日期不晚于此日（默认 2026-12-31）",
    )
    args = parser.parse_args()
    if args.scale_factor is None:
        args.scale_factor = CITY_FACTOR if args.city else 1.0
    if args.scale_factor <= 0:
        parser.error("--scale-factor 应大于 0")
    if (args.out / ".git").exists() or (args.out / "mkdocs.yml").exists():
        # the old records/ is removed below: never in a real records repository
        parser.error(f"{args.out} 是记录仓库，请指定单独的基准数据目录")
    started = time.perf_counter()
    # Stale draws or results of an earlier run would not match the new records.
    for folder in ("records", ".spotcheck-cache"):
        shutil.rmtree(args.out / folder, ignore_errors=True)
    # write_district takes its sizes from synth.SIZES; scale a copy for this run only
    scale = "city" if args.city else "district"
    sizes = synth.SIZES[scale]
    synth.SIZES[scale] = {
        **sizes,
        "targets": round(synth.SIZES["district"]["targets"] * args.scale_factor),
    }
    if args.city:
        synth.SIZES[scale]["inspector_factor"] = max(1, round(args.scale_factor))
    try:
        # a repository root: records/ inside, as `spotcheck --repo` expects
        counts = synth.write_district(args.out / "records", scale, seed=args.seed, progress=True)
    finally:
        synth.SIZES[scale] = sizes
    print(", ".join(f"{kind} {n}" for kind, n in counts.items()))
    if args.activity:
        activity = write_activity(
            args.out,
            seed=args.seed,
            today=args.today,
            progress=True,
            result_lists=args.result_lists,
        )
        print(", ".join(f"{kind} {n}" for kind, n in activity.items()))
    elapsed = time.perf_counter() - started
    print(f"写入 {args.out}：{elapsed:.1f} 秒")


if __name__ == "__main__":
    main()
