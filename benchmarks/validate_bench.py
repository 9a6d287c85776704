"""Benchmark `spotcheck validate` on district-scale data against the naive path.

    python benchmarks/validate_bench.py [--data bench-data/district] [--skip-naive]

Prints, measured in one run on the same files:
  naive  — PyYAML's C loader + `jsonschema` per record (what a first version would do),
  cold   — `spotcheck validate` with an empty cache (a fresh CI clone),
  warm   — `spotcheck validate` again with nothing changed,
and the cold/naive ratio (target ≥ 8×) and the warm time (target ≤ 2 s).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import yaml

from spotcheck.layout import rule_for
from spotcheck.records import cache_dir
from spotcheck.schemas import SchemaSet

ROOT = Path(__file__).resolve().parent.parent


def naive(data: Path) -> tuple[float, int]:
    """PyYAML C loader + jsonschema, one record at a time; returns (seconds, records)."""
    schemas = SchemaSet()
    validators = {
        kind: jsonschema.Draft202012Validator(
            schema, registry=schemas._py_registry, format_checker=jsonschema.FormatChecker()
        )
        for kind, schema in schemas.by_kind.items()
    }
    started = time.perf_counter()
    count = 0
    for path in sorted((data / "records").rglob("*.yaml")):
        rule = rule_for(path.relative_to(data / "records").as_posix())
        if rule is None:
            continue
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for record in loaded if rule.is_list else [loaded]:
            list(validators[rule.kind].iter_errors(record))
            count += 1
    return time.perf_counter() - started, count


def spotcheck_validate(data: Path) -> tuple[float, int]:
    started = time.perf_counter()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "spotcheck.cli",
            "validate",
            "--repo",
            str(data),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return time.perf_counter() - started, completed.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT / "bench-data" / "district")
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()
    data: Path = args.data
    if not (data / "records").is_dir():
        print(f"no data at {data}: run  python benchmarks/make_district.py --out {data}")
        return 2
    size = sum(p.stat().st_size for p in (data / "records").rglob("*") if p.is_file())
    print(f"data: {data} ({size / 1e6:.1f} MB of records)")
    shutil.rmtree(cache_dir(data), ignore_errors=True)
    cold, code = spotcheck_validate(data)
    print(f"cold  spotcheck validate (empty cache): {cold:7.2f} s  (exit {code})")
    warm, code = spotcheck_validate(data)
    print(f"warm  spotcheck validate (unchanged):   {warm:7.2f} s  (exit {code})  target ≤ 2 s")
    if not args.skip_naive:
        seconds, count = naive(data)
        print(f"naive PyYAML C loader + jsonschema:     {seconds:7.2f} s  ({count} records)")
        print(f"cold speed-up over naive: {seconds / cold:.1f}×  (target ≥ 8×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
