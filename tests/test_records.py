"""Loading records: from a commit, from the parse cache, and shared between loads."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spotcheck import yamlio
from spotcheck.records import SourceFile, load
from spotcheck.records import cache as records_cache
from spotcheck.records import sources as records_sources
from tests.fixtures import git, make_district

TARGETS = "records/targets/440114001/001.yaml"
ROOT = Path(__file__).resolve().parents[1]


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


# --- projection: loading only the fields a command reads ---------------------------------------

TARGET_FIELDS = ("uscc", "status", "credit_class", "lists", "name", "contact", "no_such_field")


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fields=st.lists(st.sampled_from(TARGET_FIELDS), min_size=1, unique=True))
def test_a_projection_is_the_full_records_cut_down_whether_cached_or_not(
    district: Path, fields: list[str]
) -> None:
    full = load(district)
    projection = {"target": tuple(fields)}
    for _ in range(2):  # the slim packs made, then read back from the cache as a new process
        records_cache._packs_in_memory.clear()
        slim = load(district, fields=projection)
        assert [t.data for t in slim.of("target")] == [
            {f: t.data[f] for f in fields if f in t.data} for t in full.of("target")
        ]
        assert [(r.kind, r.id, r.path, r.index) for r in slim.records] == [
            (r.kind, r.id, r.path, r.index) for r in full.records
        ]
        assert [r.data for r in slim.records if r.kind != "target"] == [
            r.data for r in full.records if r.kind != "target"
        ]
        assert slim.problems == full.problems
    records_cache._packs_in_memory.clear()
    assert load(district).of("target")[0].data == full.of("target")[0].data  # full packs intact


def test_a_draw_on_the_draw_fields_equals_a_draw_on_every_field(tmp_path: Path) -> None:
    """The draw steps load targets and results cut down to `DRAW_FIELDS`: every task of the
    example district commits to and draws the same on both."""
    from spotcheck.draw.engine import DRAW_FIELDS, build_commitment, compute_draw
    from spotcheck.model import all_tasks, department_names

    root = tmp_path / "example"
    shutil.copytree(ROOT / "records", root / "records")
    full, slim = load(root), load(root, fields=DRAW_FIELDS)
    assert slim.of("target")[0].data != full.of("target")[0].data  # names etc. left out
    tasks = sorted(all_tasks(full).values(), key=lambda t: t.id)
    assert len(tasks) >= 18
    for task in tasks:
        made = []
        for records in (full, slim):
            commitment, populations = build_commitment(
                records,
                all_tasks(records)[task.id],
                attempt=1,
                seed_source={"kind": "manual", "note": "测试", "available_at": "2026-01-02"},
                committed_at="2026-01-01T09:00:00+08:00",
                committed_by="测试",
                tool_version="test",
            )
            draw = compute_draw(
                records,
                commitment,
                "00" * 32,
                commitment_commit=None,
                names=department_names(records),
            )
            made.append((commitment, populations, draw))
        assert made[0] == made[1], task.id


def test_bytes_dropped_after_parsing_are_read_again_and_checked(district: Path) -> None:
    """Loading keeps no file's bytes; a message that needs them reads them again — and refuses
    bytes other than those hashed (a file changed while the command ran)."""
    records = load(district)
    source = records.files[TARGETS]
    assert source._data is None and source.rereadable
    assert source.data == (district / TARGETS).read_bytes()
    source.forget()
    (district / TARGETS).write_bytes(source.data + b"# changed\n")
    source.forget()
    with pytest.raises(ValueError, match="被修改"):
        _ = source.data
