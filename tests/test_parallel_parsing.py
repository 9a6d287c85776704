"""Parsing on several processes gives the records that parsing in this process gives.

`records.load` parses on every core above PARALLEL_BYTES (district scale); every other test
loads less than that and so parses in one process: this test forces the parallel path.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from generator.records import load
from generator.records import loading as loading_module

ROOT = Path(__file__).resolve().parent.parent


def test_parallel_parsing_gives_the_same_records(monkeypatch: pytest.MonkeyPatch) -> None:
    if (os.cpu_count() or 1) < 2:
        pytest.skip("a single core here: parsing always runs in one process")
    one_process = load(ROOT, use_cache=False)
    pools: list[object] = []

    class CountedPool(ProcessPoolExecutor):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            pools.append(self)

    monkeypatch.setattr(loading_module, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(loading_module, "ProcessPoolExecutor", CountedPool)
    seen: list[tuple[int, int]] = []
    several = load(ROOT, use_cache=False, progress=lambda done, total: seen.append((done, total)))
    assert len(pools) == 1, "the files were parsed on several processes"
    assert seen and seen[-1][0] == seen[-1][1], "progress counts every file"
    assert [(r.kind, r.id, r.path, r.index, r.data) for r in several.records] == [
        (r.kind, r.id, r.path, r.index, r.data) for r in one_process.records
    ]
    assert several.problems == one_process.problems
