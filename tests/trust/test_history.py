"""The append-only history rules, read from real temporary git repositories with plain git
(merges, renames, re-additions, dates), and the checkpoint's digest."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spotcheck import yamlio
from spotcheck.trust.checkpoint import CheckpointError, make_checkpoint, parse_checkpoint
from spotcheck.trust.history import (
    RULE_DATE_BEFORE_PARENT,
    RULE_DELETED,
    RULE_REVEAL_BEFORE_SEED,
    RULE_REWRITTEN,
    Change,
    Commit,
    history_findings,
)
from spotcheck.trust.history_check import check_history, read_history

FOLDER = "records/draws/2026/2026-SCJG-01"
DAY = "2026-03-{:02d}T10:00:00+08:00"


def git(root: Path, *args: str, when: str | None = None) -> str:
    env = dict(os.environ)
    if when is not None:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env
    ).stdout.strip()


def put(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(root: Path, day: int, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message, when=DAY.format(day))
    return git(root, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "测试员")
    git(root, "config", "user.email", "tester@example.org")
    git(root, "config", "commit.gpgsign", "false")
    put(root, "records/config.yaml", "district: {name: 花都区, code: '440114'}\n")
    put(root, "records/README.md", "记录\n")
    commit(root, 1, "Records")
    return root


def commitment(available: str = DAY.format(10)) -> str:
    return yamlio.dump({"task": "2026-SCJG-01", "seed_source": {"available_at": available}})


def rules(root: Path) -> list[tuple[str, str, str]]:
    return [(f.rule, f.path, f.commit) for f in check_history(root, use_cache=False)]


def test_an_append_only_history_has_no_findings(repo: Path) -> None:
    put(repo, f"{FOLDER}/commitment.yaml", commitment())
    commit(repo, 2, "Commit")
    put(repo, f"{FOLDER}/reveal.yaml", "seed: x\n")
    commit(repo, 11, "Reveal")
    put(repo, f"{FOLDER}/draw.yaml", "seed: x\n")
    commit(repo, 12, "Draw")
    assert rules(repo) == []


def test_a_file_dropped_while_merging_counts_as_deleted(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "side")
    put(repo, f"{FOLDER}/void-1.yaml", "reason: 测试\n")
    commit(repo, 2, "Void on a branch")
    git(repo, "checkout", "-q", "main")
    put(repo, "records/README.md", "记录（更新）\n")
    commit(repo, 3, "Unrelated")
    git(repo, "merge", "-q", "--no-commit", "--no-ff", "side")
    git(repo, "rm", "-q", "-f", f"{FOLDER}/void-1.yaml")
    merge = commit(repo, 4, "Merge, dropping the void")
    assert rules(repo) == [(RULE_DELETED, f"{FOLDER}/void-1.yaml", merge)]


def test_a_merge_keeping_everything_is_clean(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "side")
    put(repo, f"{FOLDER}/commitment.yaml", commitment())
    commit(repo, 2, "Commit on a branch")
    git(repo, "checkout", "-q", "main")
    put(repo, "records/README.md", "记录（更新）\n")
    commit(repo, 3, "Unrelated")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge", "side", when=DAY.format(4))
    commits = read_history(repo)
    assert len(commits[-1].parents) == 2
    assert rules(repo) == []


def test_rename_is_a_deletion_and_readding_other_content_a_rewrite(repo: Path) -> None:
    put(repo, f"{FOLDER}/draw.yaml", "seed: a\n")
    commit(repo, 2, "Draw")
    git(repo, "mv", f"{FOLDER}/draw.yaml", f"{FOLDER}/draw-2.yaml")
    moved = commit(repo, 3, "Rename")
    git(repo, "mv", f"{FOLDER}/draw-2.yaml", f"{FOLDER}/draw.yaml")
    put(repo, f"{FOLDER}/draw.yaml", "seed: b\n")
    back = commit(repo, 4, "Back, other seed")
    found = rules(repo)
    assert (RULE_DELETED, f"{FOLDER}/draw.yaml", moved) in found
    assert (RULE_DELETED, f"{FOLDER}/draw-2.yaml", back) in found
    assert (RULE_REWRITTEN, f"{FOLDER}/draw.yaml", back) in found


def test_only_published_results_must_stay(repo: Path) -> None:
    draft = "records/results/2026/2026-SCJG-01/91440114MA5000001X.yaml"
    published = "records/results/2026/2026-SCJG-01/91440114MA5000002X.yaml"
    put(repo, draft, "task: 2026-SCJG-01\n")
    put(repo, published, "task: 2026-SCJG-01\n")
    commit(repo, 2, "Results")
    put(repo, published, "task: 2026-SCJG-01\npublished: '2026-03-03'\n")
    commit(repo, 3, "Publish one")
    put(repo, published, "task: 2026-SCJG-01\n")  # unpublished again, then removed
    commit(repo, 4, "Unpublish")
    git(repo, "rm", "-q", draft, published)
    removed = commit(repo, 5, "Remove both")
    assert rules(repo) == [(RULE_DELETED, published, removed)]


def test_a_reveal_needs_its_commitment_committed_first(repo: Path) -> None:
    put(repo, f"{FOLDER}/commitment.yaml", commitment())
    put(repo, f"{FOLDER}/reveal.yaml", "seed: x\n")
    together = commit(repo, 12, "Commitment and reveal in one commit")
    assert rules(repo) == [(RULE_REVEAL_BEFORE_SEED, f"{FOLDER}/reveal.yaml", together)]


def test_a_reveal_dated_before_the_seed_exists(repo: Path) -> None:
    put(repo, f"{FOLDER}/commitment.yaml", commitment(available=DAY.format(10)))
    commit(repo, 2, "Commit")
    put(repo, f"{FOLDER}/reveal-2.yaml", "seed: other attempt\n")  # no commitment-2
    put(repo, f"{FOLDER}/reveal.yaml", "seed: x\n")
    early = commit(repo, 9, "Reveal a day early")
    found = {(f.rule, f.path): f for f in check_history(repo, use_cache=False)}
    finding = found[(RULE_REVEAL_BEFORE_SEED, f"{FOLDER}/reveal.yaml")]
    assert finding.commit == early and "早于承诺所称的种子产生时间" in finding.message
    assert (RULE_REVEAL_BEFORE_SEED, f"{FOLDER}/reveal-2.yaml") in found


def test_date_before_parent_is_an_error_for_draws_a_warning_otherwise(repo: Path) -> None:
    commit(repo, 20, "Later")
    put(repo, "records/README.md", "改\n")
    docs = commit(repo, 19, "Docs, backdated")
    put(repo, f"{FOLDER}/commitment.yaml", commitment(available=DAY.format(25)))
    draws = commit(repo, 18, "Commitment, backdated")
    levels = {
        f.commit: f.level
        for f in check_history(repo, use_cache=False)
        if f.rule == RULE_DATE_BEFORE_PARENT
    }
    assert levels == {docs: "warning", draws: "error"}
    put(repo, "records/config.yaml", "district: {name: 花都区, code: '440114'}\ndemo: true\n")
    commit(repo, 21, "Mark as a demo repository")
    demo = [f for f in check_history(repo, use_cache=False) if f.rule == RULE_DATE_BEFORE_PARENT]
    assert {f.level for f in demo} == {"warning"} and len(demo) == 2


def test_findings_are_cached_by_head(repo: Path) -> None:
    put(repo, f"{FOLDER}/draw.yaml", "seed: a\n")
    commit(repo, 2, "Draw")
    git(repo, "rm", "-q", f"{FOLDER}/draw.yaml")
    commit(repo, 3, "Remove")
    assert check_history(repo) == check_history(repo) != []
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    assert check_history(repo) == []


def _at(day: int) -> dt.datetime:
    return dt.datetime.fromisoformat(DAY.format(day))


def test_the_core_works_on_plain_data() -> None:
    """No git at all: the history as data, as a future adapter (or another VCS) gives it."""
    void = f"{FOLDER}/void-1.yaml"
    commits = [
        Commit("a" * 40, (), _at(1), _at(1), (Change("A", void, new_blob="1" * 40),)),
        Commit("b" * 40, ("a" * 40,), _at(2), _at(2), (Change("D", void, old_blob="1" * 40),)),
    ]
    [finding] = history_findings(commits, {})
    assert (finding.rule, finding.commit, finding.path) == (RULE_DELETED, "b" * 40, void)
    assert finding.text().startswith(f"{void}: 提交 bbbbbbbbbb：")


# --- checkpoint ----------------------------------------------------------------------------

blobs = st.text("0123456789abcdef", min_size=40, max_size=40)
paths = st.text("abc/-_.", min_size=1, max_size=12).map(lambda p: f"records/draws/{p}")


@given(st.dictionaries(paths, blobs, max_size=20), blobs)
def test_a_checkpoint_reads_back_and_its_digest_covers_every_byte(files, head) -> None:
    checkpoint = make_checkpoint(head, files)
    text = json.dumps(checkpoint, ensure_ascii=False, indent=3).encode()
    assert parse_checkpoint(text) == checkpoint
    if files:
        path = sorted(files)[0]
        altered = {
            **checkpoint,
            "files": {**files, path: "f" * 40 if files[path] != "f" * 40 else "0" * 40},
        }
        with pytest.raises(CheckpointError, match="摘要"):
            parse_checkpoint(json.dumps(altered).encode())


def test_the_digest_is_sha256_of_the_documented_serialisation() -> None:
    import hashlib

    checkpoint = make_checkpoint(
        "1" * 40, {"records/draws/b": "2" * 40, "records/draws/a": "3" * 40}
    )
    body = (
        '{"files":{"records/draws/a":"' + "3" * 40 + '","records/draws/b":"' + "2" * 40 + '"},'
        '"format":1,"head":"' + "1" * 40 + '"}'
    )
    assert checkpoint["digest"] == hashlib.sha256(body.encode()).hexdigest()
