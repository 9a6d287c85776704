"""The git adapter of the append-only history rules (`generator.trust.history`).

The whole history is read with ONE `git log` call: every commit reachable from the commit
checked (all of them, for their dates and parents), in topological order, with its changes
under records/ (`--relative`), merges diffed against each of their parents (`-m`), renames
split into a deletion and an addition.  One `git cat-file --batch` then reads the few blobs
the rules need (commitments, removed results, the configuration's `demo` flag).  The findings
are cached by the commit id checked, so a repository whose HEAD did not move costs one
`git rev-parse`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from generator import __version__, yamlio
from generator.gitops import trailer_pairs
from generator.layout import RECORDS_DIR
from generator.report import Message
from generator.trust.history import (
    Change,
    Commit,
    HistoryFinding,
    history_findings,
    needed_blobs,
)

_RECORD = "\x1e"
_FIELD = "\x1f"
RULES_VERSION = "1"  # bump when a rule changes, so cached findings are recomputed
CONFIG_PATH = f"{RECORDS_DIR}/config.yaml"


def _git(root: Path, *args: str, input_: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", "-C", str(root), "-c", "core.quotepath=off", *args],
        input=input_,
        check=True,
        capture_output=True,
    ).stdout


def head_id(root: Path, commit: str = "HEAD") -> str | None:
    """The full id of `commit`; None outside git or before the first commit."""
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}").decode().strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def log_command(commit: str, *, signatures: bool) -> list[str]:
    fields = ["%H", "%P", "%cI", "%aI", "%G?" if signatures else "", "%(trailers:unfold=true)"]
    return [
        "log",
        "--reverse",
        "--topo-order",
        f"--format={_RECORD}{_FIELD.join(fields)}{_FIELD}",
        "--raw",
        "-z",
        "--no-renames",
        "--no-abbrev",
        "-m",
        f"--relative={RECORDS_DIR}/",
        commit,
    ]


def read_history(root: Path, commit: str = "HEAD", *, signatures: bool = False) -> list[Commit]:
    """Every commit reachable from `commit`, parents before children (one `git log`)."""
    return parse_log(_git(root, *log_command(commit, signatures=signatures)))


def parse_log(output: bytes) -> list[Commit]:
    commits: list[Commit] = []
    for chunk in output.decode("utf-8", errors="replace").split(_RECORD)[1:]:
        parts = chunk.split(_FIELD, 6)
        if len(parts) < 7:
            continue
        sha, parents, committed, authored, signature, trailers, raw = parts
        changes = tuple(_changes(raw))
        if commits and commits[-1].id == sha:  # `-m`: one entry per parent of a merge
            last = commits[-1]
            commits[-1] = Commit(
                last.id,
                last.parents,
                last.committed,
                last.authored,
                last.changes + changes,
                last.signature,
                last.trailers,
            )
            continue
        commits.append(
            Commit(
                sha,
                tuple(parents.split()),
                dt.datetime.fromisoformat(committed),
                dt.datetime.fromisoformat(authored),
                changes,
                signature,
                tuple(trailer_pairs(trailers)),
            )
        )
    return commits


def _changes(raw: str) -> Iterable[Change]:
    """`:old-mode new-mode old-blob new-blob status NUL path NUL`, repeated."""
    tokens = raw.split("\0")
    position = 0
    while position < len(tokens) - 1:
        meta = tokens[position].strip("\n")
        if not meta.startswith(":"):
            position += 1
            continue
        fields = meta[1:].split()
        path = tokens[position + 1]
        position += 2
        if len(fields) >= 5:
            yield Change(fields[4][:1], f"{RECORDS_DIR}/{path}", fields[2], fields[3])


def read_objects(root: Path, names: list[str]) -> dict[str, bytes]:
    """Contents of objects (blob ids or `commit:path`), one `git cat-file --batch`; missing
    ones are left out."""
    if not names:
        return {}
    output = _git(root, "cat-file", "--batch", input_="".join(f"{n}\n" for n in names).encode())
    found: dict[str, bytes] = {}
    position = 0
    for name in names:
        header_end = output.index(b"\n", position)
        header = output[position:header_end].split()
        if len(header) < 3 or header[-1] == b"missing":
            position = header_end + 1
            continue
        size = int(header[2])
        start = header_end + 1
        found[name] = output[start : start + size]
        position = start + size + 1
    return found


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
    except (OSError, subprocess.CalledProcessError, ValueError):
        return []
