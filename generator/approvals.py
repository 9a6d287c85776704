"""Legal approval as data: which exact version of an item, implementation rule or plan the
district legal office approved, identified by a content digest.

The content digest of a record is the SHA-256 (lower-case hex) of the UTF-8 bytes of its
canonical JSON: `json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))`
where `value` is

- for an item or a plan: the record's data, without the fields that record a review itself
  (the item's `legal_review`), so that writing down the review does not change what was
  reviewed;
- for implementation rules (Markdown): `{"front_matter": <data>, "body": <Markdown body>}`,
  line endings of the body written as `\\n`.

Comments, quoting, key order and other YAML formatting do not change the digest; any change
of a value does. Anyone can recompute it, e.g. in Python with the line above and
`hashlib.sha256`.

Pure: records in, digests and verdicts out. The command is `generator/commands/approve.py`;
the checks that refuse unapproved records are in `generator/checks/review.py`.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from spotcheck.records import Record, RecordSet

APPROVAL_KIND = "approval"
# The kinds of record that need the legal office's approval, with their Chinese names.
APPROVED_KINDS: dict[str, str] = {"item": "抽查事项", "rules": "实施细则", "plan": "年度抽查计划"}
# Fields that record a review rather than the content reviewed.
REVIEW_FIELDS: dict[str, tuple[str, ...]] = {"item": ("legal_review",)}
APPROVALS_DIR = "records/approvals"
NEEDS_APPROVAL = "需法制审核"


def canonical_json(value: Any) -> bytes:
    """The canonical JSON bytes the digest is taken over."""
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def approved_content(kind: str, data: Mapping[str, Any], body: str | None = None) -> Any:
    """What an approval covers: the data without review fields; rules with their body."""
    content = {k: v for k, v in data.items() if k not in REVIEW_FIELDS.get(kind, ())}
    if kind == "rules":
        return {"front_matter": content, "body": (body or "").replace("\r\n", "\n")}
    return content


def content_digest(kind: str, data: Mapping[str, Any], body: str | None = None) -> str:
    return hashlib.sha256(canonical_json(approved_content(kind, data, body))).hexdigest()


def record_digest(record: Record) -> str:
    return content_digest(record.kind, record.data, record.body)


def needs_approval(record: Record) -> bool:
    """An active item, and every rules and plan record, needs the legal office's approval."""
    if record.kind not in APPROVED_KINDS:
        return False
    return not (record.kind == "item" and record.data.get("active") is False)


def approval_path(kind: str, record_id: str, digest: str) -> str:
    """Where the approval of one version lives: one file per approved version."""
    return f"{APPROVALS_DIR}/{kind}/{record_id}/{digest[:16]}.yaml"


def required(config: Mapping[str, Any]) -> bool:
    """Whether validation refuses unapproved records (`spotcheck init` and the example turn it on;
    repositories made before approval records existed have no such key)."""
    return config.get("require_legal_approval") is True


def approvals_by_subject(records: RecordSet) -> dict[tuple[str, str], list[Record]]:
    """Approval records by (kind, id) of what they approve, oldest first."""
    found: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for approval in records.of(APPROVAL_KIND):
        key = (str(approval.data.get("subject_kind")), str(approval.data.get("subject")))
        found[key].append(approval)
    for approvals in found.values():
        approvals.sort(key=lambda a: (str(a.data.get("date")), a.path))
    return found


def current_approval(
    record: Record, approvals: Mapping[tuple[str, str], list[Record]], legal_office: object
) -> Record | None:
    """The legal office's approval of the record's current content, if any (the latest)."""
    digest = record_digest(record)
    matching = [
        a
        for a in approvals.get((record.kind, record.id), [])
        if a.data.get("digest") == digest and a.data.get("department") == legal_office
    ]
    return matching[-1] if matching else None


def approval_record(
    record: Record,
    *,
    approver: str,
    role: str,
    department: str,
    date: str,
    document: str | None = None,
) -> dict[str, Any]:
    """The data of an approval of the record's current content."""
    data: dict[str, Any] = {
        "subject_kind": record.kind,
        "subject": record.id,
        "digest": record_digest(record),
        "department": department,
        "approver": approver,
        "role": role,
        "date": date,
    }
    if document:
        data["document"] = document
    return data
