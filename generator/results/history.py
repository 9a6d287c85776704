"""The git adapter for results: each result file as it was when first published.

A published result may only change with a `corrections` entry (公示后更正须留痕). The check
itself is pure (`generator.checks.results`); this module reads git to give it, for every
result file, the version in the first commit whose `published` field was set. Two git calls
in all (one `git log`, one `git cat-file --batch`), whatever the number of files.

A shallow clone only knows the commits it fetched, so the "original" may be a later version
and an edit can go unnoticed — never a false alarm. CI should fetch the full history.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from generator import yamlio

RESULTS_DIR = "records/results"


def _git(root: Path, *args: str, input_: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", "-C", str(root), "-c", "core.quotepath=off", *args],
        input=input_,
        check=True,
        capture_output=True,
    ).stdout


def result_versions(root: Path, commit: str = "HEAD") -> list[tuple[str, str]]:
    """(commit, path) for every change of a result file up to `commit`, oldest first."""
    output = _git(
        root,
        "log",
        "--reverse",
        "--no-renames",
        "--format=%x00%H",
        "--name-only",
        commit,
        "--",
        RESULTS_DIR,
    ).decode("utf-8")
    found: list[tuple[str, str]] = []
    for chunk in output.split("\0")[1:]:
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        sha, paths = lines[0].strip(), lines[1:]
        found.extend((sha, path) for path in paths if path.endswith((".yaml", ".yml")))
    return found


def _read_blobs(root: Path, specs: list[str]) -> list[bytes | None]:
    """Contents of `commit:path` specs (None where the file was deleted), one git call."""
    if not specs:
        return []
    output = _git(root, "cat-file", "--batch", input_="".join(f"{s}\n" for s in specs).encode())
    contents: list[bytes | None] = []
    position = 0
    for _ in specs:
        header_end = output.index(b"\n", position)
        header = output[position:header_end].split()
        if len(header) < 3 or header[-1] == b"missing":
            contents.append(None)
            position = header_end + 1
            continue
        size = int(header[2])
        start = header_end + 1
        contents.append(output[start : start + size])
        position = start + size + 1
    return contents


def published_originals(root: Path, commit: str | None = None) -> dict[str, dict[str, Any]]:
    """Result path → its data in the first commit where `published` was set.

    Empty when `root` is not a git repository or has no commits (history is then unknown,
    and the check it feeds stays silent).
    """
    try:
        versions = result_versions(root, commit or "HEAD")
        contents = _read_blobs(root, [f"{sha}:{path}" for sha, path in versions])
    except (OSError, subprocess.CalledProcessError, ValueError, IndexError):
        return {}
    originals: dict[str, dict[str, Any]] = {}
    for (_sha, path), data in zip(versions, contents, strict=True):
        if data is None or path in originals:
            continue
        try:
            parsed = yamlio.parse(data.decode("utf-8"), path)
        except (yamlio.YamlSyntaxError, UnicodeDecodeError):
            continue
        if isinstance(parsed, dict) and parsed.get("published"):
            originals[path] = parsed
    return originals
