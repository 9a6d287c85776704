"""Parsing on several processes gives the records that parsing in this process gives.

`records.load` parses on every core above PARALLEL_BYTES (district scale); every other test
loads less than that and so parses in one process: this test forces the parallel path.
"""

from __future__ import annotations

import os
import posixpath
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from spotcheck.records import cache as cache_module
from spotcheck.records import cache_dir, load
from spotcheck.records import loading as loading_module

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
    # config.yaml's folder is parsed first (its limits govern the rest), then everything else
    assert 1 <= len(pools) <= 2, "the files were parsed on several processes"
    assert seen and seen[-1][0] == seen[-1][1], "progress counts every file"
    assert [(r.kind, r.id, r.path, r.index, r.data) for r in several.records] == [
        (r.kind, r.id, r.path, r.index, r.data) for r in one_process.records
    ]
    assert several.problems == one_process.problems


def test_a_parallel_cold_load_fills_the_cache_a_warm_load_reads(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Workers parse whole folders and write their cache packs themselves (cold `stats` at
    district scale); a later load reads those packs and parses nothing, with the same records."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("a single core here: parsing always runs in one process")
    root = tmp_path / "district"
    shutil.copytree(ROOT / "records", root / "records")
    expected = load(root, use_cache=False)
    monkeypatch.setattr(loading_module, "PARALLEL_BYTES", 0)
    # packs other tests of this process read are kept in memory under the same keys
    monkeypatch.setattr(cache_module, "_packs_in_memory", {})
    cold = load(root)
    packs = list(cache_dir(root).rglob("*.pickle"))
    folders = {posixpath.dirname(path) for path in expected.files if not path.endswith(".txt")}
    assert len(packs) >= len(folders) - 1  # one pack a folder (config.yaml's parsed first)

    def no_parsing(*args: Any) -> None:
        raise AssertionError("a cached folder was parsed again")

    monkeypatch.setattr(loading_module, "parse_file", no_parsing)
    monkeypatch.setattr(cache_module, "_packs_in_memory", {})  # as a new process: from disk
    warm = load(root)
    for loaded in (cold, warm):
        assert [(r.kind, r.id, r.path, r.index, r.data) for r in loaded.records] == [
            (r.kind, r.id, r.path, r.index, r.data) for r in expected.records
        ]
        assert loaded.problems == expected.problems
