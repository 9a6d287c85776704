"""A killed draw is not published, and the next `draw run` recovers without a void."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spotcheck import yamlio
from spotcheck.draw.recovery import PAUSE_VARIABLE
from tests.fixtures import git, make_district

COMMIT_TIME = "2026-03-20T10:00:00+08:00"
SEED_TIME = "2026-03-25T15:00:00+08:00"
AFTER_SEED = "2026-03-26T09:30:00+08:00"
TASK = "2026-SCJG-01"
FOLDER = f"records/draws/2026/{TASK}"
DRAW_FILE = f"{FOLDER}/draw.yaml"


def command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "spotcheck.cli", *args, "--repo", str(root)]


def environment(now: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "SPOTCHECK_NOW": now, **extra}


def spotcheck(root: Path, *args: str, now: str = AFTER_SEED) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(root, *args), capture_output=True, text=True, env=environment(now), check=False
    )


def commit_args(task: str = TASK) -> list[str]:
    return [
        "draw",
        "commit",
        task,
        "--seed-source",
        "beacon",
        "--beacon",
        "drand-quicknet",
        "--round",
        "4242",
        "--available-at",
        SEED_TIME,
    ]


def killed_before_commit(root: Path, tmp_path: Path, *args: str, now: str) -> None:
    """Run a spotcheck step and SIGKILL it when its files are written and staged."""
    marker = tmp_path / "paused"
    process = subprocess.Popen(
        command(root, *args),
        env=environment(now, **{PAUSE_VARIABLE: str(marker)}),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < deadline, "the step never reached its commit"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def committed(tmp_path: Path) -> Path:
    root = make_district(tmp_path / "district")
    assert spotcheck(root, *commit_args(), now=COMMIT_TIME).returncode == 0
    return root


def test_a_killed_draw_is_not_published_and_the_next_run_recovers(
    committed: Path, tmp_path: Path
) -> None:
    before = head(committed)
    killed_before_commit(committed, tmp_path, "draw", "run", TASK, "--seed", "7d3f", now=AFTER_SEED)
    # the kill left the draw file written and staged, and no commit
    assert head(committed) == before
    assert git(committed, "status", "--porcelain", "--", "records").splitlines() == [
        f"A  {DRAW_FILE}"
    ]
    assert spotcheck(committed, "draw", "verify", TASK).returncode == 1  # there is no draw
    validated = spotcheck(committed, "validate", "--today", "2026-03-26")
    assert validated.returncode == 1
    output = validated.stdout + validated.stderr
    assert DRAW_FILE in output and "已写入并暂存" in output and "没有提交" in output
    assert f"当前提交 {before[:7]}" in output and "draw.uncommitted-file" in output
    assert f"spotcheck draw run {TASK}" in output
    assert f"git restore --staged {DRAW_FILE} && rm {DRAW_FILE}" in output
    built = spotcheck(committed, "build", "--no-draw", "--site-dir", str(tmp_path / "site"))
    assert built.returncode == 1 and DRAW_FILE in built.stdout + built.stderr
    assert not (tmp_path / "site" / "index.html").exists()
    # run again: the leftover (and the killed step's lock) are cleaned, the draw is made
    again = spotcheck(committed, "draw", "run", TASK, "--seed", "7d3f")
    assert again.returncode == 0, again.stderr
    assert git(committed, "status", "--porcelain") == ""
    assert git(committed, "rev-parse", "HEAD~1").strip() == before  # one draw commit, no void
    assert not list((committed / FOLDER).glob("void-*"))
    verified = spotcheck(committed, "draw", "verify", "--all")
    assert verified.returncode == 0, verified.stdout
    assert spotcheck(committed, "validate", "--today", "2026-03-26").returncode == 0


def test_a_killed_commitment_is_recovered_by_committing_again(tmp_path: Path) -> None:
    root = make_district(tmp_path / "district")
    before = head(root)
    killed_before_commit(root, tmp_path, *commit_args(), now=COMMIT_TIME)
    left = git(root, "status", "--porcelain", "--", "records").splitlines()
    assert f"A  {FOLDER}/commitment.yaml" in left and len(left) >= 2  # with population files
    validated = spotcheck(root, "validate", "--today", "2026-03-26")
    assert validated.returncode == 1
    assert f"spotcheck draw commit {TASK}" in validated.stdout + validated.stderr
    again = spotcheck(root, *commit_args(), now=COMMIT_TIME)
    assert again.returncode == 0, again.stderr
    assert git(root, "rev-parse", "HEAD~1").strip() == before
    assert git(root, "status", "--porcelain") == ""
    assert spotcheck(root, "draw", "run", TASK, "--seed", "s").returncode == 0
    assert spotcheck(root, "draw", "verify", "--all").returncode == 0


def test_a_leftover_that_is_not_this_attempts_is_left_alone(committed: Path) -> None:
    # a draw file of another attempt, written by hand: not what `draw run` writes
    wrong = committed / FOLDER / "draw-2.yaml"
    wrong.write_text(yamlio.dump({"task": TASK, "attempt": 2}), encoding="utf-8")
    before = (head(committed), git(committed, "status", "--porcelain"))
    result = spotcheck(committed, "draw", "run", TASK, "--seed", "s")
    assert result.returncode == 1 and "未提交的修改" in result.stderr
    assert (head(committed), git(committed, "status", "--porcelain")) == before
    assert wrong.exists()


def test_a_leftover_naming_another_task_is_left_alone(committed: Path) -> None:
    forged = committed / DRAW_FILE
    forged.write_text(yamlio.dump({"task": "2026-SCJG-02", "attempt": 1}), encoding="utf-8")
    git(committed, "add", DRAW_FILE)
    result = spotcheck(committed, "draw", "run", TASK, "--seed", "s")
    assert result.returncode == 1 and "未提交的修改" in result.stderr
    assert forged.exists()


def test_a_changed_committed_draw_file_is_reported_with_its_undo(committed: Path) -> None:
    commitment = committed / FOLDER / "commitment.yaml"
    commitment.write_text(commitment.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    validated = spotcheck(committed, "validate", "--today", "2026-03-26")
    assert validated.returncode == 1
    output = validated.stdout + validated.stderr
    assert "已提交的抽取文件被修改" in output
    assert f"git checkout -- {FOLDER}/commitment.yaml" in output
