"""The repository's history as plain data for the append-only rules (`spotcheck.trust.history`):
one `git log` over every commit with its parents, dates, signature letter, trailers and file
changes under `records/`, and the objects those rules need, with one `git cat-file --batch`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from spotcheck.gitops.plumbing import PlumbingError, git_output, read_blobs
from spotcheck.gitops.plumbing import tree_blobs as _tree_listing
from spotcheck.gitops.repository import trailer_pairs
from spotcheck.layout import RECORDS_DIR
from spotcheck.trust.history import Change, Commit

_RECORD = "\x1e"
_FIELD = "\x1f"


def head_id(root: Path, commit: str = "HEAD") -> str | None:
    """The full id of `commit`; None outside git or before the first commit."""
    try:
        return (
            git_output(root, "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}")
            .decode()
            .strip()
        )
    except PlumbingError:
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
    return parse_log(git_output(root, *log_command(commit, signatures=signatures)))


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
    return {n: c for n, c in zip(names, read_blobs(root, names), strict=True) if c is not None}


def tree_blob_map(root: Path, commit: str) -> dict[str, str]:
    """Path → blob id of every file under records/ at `commit`."""
    return dict(_tree_listing(root, commit, RECORDS_DIR))


def extends(root: Path, earlier: str, later: str) -> bool:
    """Whether `earlier` is `later` or one of its ancestors (`git merge-base --is-ancestor`)."""
    try:
        git_output(root, "merge-base", "--is-ancestor", earlier, later)
    except PlumbingError:
        return False
    return True
