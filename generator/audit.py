"""The audit log: who changed which records when (and under which review), from git history,
read with ONE `git log` call. Used by `spotcheck audit` and the website.

Only the author's name is published (not the e-mail address): staff addresses are personal.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from spotcheck.gitops import PlumbingError, log_output, trailer_pairs
from spotcheck.layout import RECORDS_DIR

_RECORD = "\x1e"
_FIELD = "\x1f"
# hash, author name, author date (strict ISO), subject, trailers (unfolded)
_FORMAT = _RECORD + _FIELD.join(["%H", "%an", "%aI", "%s", "%(trailers:unfold=true)"]) + _FIELD


# GitHub's merge commit ("Merge pull request #12 from …") and squash subject ("… (#12)")
_PULL_REQUEST = re.compile(r"(?:Merge pull request #|\(#)(\d+)")


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

    @property
    def review(self) -> str:
        """The review this change went through: a merged pull request or reviewer trailers."""
        reviewers = [value for key, value in self.trailers if key in ("Reviewed-by", "Approved-by")]
        match = _PULL_REQUEST.search(self.subject)
        parts = [f"合并请求 #{match.group(1)}"] if match else []
        if reviewers:
            parts.append("审核：" + "、".join(reviewers))
        return "；".join(parts)


def read_log(root: Path, *, limit: int | None = None) -> list[AuditEntry] | None:
    """Commits touching records/, newest first; None when `root` is not a git repository."""
    arguments = [f"--format={_FORMAT}", "--name-only", "-z"]
    if limit:
        arguments.append(f"--max-count={limit}")
    try:
        output = log_output(root, *arguments, "--", RECORDS_DIR)
    except PlumbingError:
        return None
    return parse_log(output.decode("utf-8", errors="replace"))


def parse_log(output: str) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    for chunk in output.split(_RECORD):
        if not chunk.strip("\0\n"):
            continue
        parts = chunk.split(_FIELD)
        if len(parts) < 6:
            continue
        commit, author, date, subject, trailer_text, rest = parts[:6]
        trailers = trailer_pairs(trailer_text)
        files = tuple(f.strip("\n") for f in rest.split("\0") if f.strip("\n"))
        try:
            when = dt.datetime.fromisoformat(date)
        except ValueError:
            continue
        entries.append(AuditEntry(commit, author, when, subject, tuple(trailers), files))
    return entries
