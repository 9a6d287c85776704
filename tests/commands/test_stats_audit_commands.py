"""`spotcheck audit` on the shipped example district (`stats`: test_stats_command.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def spotcheck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spotcheck.cli", *args, "--repo", str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_audit_log_lists_draw_commits_with_trailers() -> None:
    result = spotcheck("audit", "--log", "--format", "json")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    # by trailer, not subject: the example history's subjects are English ("Draw …"), newer
    # ones Chinese ("抽取：…")
    draws = [e for e in entries if "Spotcheck-Seed" in e["trailers"]]
    assert draws, "the example draws are in the history"
    assert all(e["trailers"]["Spotcheck-Seed"] for e in draws)
    assert all(any(f.endswith("draw.yaml") or "/draw-" in f for f in e["files"]) for e in draws)
    assert all("@" not in e["author"] for e in entries)  # names only, never e-mail addresses
    since = json.loads(
        spotcheck("audit", "--log", "--since", "2026-11-26", "--format", "json").stdout
    )
    assert all(e["date"] >= "2026-11-26" for e in since) and len(since) < len(entries)


def test_audit_checks_the_example_history() -> None:
    """The shipped history: nothing published was removed or rewritten; the three commitment
    commits dated before their parents (made with a simulated clock) are warnings only,
    because the example district is marked as a demo repository."""
    result = spotcheck("audit", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == 0
    assert {f["rule"] for f in report["findings"]} <= {"history.date-before-parent"}
    assert all(f["level"] == "warning" for f in report["findings"])
