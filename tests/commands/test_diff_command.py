"""`spotcheck diff`: changed records and fields, never a non-public value."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from spotcheck import yamlio
from tests.fixtures import git, make_district

TARGETS = "records/targets/440114001/001.yaml"


def test_diff_lists_fields_and_hides_non_public_values(tmp_path: Path) -> None:
    root = make_district(tmp_path / "d")
    path = root / TARGETS
    data = yamlio.parse(path.read_text(encoding="utf-8"), TARGETS)
    old_phone = data[0]["contact"]["phone"]
    data[0]["name"] = "改名后的公司"
    data[0]["contact"]["phone"] = "13912345678"
    removed = data.pop()
    path.write_text(yamlio.dump(data), encoding="utf-8")
    git(root, "commit", "-qam", "Edit targets")
    result = subprocess.run(
        [sys.executable, "-m", "spotcheck.cli", "diff", "HEAD~1", "HEAD", "--repo", str(root)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "修改 检查对象" in result.stdout and "改名后的公司" in result.stdout
    assert f"删除 检查对象 {removed['uscc']}" in result.stdout
    assert "13912345678" not in result.stdout and old_phone not in result.stdout
    assert "联系电话：（不公开） → （不公开）" in result.stdout
    as_json = json.loads(
        subprocess.run(
            [
                sys.executable,
                "-m",
                "spotcheck.cli",
                "diff",
                "HEAD~1",
                "HEAD",
                "--repo",
                str(root),
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert {c["change"] for c in as_json} == {"changed", "removed"}
