"""The audit log: who changed which records when, read from git history in ONE `git log` call.

Only the author's name is published (not the e-mail address): staff addresses are personal.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from generator.layout import RECORDS_DIR

_RECORD = "\x1e"
_FIELD = "\x1f"
# hash, author name, author date (strict ISO), subject, trailers (unfolded)
_FORMAT = _RECORD + _FIELD.join(["%H", "%an", "%aI", "%s", "%(trailers:unfold=true)"]) + _FIELD


@dataclass(frozen=True)
class AuditEntry:
    commit: str
    author: str
    date: dt.datetime
    subject: str
    trailers: tuple[tuple[str, str], ...]
    files: tuple[str, ...] = field(default=())

    @property
    def task(self) -> str | None:
        return dict(self.trailers).get("Spotcheck-Task")


def read_log(root: Path, *, limit: int | None = None) -> list[AuditEntry] | None:
    """Commits touching records/, newest first; None when `root` is not a git repository."""
    command = ["git", "-C", str(root), "log", f"--format={_FORMAT}", "--name-only", "-z"]
    if limit:
        command.append(f"--max-count={limit}")
    command += ["--", RECORDS_DIR]
    try:
        completed = subprocess.run(command, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return parse_log(completed.stdout.decode("utf-8", errors="replace"))


def parse_log(output: str) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    for chunk in output.split(_RECORD):
        if not chunk.strip("\0\n"):
            continue
        parts = chunk.split(_FIELD)
        if len(parts) < 6:
            continue
        commit, author, date, subject, trailer_text, rest = parts[:6]
        trailers = []
        for line in trailer_text.splitlines():
            key, sep, value = line.partition(": ")
            if sep and key and " " not in key:
                trailers.append((key.strip(), value.strip()))
        files = tuple(f.strip("\n") for f in rest.split("\0") if f.strip("\n"))
        try:
            when = dt.datetime.fromisoformat(date)
        except ValueError:
            continue
        entries.append(AuditEntry(commit, author, when, subject, tuple(trailers), files))
    return entries
