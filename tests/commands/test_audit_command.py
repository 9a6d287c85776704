"""Published records that vanish or change, seeds revealed early, backdated commits and
force-pushes: caught by `spotcheck validate`, `draw verify` and `audit` on real temporary git
repositories whose draws were made with the `spotcheck` command (issue 9, item 4)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from spotcheck import yamlio
from tests.commands.test_draw_command import (
    AFTER_SEED,
    COMMIT_TIME,
    TASK,
    beacon_commit,
    spotcheck,
)
from tests.fixtures import make_district

FOLDER = f"records/draws/2026/{TASK}"
VOID = f"{FOLDER}/void-1.yaml"
START = "2026-01-05T09:00:00+08:00"


def git(root: Path, *args: str, when: str | None = None) -> str:
    env = dict(os.environ)
    if when is not None:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env
    ).stdout.strip()


def short(root: Path, revision: str = "HEAD") -> str:
    return git(root, "rev-parse", revision)[:10]


def commit_all(root: Path, message: str, when: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, when=when)
    return short(root)


@pytest.fixture
def district(tmp_path: Path) -> Path:
    """The test district, its first commit dated before every draw (an honest clock)."""
    root = make_district(tmp_path / "district")
    git(root, "commit", "-q", "--amend", "--no-edit", "--reset-author", when=START)
    return root


@pytest.fixture
def voided(district: Path) -> Path:
    """Attempt 1 committed, drawn and voided; attempt 2 committed and drawn."""
    assert beacon_commit(district).returncode == 0
    assert spotcheck(district, "draw", "run", TASK, "--seed", "7d3f0a9e").returncode == 0
    void = spotcheck(
        district,
        "draw",
        "void",
        TASK,
        "--reason",
        "检查期填写错误，重新承诺",
        now="2026-03-27T09:00:00+08:00",
    )
    assert void.returncode == 0, void.stderr
    again = beacon_commit(
        district, now="2026-03-27T10:00:00+08:00", available="2026-03-30T15:00:00+08:00"
    )
    assert again.returncode == 0, again.stderr
    run = spotcheck(
        district, "draw", "run", TASK, "--seed", "next", now="2026-03-31T09:00:00+08:00"
    )
    assert run.returncode == 0, run.stderr
    return district


def audit(root: Path, *args: str) -> tuple[int, dict]:
    result = spotcheck(root, "audit", *args, "--format", "json")
    return result.returncode, json.loads(result.stdout)


def named(report: dict) -> set[tuple[str, str, str]]:
    return {(f["rule"], f["path"], f["commit"][:10]) for f in report["findings"]}


def test_an_honest_history_passes_everything(voided: Path) -> None:
    assert spotcheck(voided, "validate", "--today", "2026-04-01").returncode == 0
    assert spotcheck(voided, "draw", "verify", "--all").returncode == 0
    result = spotcheck(voided, "audit")
    assert result.returncode == 0, result.stdout
    assert "审计通过" in result.stdout


def test_git_rm_of_a_void_fails_validate_verify_and_audit(voided: Path) -> None:
    git(voided, "rm", "-q", VOID)
    removal = commit_all(voided, "Tidy up", "2026-04-01T09:00:00+08:00")
    validate = spotcheck(voided, "validate", "--today", "2026-04-01")
    assert validate.returncode == 1
    line = next(x for x in validate.stdout.splitlines() if "history.deleted" in x)
    assert line.startswith(f"{VOID}: 错误 [提交 {removal}]") and "作废记录" in line
    verify = spotcheck(voided, "draw", "verify", "--all")
    assert verify.returncode == 1
    assert f"{VOID} 提交 {removal} 规则 history.deleted" in verify.stdout
    code, report = audit(voided)
    assert code == 1 and named(report) == {("history.deleted", VOID, removal)}
    text = spotcheck(voided, "audit").stdout
    assert f"{VOID}: 错误 提交 {removal} 规则 history.deleted" in text


def test_git_rm_of_a_whole_attempt_is_named_file_by_file(voided: Path) -> None:
    attempt = [f"{FOLDER}/commitment.yaml", f"{FOLDER}/draw.yaml", VOID]
    git(voided, "rm", "-q", *attempt)
    removal = commit_all(voided, "Remove attempt 1", "2026-04-01T09:00:00+08:00")
    code, report = audit(voided)
    assert code == 1
    assert named(report) == {("history.deleted", path, removal) for path in attempt}
    verify = spotcheck(voided, "draw", "verify", TASK)
    assert verify.returncode == 1
    assert all(f"{path} 提交 {removal}" in verify.stdout for path in attempt)


def test_a_rewritten_draw_file_is_caught(voided: Path) -> None:
    draw = voided / f"{FOLDER}/draw-2.yaml"
    draw.write_text(draw.read_text(encoding="utf-8").replace("next", "chosen"), encoding="utf-8")
    rewrite = commit_all(voided, "Fix seed", "2026-04-01T09:00:00+08:00")
    code, report = audit(voided)
    assert code == 1 and named(report) == {("history.rewritten", f"{FOLDER}/draw-2.yaml", rewrite)}
    verify = spotcheck(voided, "draw", "verify", TASK, "--format", "json")
    assert verify.returncode == 1
    assert any(v.get("rule") == "history.rewritten" for v in json.loads(verify.stdout))


def test_a_reveal_committed_before_the_seed_exists(district: Path) -> None:
    assert beacon_commit(district).returncode == 0  # seed available 2026-03-25 15:00
    reveal = district / f"{FOLDER}/reveal.yaml"
    reveal.write_text(
        yamlio.dump({"task": TASK, "attempt": 1, "seed": "guess", "evidence": "drand 第 4242 轮"}),
        encoding="utf-8",
    )
    early = commit_all(district, "Reveal", "2026-03-24T15:00:00+08:00")
    validate = spotcheck(district, "validate", "--today", "2026-03-26")
    assert validate.returncode == 1
    assert f"[提交 {early}]" in validate.stdout and "history.reveal-before-seed" in validate.stdout
    code, report = audit(district)
    assert code == 1
    assert named(report) == {("history.reveal-before-seed", f"{FOLDER}/reveal.yaml", early)}


def test_a_commit_dated_before_its_parent(voided: Path) -> None:
    readme = voided / "records/README.md"
    readme.write_text("记录\n", encoding="utf-8")
    parent = commit_all(voided, "Docs", "2026-04-10T09:00:00+08:00")
    # the next void claims an earlier time than the commit it was made on
    void = spotcheck(
        voided, "draw", "void", TASK, "--reason", "倒填日期的作废", now="2026-04-01T09:00:00+08:00"
    )
    assert void.returncode == 0, void.stderr
    backdated = short(voided)
    code, report = audit(voided)
    assert code == 0  # the test district is a demo repository: a warning only
    assert named(report) == {("history.date-before-parent", f"{FOLDER}/void-2.yaml", backdated)}
    assert parent in report["findings"][0]["message"]
    config = voided / "records/config.yaml"
    data = yamlio.parse(config.read_text(encoding="utf-8"), "config.yaml")
    data["demo"] = False
    config.write_text(yamlio.dump(data), encoding="utf-8")
    commit_all(voided, "Production", "2026-04-20T09:00:00+08:00")
    code, report = audit(voided)
    assert code == 1 and [f["level"] for f in report["findings"]] == ["error"]
    verify = spotcheck(voided, "draw", "verify", "--all")
    assert verify.returncode == 1 and "history.date-before-parent" in verify.stdout


def test_a_force_push_is_caught_by_the_checkpoint(voided: Path, tmp_path: Path) -> None:
    checkpoint = tmp_path / "checkpoint.json"
    made = spotcheck(voided, "checkpoint", "-o", str(checkpoint))
    assert made.returncode == 0, made.stderr
    assert spotcheck(voided, "audit", "--checkpoint", str(checkpoint)).returncode == 0
    # history that extends the checkpoint passes
    git(voided, "branch", "published")
    assert spotcheck(voided, "draw", "void", TASK, "--reason", "重新抽取的正当理由").returncode == 0
    assert spotcheck(voided, "audit", "--checkpoint", str(checkpoint)).returncode == 0
    # reset over attempt 2 and draw it again with another seed: a re-roll
    git(voided, "reset", "-q", "--hard", "published~1")
    rerun = spotcheck(
        voided, "draw", "run", TASK, "--seed", "better", now="2026-03-31T09:00:00+08:00"
    )
    assert rerun.returncode == 0, rerun.stderr
    git(voided, "branch", "-D", "published")
    git(voided, "reflog", "expire", "--expire=now", "--all")
    assert spotcheck(voided, "audit").returncode == 0  # the new history alone looks honest
    code, report = audit(voided, "--checkpoint", str(checkpoint))
    assert code == 1
    head = short(voided)
    assert ("checkpoint.not-extended", "", head) in named(report)
    assert ("checkpoint.rewritten", f"{FOLDER}/draw-2.yaml", head) in named(report)


def test_a_tampered_checkpoint_is_refused(voided: Path, tmp_path: Path) -> None:
    checkpoint = tmp_path / "checkpoint.json"
    assert spotcheck(voided, "checkpoint", "-o", str(checkpoint)).returncode == 0
    data = json.loads(checkpoint.read_text(encoding="utf-8"))
    data["files"].pop(f"{FOLDER}/draw-2.yaml")  # hide a file from the evidence
    checkpoint.write_text(json.dumps(data), encoding="utf-8")
    code, report = audit(voided, "--checkpoint", str(checkpoint))
    assert code == 1 and [f["rule"] for f in report["findings"]] == ["checkpoint.corrupt"]


def test_require_signed_flags_unsigned_draw_commits(voided: Path) -> None:
    code, report = audit(voided, "--require-signed")
    assert code == 1
    flagged = {f["path"] for f in report["findings"] if f["rule"] == "history.unsigned"}
    assert f"{FOLDER}/draw.yaml" in flagged and VOID in flagged
    assert all("没有签名" in f["message"] for f in report["findings"])


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")
def test_require_signed_passes_on_ssh_signed_draw_commits(district: Path, tmp_path: Path) -> None:
    key = tmp_path / "key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tester", "-f", str(key)], check=True
    )
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(
        f"tester@example.org {key.with_suffix('.pub').read_text().strip()}\n", encoding="utf-8"
    )
    for name, value in (
        ("gpg.format", "ssh"),
        ("user.signingkey", str(key)),
        ("gpg.ssh.allowedSignersFile", str(allowed)),
        ("commit.gpgsign", "true"),
    ):
        git(district, "config", name, value)
    assert beacon_commit(district).returncode == 0
    assert spotcheck(district, "draw", "run", TASK, "--seed", "s", now=AFTER_SEED).returncode == 0
    assert git(district, "log", "-1", "--format=%G?") == "G"
    code, report = audit(district, "--require-signed")
    assert code == 0, report
    # an unsigned draw commit on top is flagged
    git(district, "config", "commit.gpgsign", "false")
    void = spotcheck(district, "draw", "void", TASK, "--reason", "未签名的作废", now=AFTER_SEED)
    assert void.returncode == 0
    code, report = audit(district, "--require-signed")
    assert code == 1 and named(report) == {("history.unsigned", VOID, short(district))}


def test_the_log_is_still_there(voided: Path) -> None:
    log = spotcheck(voided, "audit", "--log")
    assert log.returncode == 0 and f"抽取承诺：{TASK}（第 1 次）" in log.stdout
    assert COMMIT_TIME[:10] in log.stdout


def test_published_results_may_be_corrected_but_never_removed(tmp_path: Path) -> None:
    from tests.results.fixture_repo import (
        TASK as RESULT_TASK,
    )
    from tests.results.fixture_repo import (
        commit_all as commit_now,
    )
    from tests.results.fixture_repo import (
        fresh_repo,
        good_result,
        selected,
        write_result,
    )

    root, draws = fresh_repo(tmp_path, git=True)
    draw = draws[RESULT_TASK]
    first, second = selected(draw)[:2]
    published = good_result(draw, first, published="2026-11-25")
    path = write_result(root, published).relative_to(root).as_posix()
    draft = write_result(root, good_result(draw, second)).relative_to(root).as_posix()
    commit_now(root, "Results")
    checkpoint = tmp_path / "checkpoint.json"
    assert spotcheck(root, "checkpoint", "-o", str(checkpoint)).returncode == 0
    assert path in json.loads(checkpoint.read_text(encoding="utf-8"))["files"]
    assert draft not in json.loads(checkpoint.read_text(encoding="utf-8"))["files"]
    # a correction appended: allowed, and the history still extends the checkpoint
    corrected = {
        **published,
        "methods": ["实地检查", "书面检查"],
        "corrections": [
            {"date": "2026-11-26", "reason": "漏记检查方式", "changes": "补记书面检查"}
        ],
    }
    write_result(root, corrected)
    commit_now(root, "Correct a result")
    assert spotcheck(root, "audit", "--checkpoint", str(checkpoint)).returncode == 0
    # changed again without a new correction, after a site published the corrected version
    corrected_checkpoint = tmp_path / "corrected.json"
    assert spotcheck(root, "checkpoint", "-o", str(corrected_checkpoint)).returncode == 0
    write_result(root, {**corrected, "methods": ["书面检查"]})
    commit_now(root, "Quietly change a result")
    code, report = audit(root, "--checkpoint", str(corrected_checkpoint))
    assert code == 1
    assert {(f["rule"], f["path"]) for f in report["findings"]} == {("checkpoint.rewritten", path)}
    git(root, "checkout", "HEAD~1", "--", path)
    commit_now(root, "Undo the quiet change")
    assert spotcheck(root, "audit", "--checkpoint", str(corrected_checkpoint)).returncode == 0
    # edited without any correction: validate's rule, reported by audit too
    write_result(root, {**published, "methods": ["书面检查"]})
    commit_now(root, "Edit without correction")
    code, report = audit(root)
    assert code == 1
    assert [(f["rule"], f["path"]) for f in report["findings"]] == [
        ("result-edited-after-publication", path)
    ]
    git(root, "checkout", "HEAD~1", "--", path)
    commit_now(root, "Undo the edit")
    # removed: the published result is named, the draft is not
    git(root, "rm", "-q", path, draft)
    commit_now(root, "Remove results")
    removal = short(root)
    code, report = audit(root, "--checkpoint", str(checkpoint))
    assert code == 1
    assert {(f["rule"], f["path"], f["commit"][:10]) for f in report["findings"]} == {
        ("history.deleted", path, removal),
        ("checkpoint.deleted", path, removal),
    }
    validate = spotcheck(root, "validate", "--today", "2026-11-28")
    assert validate.returncode == 1
    assert f"{path}: 错误 [提交 {removal}]" in validate.stdout
    assert "history.deleted" in validate.stdout
