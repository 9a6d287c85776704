"""The clock of a draw step: a simulated one only in demo repositories, never before HEAD."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from spotcheck import yamlio
from spotcheck.clock import SIMULATED_CLOCK, ClockError
from spotcheck.draw import service
from tests.fixtures import git, make_district

TASK = "2026-SCJG-01"
DRAW_FILE = f"records/draws/2026/{TASK}/draw.yaml"


def spotcheck(root: Path, *args: str, now: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != SIMULATED_CLOCK}
    if now is not None:
        env[SIMULATED_CLOCK] = now
    return subprocess.run(
        [sys.executable, "-m", "spotcheck.cli", *args, "--repo", str(root)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def state(root: Path) -> tuple[str, str]:
    return git(root, "rev-parse", "HEAD"), git(root, "status", "--porcelain")


def set_demo(root: Path, demo: bool, *, commit: bool = True) -> None:
    path = root / "records/config.yaml"
    config = yamlio.parse(path.read_text(encoding="utf-8"), "config")
    config["demo"] = demo
    path.write_text(yamlio.dump(config), encoding="utf-8")
    if commit:
        git(root, "commit", "-qam", f"demo: {demo}")


def commit_args(available: str) -> list[str]:
    return [
        "draw",
        "commit",
        TASK,
        "--seed-source",
        "beacon",
        "--beacon",
        "drand-quicknet",
        "--round",
        "4242",
        "--available-at",
        available,
    ]


@pytest.fixture
def production(tmp_path: Path) -> Path:
    root = make_district(tmp_path / "district")
    set_demo(root, False)
    return root


def test_backdating_with_the_simulated_clock_is_refused_outside_demo(production: Path) -> None:
    """The re-roll of issue 9: commit and draw a few seconds apart on a typed clock."""
    before = state(production)
    head = before[0][:10]
    result = spotcheck(
        production, *commit_args("2026-03-25T15:00:00+08:00"), now="2026-03-20T10:00:00+08:00"
    )
    assert result.returncode == 1
    # file, commit and rule are named; nothing was written
    assert "records/config.yaml" in result.stderr and f"提交 {head}" in result.stderr
    assert "规则 clock.simulated-outside-demo" in result.stderr
    assert f"unset {SIMULATED_CLOCK}" in result.stderr
    assert state(production) == before
    run = spotcheck(
        production,
        "draw",
        "run",
        TASK,
        "--without-commitment",
        "--seed",
        "1",
        now="2026-03-20T10:00:05+08:00",
    )
    assert run.returncode == 1 and "clock.simulated-outside-demo" in run.stderr
    assert state(production) == before


def test_the_demo_flag_counts_only_as_committed(production: Path) -> None:
    set_demo(production, True, commit=False)  # in the working tree only, hidden from status:
    git(production, "update-index", "--assume-unchanged", "records/config.yaml")
    assert git(production, "status", "--porcelain") == ""
    result = spotcheck(
        production, *commit_args("2026-03-25T15:00:00+08:00"), now="2026-03-20T10:00:00+08:00"
    )
    assert result.returncode == 1 and "clock.simulated-outside-demo" in result.stderr


def test_the_simulated_clock_works_in_a_demo_repository(tmp_path: Path) -> None:
    demo = make_district(tmp_path / "demo")  # demo: true
    result = spotcheck(demo, *commit_args("2026-03-25T15:00:00+08:00"), now="2026-03-20T10:00:00")
    assert result.returncode == 0, result.stderr
    assert git(demo, "log", "-1", "--format=%cI").startswith("2026-03-20T10:00:00")


def test_the_real_clock_is_used_outside_demo(production: Path) -> None:
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=30)).isoformat(timespec="seconds")
    result = spotcheck(production, *commit_args(later))
    assert result.returncode == 0, result.stderr
    committed = dt.datetime.fromisoformat(git(production, "log", "-1", "--format=%cI").strip())
    assert abs((committed - dt.datetime.now(dt.UTC)).total_seconds()) < 120
    assert git(production, "log", "-1", "--format=%s").strip() == f"抽取承诺：{TASK}（第 1 次）"


def test_a_commit_dated_before_its_parent_is_refused_outside_demo(
    production: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SIMULATED_CLOCK, raising=False)
    before = state(production)
    past = dt.datetime(2020, 1, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    source = {
        "kind": "beacon",
        "beacon": "drand-quicknet",
        "round": 1,
        "available_at": "2020-02-01",
    }
    with pytest.raises(ClockError) as caught:
        service.commit(production, TASK, source, clock=lambda: past)
    message = str(caught.value)
    assert "history.date-before-parent" in message and before[0][:10] in message
    assert state(production) == before


def test_the_clock_is_refused_before_any_leftover_is_touched(production: Path) -> None:
    leftover = production / f"records/draws/2026/{TASK}/commitment.yaml"
    leftover.parent.mkdir(parents=True)
    leftover.write_text(yamlio.dump({"task": TASK, "attempt": 1}), encoding="utf-8")
    result = spotcheck(
        production, *commit_args("2026-03-25T15:00:00+08:00"), now="2026-03-20T10:00:00+08:00"
    )
    assert result.returncode == 1 and "clock.simulated-outside-demo" in result.stderr
    assert leftover.exists()
