"""`spotcheck draw commit|run|verify|void` on real temporary git repositories."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from spotcheck import yamlio
from tests.fixtures import git, make_district

COMMIT_TIME = "2026-03-20T10:00:00+08:00"
SEED_TIME = "2026-03-25T15:00:00+08:00"
AFTER_SEED = "2026-03-26T09:30:00+08:00"
TASK = "2026-SCJG-01"
JOINT = "2026-SCJG-02"
DRAW_FILE = "records/draws/2026/2026-SCJG-01/draw.yaml"


def spotcheck(root: Path, *args: str, now: str = AFTER_SEED) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SPOTCHECK_NOW": now}
    return subprocess.run(
        [sys.executable, "-m", "spotcheck.cli", *args, "--repo", str(root)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def beacon_commit(
    root: Path, task: str = TASK, *, now: str = COMMIT_TIME, available: str = SEED_TIME
):
    return spotcheck(
        root,
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
        available,
        now=now,
    )


def state(root: Path) -> tuple[str, str]:
    """HEAD and the porcelain status: equal states mean nothing was written."""
    return git(root, "rev-parse", "HEAD"), git(
        root, "status", "--porcelain", "--untracked-files=all"
    )


@pytest.fixture
def district(tmp_path: Path) -> Path:
    return make_district(tmp_path / "district")


@pytest.fixture
def drawn(district: Path) -> Path:
    assert beacon_commit(district).returncode == 0
    result = spotcheck(district, "draw", "run", TASK, "--seed", "7d3f0a9e")
    assert result.returncode == 0, result.stderr
    return district


def test_commit_run_verify(drawn: Path) -> None:
    draw = yamlio.parse((drawn / DRAW_FILE).read_text(encoding="utf-8"), DRAW_FILE)
    assert draw["pre_committed"] is True
    assert draw["seed"] == "7d3f0a9e"
    for stratum in draw["strata"]:
        tickets = [s["ticket"] for s in stratum["selected"]]
        assert tickets == sorted(tickets)
        if tickets:
            assert stratum["threshold"] == tickets[-1]
        assert all(r["ticket"] > (stratum["threshold"] or "") for r in stratum["reserves"])
    for assignment in draw["assignments"]:
        officers = assignment["officers"]
        assert len(officers) >= 2
        assert officers[0]["role"] == "组长"
    message = git(drawn, "log", "-1", "--format=%B")
    trailers = yamlio.parse(message.split("\n\n", 1)[1], "trailers")
    assert trailers["Spotcheck-Task"] == TASK
    assert trailers["Spotcheck-Seed"] == "7d3f0a9e"
    assert trailers["Spotcheck-Commitment"] == draw["commitment_commit"]
    verify = spotcheck(drawn, "draw", "verify", "--all")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "通过" in verify.stdout
    # population evidence is published beside the draw
    commitment = yamlio.parse(
        (drawn / "records/draws/2026/2026-SCJG-01/commitment.yaml").read_text(encoding="utf-8"), "c"
    )
    for stratum in commitment["strata"]:
        assert (drawn / stratum["file"]).exists()


def test_the_draw_reads_the_records_as_of_the_commitment(district: Path) -> None:
    assert beacon_commit(district).returncode == 0
    # after the commitment a business is deregistered: read from today's records it would
    # leave the population and the draw would not match its commitment
    path = district / "records/targets/440114001/001.yaml"
    targets = yamlio.parse(path.read_text(encoding="utf-8"), "targets")
    leaving = targets[0]
    leaving["status"] = "注销"
    leaving["status_history"].append({"event": "注销", "date": "2026-03-21"})
    path.write_text(yamlio.dump(targets), encoding="utf-8")
    git(district, "commit", "-qam", "Deregister a target after the commitment")
    run = spotcheck(district, "draw", "run", TASK, "--seed", "s1")
    assert run.returncode == 0, run.stderr
    draw = yamlio.parse((district / DRAW_FILE).read_text(encoding="utf-8"), "draw")
    population = sum(s["population"] for s in draw["strata"])
    assert population == 36  # the 36 active targets at the commitment, the leaver among them
    assert spotcheck(district, "draw", "verify", TASK).returncode == 0


def test_targets_outside_every_stratum_are_counted_and_left_out_of_the_digest(
    district: Path,
) -> None:
    path = district / "records/plans/2026/SCJG.yaml"
    plan = yamlio.parse(path.read_text(encoding="utf-8"), "plan")
    groups = plan["tasks"][0]["strata"]["groups"]
    plan["tasks"][0]["strata"]["groups"] = [g for g in groups if g["value"] in ("A", "B")]
    path.write_text(yamlio.dump(plan), encoding="utf-8")
    git(district, "commit", "-qam", "Draw classes A and B only")
    assert beacon_commit(district).returncode == 0
    assert spotcheck(district, "draw", "run", TASK, "--seed", "s2").returncode == 0
    commitment = yamlio.parse(
        (district / "records/draws/2026/2026-SCJG-01/commitment.yaml").read_text(encoding="utf-8"),
        "commitment",
    )
    draw = yamlio.parse((district / DRAW_FILE).read_text(encoding="utf-8"), "draw")
    in_strata = sorted(
        line
        for stratum in commitment["strata"]
        for line in (district / stratum["file"]).read_text(encoding="utf-8").splitlines()
    )
    digest = hashlib.sha256("".join(f"{i}\n" for i in in_strata).encode()).hexdigest()
    assert commitment["population"]["removed"]["不属于任何分层"] > 0
    assert commitment["population"]["size"] == draw["population"]["size"] == len(in_strata)
    assert commitment["population"]["digest"] == draw["population"]["digest"] == digest
    assert spotcheck(district, "draw", "verify", TASK).returncode == 0


def test_second_draw_needs_a_void(drawn: Path) -> None:
    before = state(drawn)
    again = spotcheck(drawn, "draw", "run", TASK, "--seed", "other")
    assert again.returncode == 1
    assert "不能重复抽取" in again.stderr
    assert state(drawn) == before
    recommit = beacon_commit(drawn, now=AFTER_SEED, available="2026-04-01T10:00:00+08:00")
    assert recommit.returncode == 1 and "作废" in recommit.stderr
    voided = spotcheck(
        drawn, "draw", "void", TASK, "--reason", "人员库录入错误，重新抽取", now=AFTER_SEED
    )
    assert voided.returncode == 0, voided.stderr
    second = beacon_commit(
        drawn, now="2026-03-27T09:00:00+08:00", available="2026-03-28T09:00:00+08:00"
    )
    assert second.returncode == 0, second.stderr
    run = spotcheck(drawn, "draw", "run", TASK, "--seed", "next", now="2026-03-28T10:00:00+08:00")
    assert run.returncode == 0, run.stderr
    assert (drawn / "records/draws/2026/2026-SCJG-01/draw-2.yaml").exists()
    assert (drawn / DRAW_FILE).exists()  # the voided draw stays published
    verify = spotcheck(drawn, "draw", "verify", "--all", "--format", "json")
    assert verify.returncode == 0, verify.stdout
    assert '"voided": true' in verify.stdout


def test_run_without_commitment_is_refused_unless_allowed(district: Path) -> None:
    before = state(district)
    refused = spotcheck(district, "draw", "run", TASK, "--seed", "x")
    assert refused.returncode == 1 and "没有抽取承诺" in refused.stderr
    assert state(district) == before
    allowed = spotcheck(district, "draw", "run", TASK, "--seed", "x", "--without-commitment")
    assert allowed.returncode == 0, allowed.stderr
    assert "未事先承诺" in allowed.stdout
    assert spotcheck(district, "draw", "verify", TASK).returncode == 0


def test_dirty_records_are_refused_and_left_alone(district: Path) -> None:
    (district / "records/targets/440114001/001.yaml").write_text("- broken\n", encoding="utf-8")
    before = state(district)
    result = beacon_commit(district)
    assert result.returncode == 1 and "未提交的修改" in result.stderr
    assert state(district) == before


def test_seed_known_before_the_commitment_is_refused(district: Path) -> None:
    before = state(district)
    result = beacon_commit(district, now=COMMIT_TIME, available="2026-03-19T10:00:00+08:00")
    assert result.returncode == 1 and "承诺时种子必须尚未产生" in result.stderr
    assert state(district) == before


def test_run_before_the_seed_exists_is_refused(district: Path) -> None:
    assert beacon_commit(district).returncode == 0
    before = state(district)
    early = spotcheck(
        district, "draw", "run", TASK, "--seed", "guess", now="2026-03-21T10:00:00+08:00"
    )
    assert early.returncode == 1 and "才产生" in early.stderr
    assert state(district) == before


def test_tampered_draw_fails_verification(drawn: Path) -> None:
    path = drawn / DRAW_FILE
    text = path.read_text(encoding="utf-8")
    draw = yamlio.parse(text, "d")
    first = draw["strata"][0]["selected"][0]["target"]
    reserve = next(s["reserves"][0]["target"] for s in draw["strata"] if s["reserves"])
    path.write_text(
        text.replace(first, "TEMP").replace(reserve, first).replace("TEMP", reserve),
        encoding="utf-8",
    )
    git(drawn, "commit", "-qam", "Swap a selected target")
    verify = spotcheck(drawn, "draw", "verify", TASK)
    assert verify.returncode == 1
    assert "不通过" in verify.stdout and "被修改过" in verify.stdout


def test_changed_commitment_is_caught(district: Path) -> None:
    assert beacon_commit(district).returncode == 0
    path = district / "records/draws/2026/2026-SCJG-01/commitment.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"size: (\d+)", lambda m: f"size: {int(m[1]) - 1}", text, count=1), encoding="utf-8"
    )
    git(district, "commit", "-qam", "Edit the commitment")
    before = state(district)
    run = spotcheck(district, "draw", "run", TASK, "--seed", "s")
    assert run.returncode == 1 and "承诺一经提交不得更改" in run.stderr
    assert state(district) == before


def test_manual_seed_needs_config(district: Path) -> None:
    config = district / "records/config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "allow_manual_seed: true", "allow_manual_seed: false"
        ),
        encoding="utf-8",
    )
    git(district, "commit", "-qam", "No manual seeds")
    result = spotcheck(
        district,
        "draw",
        "commit",
        TASK,
        "--seed-source",
        "manual",
        "--note",
        "培训",
        "--available-at",
        SEED_TIME,
        now=COMMIT_TIME,
    )
    assert result.returncode == 1 and "allow_manual_seed" in result.stderr


def test_two_draws_cannot_interleave(district: Path) -> None:
    lock = district / ".git" / "spotcheck.lock"
    lock.write_text("12345\n", encoding="utf-8")
    before = state(district)
    result = beacon_commit(district)
    assert result.returncode == 1 and "正在进行" in result.stderr
    assert state(district) == before


def test_impossible_assignment_names_target_department_and_counts(district: Path) -> None:
    # every SPYP officer declares a conflict with every target: the joint task needs one SPYP
    # officer per target, so no target can be staffed.  `draw commit` refuses (a commitment
    # would force a void); drawn without one, the draw fails and names the counts.
    inspectors = district / "records/inspectors/SPYP.yaml"
    data = yamlio.parse(inspectors.read_text(encoding="utf-8"), "i")
    for inspector in data:
        inspector["conflicts"] = [{"target": t, "reason": "亲属"} for t in _all_targets(district)]
    inspectors.write_text(yamlio.dump(data), encoding="utf-8")
    git(district, "commit", "-qam", "Conflicts declared")
    before = state(district)
    committed = spotcheck(
        district,
        "draw",
        "commit",
        JOINT,
        "--seed-source",
        "manual",
        "--note",
        "测试",
        "--available-at",
        SEED_TIME,
        now=COMMIT_TIME,
    )
    assert committed.returncode == 1
    assert "未提交承诺" in committed.stderr and "区食品药品监管局" in committed.stderr
    assert "清空人选的规则：回避（利益冲突）" in committed.stderr
    assert "回避（利益冲突）3 人" in committed.stderr
    assert "人员名录 records/inspectors/SPYP.yaml（提交 " in committed.stderr
    assert state(district) == before
    result = spotcheck(
        district, "draw", "run", JOINT, "--without-commitment", "--seed", "s", now=AFTER_SEED
    )
    assert result.returncode == 1
    assert "无法为检查对象" in result.stderr and "区食品药品监管局" in result.stderr
    assert "回避（利益冲突）3 人" in result.stderr
    assert state(district) == before


def _all_targets(root: Path) -> list[str]:
    data = yamlio.parse(
        (root / "records/targets/440114001/001.yaml").read_text(encoding="utf-8"), "t"
    )
    return [t["uscc"] for t in data]


def test_validate_accepts_committed_draws(drawn: Path) -> None:
    result = spotcheck(drawn, "validate", "--today", "2026-03-26")
    assert result.returncode == 0, result.stdout


def test_due_draws_run_from_a_committed_reveal(district: Path) -> None:
    assert beacon_commit(district).returncode == 0
    reveal = district / "records/draws/2026/2026-SCJG-01/reveal.yaml"
    reveal.write_text(
        yamlio.dump(
            {
                "task": TASK,
                "attempt": 1,
                "seed": "beacon-4242-value",
                "evidence": "drand quicknet 第 4242 轮公开值",
            }
        ),
        encoding="utf-8",
    )
    git(district, "add", "-A")
    git(district, "commit", "-qm", "Reveal the seed")
    early = spotcheck(district, "draw", "due", now="2026-03-21T10:00:00+08:00")
    assert early.returncode == 0 and "没有到期" in early.stdout
    due = spotcheck(district, "draw", "due")
    assert due.returncode == 0 and TASK in due.stdout, due.stderr
    draw = yamlio.parse((district / DRAW_FILE).read_text(encoding="utf-8"), "d")
    assert draw["seed"] == "beacon-4242-value"
    assert spotcheck(district, "draw", "verify", "--all").returncode == 0
    assert "没有到期" in spotcheck(district, "draw", "due").stdout


def test_targets_drawn_for_the_same_item_recently_are_excluded(drawn: Path) -> None:
    plan_path = drawn / "records/plans/2026/SCJG.yaml"
    plan = yamlio.parse(plan_path.read_text(encoding="utf-8"), "plan")
    plan["tasks"][1]["exclusions"] = {"inspected_within_months": 12}
    plan_path.write_text(yamlio.dump(plan), encoding="utf-8")
    git(drawn, "commit", "-qam", "Exclude recently inspected targets from the joint task")
    first = yamlio.parse((drawn / DRAW_FILE).read_text(encoding="utf-8"), "draw")
    drawn_before = {s["target"] for stratum in first["strata"] for s in stratum["selected"]}

    def commit_joint(now: str, available: str) -> dict:
        result = beacon_commit(drawn, JOINT, now=now, available=available)
        assert result.returncode == 0, result.stderr
        folder = drawn / "records/draws/2026/2026-SCJG-02"
        found = [
            yamlio.parse(p.read_text(encoding="utf-8"), "c") for p in folder.glob("commitment*")
        ]
        return max(found, key=lambda c: c["attempt"])

    commitment = commit_joint("2026-03-27T09:00:00+08:00", "2026-03-28T09:00:00+08:00")
    assert commitment["population"]["removed"]["近期已就相同事项检查"] == len(drawn_before)
    # a voided draw is no inspection: once task 1 is voided nobody is excluded
    for task in (JOINT, TASK):
        voided = spotcheck(
            drawn, "draw", "void", task, "--reason", "测试作废后的排除", now=AFTER_SEED
        )
        assert voided.returncode == 0, voided.stderr
    commitment = commit_joint("2026-03-29T09:00:00+08:00", "2026-03-30T09:00:00+08:00")
    assert commitment["population"]["removed"]["近期已就相同事项检查"] == 0
