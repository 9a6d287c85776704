"""Batch reads of a repository through git's plumbing commands, run as subprocesses.

These are the speed-critical reads: one `git cat-file --batch` for any number of blobs, one
`git ls-tree` or `git log` for a whole history, and a `git status` scan that runs beside other
work. GitPython would start the same processes with more overhead per object, and its object
database reads each blob on its own.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

# Raised by every function here when git cannot run or fails (not a repository, bad revision).
PlumbingError = (OSError, subprocess.CalledProcessError)


def git_output(root: Path | str, *args: str, input_: bytes | None = None) -> bytes:
    """The standard output of `git -C root -c core.quotepath=off ARGS` (raises on failure)."""
    return subprocess.run(
        ["git", "-C", str(root), "-c", "core.quotepath=off", *args],
        input=input_,
        check=True,
        capture_output=True,
    ).stdout


def read_blobs(root: Path | str, blobs: Sequence[str]) -> list[bytes | None]:
    """Contents of blobs by id (None where one is missing), with one `git cat-file --batch`."""
    if not blobs:
        return []
    output = git_output(
        root, "cat-file", "--batch", input_="".join(f"{b}\n" for b in blobs).encode()
    )
    contents: list[bytes | None] = []
    position = 0
    for _ in blobs:
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


def tree_blobs(root: Path | str, commit: str, folder: str) -> list[tuple[str, str]]:
    """(path, blob id) of every file under `folder` as of `commit`, in path order."""
    listing = git_output(root, "ls-tree", "-r", "-z", commit, "--", folder).split(b"\0")
    entries = []
    for line in listing:
        if not line:
            continue
        meta, path = line.split(b"\t", 1)
        _mode, kind, blob = meta.split()
        if kind == b"blob":
            entries.append((path.decode("utf-8"), blob.decode()))
    entries.sort()
    return entries


def log_output(root: Path | str, *args: str) -> bytes:
    """`git log ARGS` (raises on failure, e.g. outside a repository or without commits)."""
    return git_output(root, "log", *args)


STATUS_ARGUMENTS = ("status", "--porcelain", "--untracked-files=all", "--")


def paths_of_status(output: str) -> list[str]:
    """The paths of `git status --porcelain` output."""
    return [line[3:] for line in output.splitlines() if line.strip()]


def status_entries(root: Path | str, under: str) -> list[tuple[str, str]]:
    """(`XY` status code, path) of each changed, staged or untracked path under `under`
    (`git status --porcelain -z`; a rename's old path is left out)."""
    output = git_output(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", under)
    return _status_pairs(output.decode("utf-8"), under)


def _status_pairs(output: str, under: str) -> list[tuple[str, str]]:
    entries: list[tuple[str, str]] = []
    fields = iter(output.split("\0"))
    for entry in fields:
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if code[0] in "RC":
            next(fields, None)  # the old path of a rename or copy
        if path == under or path.startswith(f"{under.rstrip('/')}/"):
            entries.append((code, path))
    return entries


class StatusScan:
    """`git status` of the paths under `under`, running in the background until `result`."""

    def __init__(self, root: Path | str, under: str) -> None:
        self._process = subprocess.Popen(
            ["git", "-C", str(root), *STATUS_ARGUMENTS, under],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def cancel(self) -> None:
        self._process.kill()
        self._process.communicate()

    def result(self) -> tuple[list[str], str | None]:
        """(changed paths, git's error message or None)."""
        output, errors = self._process.communicate()
        if self._process.returncode != 0:
            return [], errors.decode("utf-8", "replace").strip()
        return paths_of_status(output.decode("utf-8", "replace")), None


def show_file(root: Path | str, commit: str, path: str) -> bytes | None:
    """The content of `path` at `commit` (`git show`), or None where it does not exist."""
    try:
        return git_output(root, "show", f"{commit}:{path}")
    except PlumbingError:
        return None


def init_repository(root: Path | str, branch: str = "main") -> str | None:
    """`git init`; returns git's complaint on failure, None on success."""
    done = subprocess.run(
        ["git", "-C", str(root), "init", "-q", "-b", branch], capture_output=True, text=True
    )
    return done.stderr.strip() or "git init" if done.returncode else None


def commit_everything(root: Path | str, message: str) -> bool:
    """Stage every file and commit (git's own hooks and signing apply); False when git could
    not commit (e.g. no user.name/user.email), with the files left staged."""
    try:
        git_output(root, "add", "-A")
        git_output(root, "commit", "-q", "-m", message)
    except PlumbingError:
        return False
    return True
