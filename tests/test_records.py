"""Loading records: from a commit, from the parse cache, and shared between loads."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from generator import yamlio
from generator.records import SourceFile, load
from generator.records import cache as records_cache
from generator.records import sources as records_sources
from tests.fixtures import git, make_district

TARGETS = "records/targets/440114001/001.yaml"


@pytest.fixture
def district(tmp_path: Path) -> Path:
    records_cache._packs_in_memory.clear()  # as a new process
    return make_district(tmp_path / "district")


@pytest.fixture
def blobs_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths whose bytes are read from git, in the order asked for."""
    asked: list[str] = []
    original = records_sources.read_blobs

    def counting(sources: Iterable[SourceFile]) -> None:
        sources = list(sources)
        asked.extend(s.path for s in sources if s._data is None and s.git_root is not None)
        original(sources)

    monkeypatch.setattr(records_sources, "read_blobs", counting)
    return asked


def change_a_target(root: Path) -> None:
    path = root / TARGETS
    targets = yamlio.parse(path.read_text(encoding="utf-8"), TARGETS)
    targets[0]["name"] = "广州市花都区改名后的测试餐饮有限公司"
    path.write_text(yamlio.dump(targets), encoding="utf-8")
    git(root, "commit", "-qam", "Rename a target")


def test_a_commit_is_read_only_where_the_parse_cache_lacks_it(
    district: Path, blobs_read: list[str]
) -> None:
    first = load(district, commit="HEAD")
    assert TARGETS in blobs_read and len(blobs_read) == len(first.files)
    records_cache._packs_in_memory.clear()
    blobs_read.clear()
    assert load(district, commit="HEAD").of("target")[0].data == first.of("target")[0].data
    assert blobs_read == []
    change_a_target(district)
    records_cache._packs_in_memory.clear()
    renamed = load(district, commit="HEAD")
    assert blobs_read == [TARGETS]  # the only file of its folder
    assert renamed.of("target")[0].data["name"] == "广州市花都区改名后的测试餐饮有限公司"


def test_loads_of_similar_trees_share_the_unchanged_folders(district: Path) -> None:
    change_a_target(district)
    now = load(district, commit="HEAD")
    before = load(district, commit="HEAD~1")
    assert now.of("inspector")[0].data is before.of("inspector")[0].data
    assert now.of("target")[0].data is not before.of("target")[0].data
    assert before.of("target")[0].data["name"] != now.of("target")[0].data["name"]


def test_records_share_keys_and_short_values_and_equal_a_fresh_parse(district: Path) -> None:
    load(district)  # fills the parse cache
    records_cache._packs_in_memory.clear()
    cached = load(district).of("target")
    fresh = load(district, use_cache=False).of("target")
    assert [t.data for t in cached] == [t.data for t in fresh]
    first, second = cached[0].data, cached[1].data
    assert next(k for k in first if k == "status") is next(k for k in second if k == "status")
    assert first["status"] is second["status"]
    assert first["name"] is not second["name"]
