"""The downloads built from parts kept in the build cache (generator/site/downloads_export.py)
are byte for byte the exports computed whole, after a change too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from spotcheck.records import load
from spotcheck.schemas import SchemaSet
from spotcheck.site import downloads_export
from spotcheck.site.build_cache import DerivedCache, folder_digests
from spotcheck.site.public import public_records
from tests.site.conftest import REPO

TODAY = dt.date(2026, 11, 30)
RESULT = "records/results/2026/2026-AJJ-01/914401141509283735.yaml"


def test_kept_parts_and_zips_give_the_whole_exports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the example's tables are small: zip from 2 KB, so that kept zips are used as well
    monkeypatch.setattr(downloads_export, "ZIP_ABOVE_BYTES", 2_000)
    records = load(REPO, use_cache=False)
    public = public_records(records, SchemaSet())
    blobs = {path: source.blob for path, source in records.files.items()}

    def cache(blobs: dict[str, str]) -> DerivedCache:
        inputs = folder_digests(records.files.values())
        inputs["results"] = "|".join(v for k, v in sorted(blobs.items()) if "/results/" in k)
        return DerivedCache(tmp_path / "cache", "setting", inputs, blobs)

    whole = downloads_export.export_downloads(public, TODAY, None)
    assert any(path.endswith(".zip") for path in whole[1])
    assert downloads_export.export_downloads(public, TODAY, cache(blobs)) == whole
    # all kept: a table whose zips are kept is not even joined from its parts
    joined: list[str] = []
    kept_part = downloads_export._kept

    def spy(derived: object, name: str, key: object, compute: object) -> object:
        joined.append(name)
        return kept_part(derived, name, key, compute)  # type: ignore[arg-type]

    monkeypatch.setattr(downloads_export, "_kept", spy)
    assert downloads_export.export_downloads(public, TODAY, cache(blobs)) == whole
    assert joined and not [name for name in joined if name.startswith("opendata/result/")]

    # one result changes (its file's blob id with it): its parts are made again
    result = next(r for r in public.of("result") if r.path == RESULT)
    result.data["inspection_date"] = "2026-03-25"
    result.data["findings"] = "更正：检查日期"
    changed = {**blobs, RESULT: "0" * 40}
    whole_after = downloads_export.export_downloads(public, TODAY, None)
    assert whole_after != whole
    assert downloads_export.export_downloads(public, TODAY, cache(changed)) == whole_after
