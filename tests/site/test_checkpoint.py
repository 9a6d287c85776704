"""The built site publishes the history checkpoint of the commit it was built from."""

from __future__ import annotations

import json
from pathlib import Path

from spotcheck.trust.checkpoint import parse_checkpoint
from tests.site.conftest import spotcheck


def test_the_site_publishes_the_history_checkpoint(built_site: Path, fixture_root: Path) -> None:
    published = parse_checkpoint((built_site / "checkpoint.json").read_bytes())
    printed = spotcheck("checkpoint", "--repo", str(fixture_root))
    assert printed.returncode == 0, printed.stderr
    assert published == json.loads(printed.stdout)
    files = published["files"]
    assert "records/draws/2026/2026-SCJG-03/void-1.yaml" in files  # voids stay public
    assert any(path.startswith("records/draws/populations/") for path in files)
    audit = spotcheck(
        "audit", "--repo", str(fixture_root), "--checkpoint", str(built_site / "checkpoint.json")
    )
    assert audit.returncode == 0, audit.stdout + audit.stderr
