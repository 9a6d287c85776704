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

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from spotcheck import yamlio
from spotcheck.checks.results.history import original_key
from spotcheck.gitops import PlumbingError, log_output, read_blobs
from spotcheck.layout import is_result_list

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
    root: Path, commit: str | None = None, current: Mapping[str, str] | None = None
) -> dict[str, dict[str, Any]]:
    """Result → its data in the first commit where `published` was set, keyed by
    `original_key`: a result file's path, or a list file's path and the record's credit code
    (every version of a changed list file is read: its records were published at different
    times).

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
    wanted = list(dict.fromkeys(blob for blobs in history.values() for blob in blobs))
    try:
        contents = dict(zip(wanted, read_blobs(root, wanted), strict=True))
    except (*PlumbingError, ValueError, IndexError):
        return {}
    originals: dict[str, dict[str, Any]] = {}
    for path, blobs in history.items():
        in_list = is_result_list(path)
        for blob in blobs:
            data = contents.get(blob)
            if data is None:
                continue
            try:
                parsed = yamlio.parse(data.decode("utf-8"), path)
            except (yamlio.YamlSyntaxError, UnicodeDecodeError):
                continue
            if not in_list:
                if isinstance(parsed, dict) and parsed.get("published"):
                    originals[path] = parsed
                    break
                continue
            # a list file: each record as first published, wherever in the file it stood
            for item in parsed if isinstance(parsed, list) else []:
                if isinstance(item, dict) and item.get("published"):
                    originals.setdefault(original_key(path, item.get("target"), True), item)
    return originals
