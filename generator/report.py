"""Findings about records and how they are shown: text for people, JSON and GitHub for CI."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from spotcheck import findings
from spotcheck.findings import Level

LEVEL_NAMES = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True)
class Message:
    """One finding: where (file:line:col, record id, field), what, what was expected, a hint."""

    level: Level
    path: str  # relative to the repository root, POSIX separators
    line: int | None
    column: int | None
    record: str  # record id ("" for a whole file)
    field: str  # the field's Chinese title ("" for a whole record or file)
    message: str
    expected: str = ""
    hint: str = ""
    code: str = ""  # stable machine name of the check, e.g. "uscc-check-character"

    @property
    def where(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"

    def text(self) -> str:
        parts = [f"{self.where}: {LEVEL_NAMES[self.level]}"]
        if self.record:
            parts.append(f"[{self.record}]")
        head = " ".join(parts)
        body = f"{self.field}：{self.message}" if self.field else self.message
        tail = ""
        if self.expected:
            tail += f"；{self.expected}"
        if self.hint:
            tail += f"（提示：{self.hint}）"
        return f"{head} {body}{tail}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line or 0, self.column or 0, self.message)


def blocks_publication(message: Message) -> bool:
    """True for an error that must stop the site build: every error but those the table of
    finding codes marks as not blocking (a missed deadline, `spotcheck.findings`)."""
    return message.level == "error" and findings.blocks_publication(message.code)


def summary(messages: list[Message]) -> str:
    errors = sum(1 for m in messages if m.level == "error")
    warnings = len(messages) - errors
    if not messages:
        return "校验通过：没有发现问题。"
    return f"共 {errors} 个错误，{warnings} 个警告。"


def format_text(messages: list[Message]) -> str:
    lines = [m.text() for m in sorted(messages, key=Message.sort_key)]
    lines.append(summary(messages))
    return "\n".join(lines)


def format_json(messages: list[Message]) -> str:
    payload = {
        "errors": sum(1 for m in messages if m.level == "error"),
        "warnings": sum(1 for m in messages if m.level == "warning"),
        "messages": [asdict(m) for m in sorted(messages, key=Message.sort_key)],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _escape_github(value: str, *, property_: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(messages: list[Message]) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's files."""
    lines = []
    for m in sorted(messages, key=Message.sort_key):
        props = [f"file={_escape_github(m.path, property_=True)}"]
        if m.line is not None:
            props.append(f"line={m.line}")
            props.append(f"col={m.column or 1}")
        title = f"{m.record} {m.field}".strip() or "spotcheck"
        props.append(f"title={_escape_github(title, property_=True)}")
        body = m.text().split(": ", 1)[-1]
        lines.append(f"::{m.level} {','.join(props)}::{_escape_github(body)}")
    lines.append(summary(messages))
    return "\n".join(lines)


def format_gitlab(messages: list[Message]) -> str:
    """A GitLab Code Quality report (JSON): the merge request shows each message on its line."""
    import hashlib

    issues = [
        {
            "description": m.text().split(": ", 1)[-1],
            "check_name": m.code or "spotcheck",
            "fingerprint": hashlib.sha256(
                f"{m.path}\0{m.record}\0{m.field}\0{m.code}\0{m.message}".encode()
            ).hexdigest(),
            "severity": "major" if m.level == "error" else "minor",
            "location": {"path": m.path, "lines": {"begin": m.line or 1}},
        }
        for m in sorted(messages, key=Message.sort_key)
    ]
    return json.dumps(issues, ensure_ascii=False, indent=2)


FORMATTERS = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "gitlab": format_gitlab,
}
