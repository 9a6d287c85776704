"""The git adapter for results: each result as it was when first published (a result file,
or one record of a result list file).

A published result may only change with a `corrections` entry (公示后更正须留痕). The check
itself is pure (`spotcheck.checks.results.history`); this module reads git to give it, for every
result file, the version in the first commit whose `published` field was set. Two git calls
in all (one `git log`, one `git cat-file --batch`), whatever the number of files; only files
that changed since they were first committed are read.

A shallow clone only knows the commits it fetched, so the "original" may be a later version
and an edit can go unnoticed — never a false alarm. CI should fetch the full history.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from spotcheck import yamlio
from spotcheck.checks.results.history import original_key
from spotcheck.gitops import PlumbingError, log_output, read_blobs
from spotcheck.layout import is_result_list
from spotcheck.records import cache_dir, write_atomically

RESULTS_DIR = "records/results"
NO_BLOB = "0" * 40  # what `git log --raw` shows for the missing side of an add or delete


def result_versions(root: Path, commit: str = "HEAD") -> list[tuple[str, str, str]]:
    """(commit, path, blob) for every change of a result file up to `commit`, oldest first
    (`blob` is NO_BLOB where the change deleted the file)."""
    output = log_output(
        root,
        "--reverse",
        "--no-renames",
        "--format=%x00%H",
        "--raw",
        "--no-abbrev",
        commit,
        "--",
        RESULTS_DIR,
    ).decode("utf-8")
    found: list[tuple[str, str, str]] = []
    for chunk in output.split("\0")[1:]:
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        sha = lines[0].strip()
        for line in lines[1:]:
            meta, _, path = line.partition("\t")
            fields = meta.split()
            if len(fields) >= 4 and path.endswith((".yaml", ".yml")):
                found.append((sha, path, fields[3]))
    return found


def published_originals(
    root: Path,
    commit: str | None = None,
    current: Mapping[str, str] | None = None,
    *,
    use_cache: bool = True,
) -> dict[str, dict[str, Any]]:
    """Result → its data in the first commit where `published` was set, keyed by
    `original_key`: a result file's path, or a list file's path and the record's credit code
    (every version of a changed list file is read — its records were published at different
    times — once: `_ListCache` keeps what the versions read gave).

    With `current` (path → blob id of the files being checked), a file whose every committed
    version is its current content is left out: it cannot have been edited after publication,
    and a district's 100,000 results are then not read and parsed on every run (31 s → 0.3 s).

    Empty when `root` is not a git repository or has no commits (history is then unknown,
    and the check it feeds stays silent).
    """
    try:
        versions = result_versions(root, commit or "HEAD")
    except (*PlumbingError, ValueError, IndexError):
        return {}
    history: dict[str, list[str]] = {}  # path → its distinct contents, oldest first
    for _sha, path, blob in versions:
        seen = history.setdefault(path, [])
        if blob != NO_BLOB and blob not in seen:
            seen.append(blob)
    if current is not None:
        history = {
            path: blobs for path, blobs in history.items() if blobs and blobs != [current.get(path)]
        }
    # a list file's versions already read are cached with what they gave: only new ones are read
    cache = _ListCache(root) if use_cache else None
    listed: dict[str, tuple[int, dict[str, Any]]] = {
        path: cache.read(path, blobs) if cache else (0, {})
        for path, blobs in history.items()
        if is_result_list(path)
    }
    wanted = list(
        dict.fromkeys(
            blob
            for path, blobs in history.items()
            for blob in blobs[listed[path][0] if path in listed else 0 :]
        )
    )
    try:
        contents = dict(zip(wanted, read_blobs(root, wanted), strict=True))
    except (*PlumbingError, ValueError, IndexError):
        return {}
    originals: dict[str, dict[str, Any]] = {}
    for path, blobs in history.items():
        if path in listed:
            done, found = listed[path]
            _first_published_records(path, [contents.get(b) for b in blobs[done:]], found)
            if cache is not None and done < len(blobs):
                cache.write(path, blobs, found)
            originals.update((original_key(path, t, True), data) for t, data in found.items())
            continue
        for blob in blobs:
            parsed = _parsed(path, contents.get(blob))
            if isinstance(parsed, dict) and parsed.get("published"):
                originals[path] = parsed
                break
    return originals


def _parsed(path: str, data: bytes | None) -> Any:
    if data is None:
        return None
    try:
        return yamlio.parse(data.decode("utf-8"), path)
    except (yamlio.YamlSyntaxError, UnicodeDecodeError):
        return None


def _first_published_records(
    path: str, versions: list[bytes | None], found: dict[str, Any]
) -> None:
    """Add to `found` (credit code → record) each record of a list file's `versions` (oldest
    first) as first published, wherever in the file it stood."""
    for data in versions:
        parsed = _parsed(path, data)
        for item in parsed if isinstance(parsed, list) else []:
            if isinstance(item, dict) and item.get("published"):
                found.setdefault(str(item.get("target")), item)


class _ListCache:
    """Per result list file: the versions read (blob ids, oldest first) and the records first
    published in them. Versions only grow at the end as commits come, so the next run reads
    the new versions only — a list file appended to in thousands of commits is not read
    thousands of times on every run."""

    def __init__(self, root: Path) -> None:
        self.folder = cache_dir(root) / "published-lists"

    def _entry(self, path: str) -> Path:
        return self.folder / f"{hashlib.sha256(path.encode()).hexdigest()}.json"

    def read(self, path: str, blobs: list[str]) -> tuple[int, dict[str, Any]]:
        try:
            stored = json.loads(self._entry(path).read_bytes())
            done = stored["blobs"]
            if isinstance(done, list) and blobs[: len(done)] == done:
                return len(done), dict(stored["originals"])
        except (OSError, ValueError, TypeError, KeyError):
            pass
        return 0, {}

    def write(self, path: str, blobs: list[str], found: dict[str, Any]) -> None:
        try:
            payload = json.dumps({"blobs": blobs, "originals": found}, ensure_ascii=False)
        except (TypeError, ValueError):
            return  # not cached: the next run reads the versions again
        write_atomically(self._entry(path), payload.encode())
