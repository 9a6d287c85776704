"""The statistics read only `STATISTICS_FIELDS` of targets and draws (cold `stats` at district
scale parses, shares and pickles far less): their figures must equal those on whole records."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from spotcheck.records import cache as cache_module
from spotcheck.records import load
from spotcheck.statistics.extract import STATISTICS_FIELDS, district_facts
from spotcheck.statistics.report import report

ROOT = Path(__file__).resolve().parents[2]


def test_statistics_on_their_fields_equal_statistics_on_whole_records(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(ROOT / "records", root / "records")
    full = load(root)
    cache_module._packs_in_memory.clear()
    slim = load(root, fields=STATISTICS_FIELDS)
    assert slim.of("target")[0].data != full.of("target")[0].data  # contacts etc. left out
    assert all("assignments" not in d.data for d in slim.of("draw"))
    assert all("officers" not in r.data for r in slim.of("result"))
    # the example's results use every field the statistics could read
    fields = {f for r in full.of("result") for f in r.data}
    assert {"delay", "corrections", "follow_up"} <= fields
    for today in (dt.date(2026, 3, 1), dt.date(2026, 11, 29), dt.date(2027, 6, 30)):
        whole_facts = district_facts(full, today)
        slim_facts = district_facts(slim, today)
        assert slim_facts == whole_facts
        for year in (None, "2025", "2026"):
            assert report(slim_facts, year) == report(whole_facts, year)
