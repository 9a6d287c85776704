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


def test_a_parallel_cold_load_of_a_projection_keeps_only_the_slim_packs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Asked for a projection, the workers cut each folder down before sharing and pickling it
    and cache only the slim pack (cold `stats`): the records are the full ones cut down, a
    second projected load parses nothing, and a later full load parses those folders again."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("a single core here: parsing always runs in one process")
    root = tmp_path / "district"
    shutil.copytree(ROOT / "records", root / "records")
    full = load(root, use_cache=False)
    fields = {"target": ("uscc", "name"), "draw": ("task", "attempt", "strata")}
    monkeypatch.setattr(loading_module, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(cache_module, "_packs_in_memory", {})
    parsed: list[str] = []
    real_parse = loading_module.parse_file

    def counted(source: Any, *args: Any) -> Any:
        parsed.append(source.path)
        return real_parse(source, *args)

    cold = load(root, fields=fields)

    def cut(kind: str, data: dict[str, Any]) -> dict[str, Any]:
        return {f: data[f] for f in fields[kind] if f in data} if kind in fields else data

    expected = [(r.kind, r.id, r.path, r.index, cut(r.kind, r.data)) for r in full.records]
    assert [(r.kind, r.id, r.path, r.index, r.data) for r in cold.records] == expected
    assert cold.problems == full.problems
    monkeypatch.setattr(loading_module, "parse_file", counted)  # in this process: serial path
    monkeypatch.setattr(loading_module, "PARALLEL_BYTES", 10**12)
    monkeypatch.setattr(cache_module, "_packs_in_memory", {})
    warm = load(root, fields=fields)
    assert parsed == []
    assert [(r.kind, r.id, r.path, r.index, r.data) for r in warm.records] == expected
    monkeypatch.setattr(cache_module, "_packs_in_memory", {})
    whole = load(root)
    assert {posixpath.dirname(p) for p in parsed} == {
        posixpath.dirname(r.path) for r in full.records if r.kind in fields
    }
    assert [(r.kind, r.id, r.data) for r in whole.records] == [
        (r.kind, r.id, r.data) for r in full.records
    ]


def test_workers_hash_the_files_a_cold_load_reads_and_the_stat_index_keeps_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A cold `load` leaves the blob ids of files outside the stat index to the workers that
    read them anyway; afterwards every file has its git blob id, the stat index holds them,
    and a cache that lost its stat index is still read, not parsed again."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("a single core here: parsing always runs in one process")
    from spotcheck.records.sources import blob_id

    root = tmp_path / "district"
    shutil.copytree(ROOT / "records", root / "records")
    expected = load(root, use_cache=False)
    monkeypatch.setattr(loading_module, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(cache_module, "_packs_in_memory", {})
    cold = load(root)
    for path, source in cold.files.items():
        assert source.blob == blob_id((root / path).read_bytes()), path
    index = cache_dir(root) / "stat-index.pickle"
    assert index.is_file()

    def no_parsing(*args: Any) -> None:
        raise AssertionError("a cached folder was parsed again")

    index.unlink()  # the packs are still there: found by the keys the workers compute
    monkeypatch.setattr(loading_module, "parse_file", no_parsing)  # forked workers inherit it
    monkeypatch.setattr(cache_module, "_packs_in_memory", {})
    again = load(root)
    assert index.is_file()
    assert [(r.kind, r.id, r.path, r.index, r.data) for r in again.records] == [
        (r.kind, r.id, r.path, r.index, r.data) for r in expected.records
    ]
    assert again.problems == expected.problems
    assert {p: s.blob for p, s in again.files.items()} == {p: s.blob for p, s in cold.files.items()}
