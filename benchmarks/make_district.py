"""Write district-scale synthetic records (200k targets, 1,500 inspectors, 5 years of plans).

    python benchmarks/make_district.py --out bench-data/district

The output is git-ignored benchmark data: a repository root with records/ inside; same seed,
same bytes.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from generator.synth import write_district


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
    args = parser.parse_args()
    started = time.perf_counter()
    # a repository root: records/ inside, as `spotcheck --repo` expects
    counts = write_district(args.out / "records", "district", seed=args.seed, progress=True)
    elapsed = time.perf_counter() - started
    print(", ".join(f"{kind} {n}" for kind, n in counts.items()))
    print(f"写入 {args.out}：{elapsed:.1f} 秒")


if __name__ == "__main__":
    main()
