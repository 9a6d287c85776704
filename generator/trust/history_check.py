"""The git adapter of the append-only history rules (`spotcheck.trust.history`).

The whole history is read with ONE `git log` call: every commit reachable from the commit
checked (all of them, for their dates and parents), in topological order, with its changes
under records/ (`--relative`), merges diffed against each of their parents (`-m`), renames
split into a deletion and an addition.  One `git cat-file --batch` then reads the few blobs
the rules need (commitments, removed results, the configuration's `demo` flag).  The findings
are cached by the commit id checked, so a repository whose HEAD did not move costs one
`git rev-parse`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from spotcheck import __version__, yamlio
from spotcheck.checks.base import CheckContext
from spotcheck.checks.results import check_published_edits
from spotcheck.checks.results.history import original_key, original_path
from spotcheck.gitops import GitError, PlumbingError
from spotcheck.gitops.history import extends, head_id, read_history, read_objects, tree_blob_map
from spotcheck.layout import RECORDS_DIR, is_result_list
from spotcheck.records import RecordSet, SourceFile, load
from spotcheck.report import Message
from spotcheck.results.history import published_originals
from spotcheck.trust.checkpoint import checkpoint_findings, make_checkpoint
from spotcheck.trust.history import (
    HistoryFinding,
    history_findings,
    is_draw_file,
    is_result_file,
    needed_blobs,
)

RULES_VERSION = "1"  # bump when a rule changes, so cached findings are recomputed
CONFIG_PATH = f"{RECORDS_DIR}/config.yaml"


def is_demo(config: bytes | None) -> bool:
    """The configuration's `demo` flag (a demo/training repository)."""
    if config is None:
        return False
    try:
        data = yamlio.parse(config.decode("utf-8"), CONFIG_PATH)
    except (yamlio.YamlSyntaxError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and data.get("demo") is True


def check_history(
    root: Path,
    commit: str | None = None,
    *,
    require_signed: bool = False,
    use_cache: bool = True,
) -> list[HistoryFinding]:
    """The history findings of the repository at `root` up to `commit` (HEAD); empty outside
    git or before the first commit."""
    head = head_id(root, commit or "HEAD")
    if head is None:
        return []
    key = hashlib.sha256(
        f"{__version__}\n{RULES_VERSION}\n{head}\n{require_signed}".encode()
    ).hexdigest()
    entry = _cache_dir(root) / f"{key}.json"
    if use_cache:
        try:
            return [HistoryFinding(**item) for item in json.loads(entry.read_bytes())]
        except (OSError, ValueError, TypeError):
            pass
    commits = read_history(root, head, signatures=require_signed)
    config_name = f"{head}:{CONFIG_PATH}"
    contents = read_objects(root, [*sorted(needed_blobs(commits)), config_name])
    findings = history_findings(
        commits, contents, demo=is_demo(contents.get(config_name)), require_signed=require_signed
    )
    if use_cache:
        _write(entry, json.dumps([asdict(f) for f in findings], ensure_ascii=False).encode())
    return findings


def _cache_dir(root: Path) -> Path:
    git_dir = root / ".git"
    base = git_dir if git_dir.is_dir() else root / ".spotcheck-cache"
    return base / "spotcheck-cache" / "history"


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError:
        pass  # a cache that cannot be written only costs time


def finding_message(finding: HistoryFinding) -> Message:
    """A finding as the validator's message: file, level, the commit, the rule as `code`."""
    return Message(
        finding.level,
        finding.path,
        None,
        None,
        f"提交 {finding.short}",
        "",
        f"{finding.message}（规则 {finding.rule}）",
        code=finding.rule,
    )


def history_messages(root: Path, commit: str | None = None) -> list[Message]:
    """The history findings as messages; empty when git cannot be read (history is an extra:
    validation of the files runs without it)."""
    try:
        return [finding_message(f) for f in check_history(root, commit)]
    except (*PlumbingError, ValueError):
        return []


# --- checkpoints -------------------------------------------------------------------------------


def checkpoint_files(records: RecordSet) -> dict[str, str]:
    """Path → blob id of every draw file and every published result of `records`."""
    files = {path: source.blob for path, source in records.files.items() if is_draw_file(path)}
    for result in records.of("result"):
        if result.data.get("published") and result.path in records.files:
            files[result.path] = records.files[result.path].blob
    return files


def current_checkpoint(root: Path, commit: str = "HEAD") -> dict[str, Any]:
    """The checkpoint of `commit` (see `spotcheck.trust.checkpoint`)."""
    head = head_id(root, commit)
    if head is None:
        raise GitError(f"{root} 不是 git 仓库或还没有提交：无法生成历史检查点")
    return make_checkpoint(head, checkpoint_files(load(root, commit=head)))


def verify_checkpoint(root: Path, checkpoint: Mapping[str, Any]) -> list[HistoryFinding]:
    """Why the history at HEAD does not extend `checkpoint` (a parsed, digest-checked one)."""
    head = head_id(root)
    if head is None:
        raise GitError(f"{root} 不是 git 仓库或还没有提交：无法核对历史检查点")
    then = str(checkpoint["head"])
    blobs = tree_blob_map(root, head)
    files: Mapping[str, str] = checkpoint["files"]
    current = {path: blobs[path] for path in files if path in blobs}
    changed = [
        p for p, b in files.items() if p in current and current[p] != b and is_result_file(p)
    ]
    allowed = _corrected_results(root, {p: (files[p], current[p]) for p in changed})
    return checkpoint_findings(
        checkpoint,
        head=head,
        extends=extends(root, then, head),
        current=current,
        allowed_change=lambda path, _then, _now: path in allowed,
    )


def _corrected_results(root: Path, changes: Mapping[str, tuple[str, str]]) -> set[str]:
    """The changed published results whose change the correction rule accepts (the same rule
    as `validate`'s: `spotcheck.checks.results.check_published_edits`)."""
    if not changes:
        return set()
    contents = read_objects(root, sorted({b for pair in changes.values() for b in pair}))
    originals: dict[str, Any] = {}
    sources = []
    for path, (then, now) in changes.items():
        if then not in contents or now not in contents:
            continue
        try:
            data = yamlio.parse(contents[then].decode("utf-8"), path)
        except (yamlio.YamlSyntaxError, UnicodeDecodeError):
            continue
        if is_result_list(path):  # each published record of the list, by its credit code
            for item in data if isinstance(data, list) else []:
                if isinstance(item, dict) and item.get("published"):
                    originals[original_key(path, item.get("target"), True)] = item
        else:
            originals[path] = data
        sources.append(SourceFile(path, contents[now], now))
    records = load(root, files=sources, use_cache=False)
    refused = {
        finding.record.path
        for finding in check_published_edits(records, CheckContext(published_originals=originals))
    }
    return {source.path for source in sources if source.path not in refused}


RULE_PUBLISHED_EDIT = "result-edited-after-publication"  # validate's code for the same rule


def published_edit_findings(root: Path, commit: str = "HEAD") -> list[HistoryFinding]:
    """Published results changed without a new correction entry, at `commit`: validate's
    rule (`check_published_edits`), fed from git, for `spotcheck audit`.  Only results whose
    content changed since first committed are read."""
    head = head_id(root, commit)
    if head is None:
        return []
    blobs = {p: b for p, b in tree_blob_map(root, head).items() if is_result_file(p)}
    originals = published_originals(root, head, blobs)
    if not originals:
        return []
    paths = dict.fromkeys(original_path(key) for key in originals)
    sources = [SourceFile(p, None, blobs[p], git_root=str(root)) for p in paths if p in blobs]
    records = load(root, files=sources)
    context = CheckContext(published_originals=originals)
    return [
        HistoryFinding(RULE_PUBLISHED_EDIT, "error", head, f.record.path, f.message)
        for f in check_published_edits(records, context)
    ]
