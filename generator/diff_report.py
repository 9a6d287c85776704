"""The summary of a pull / merge request for its reviewers: what changed, by kind, who owns it,
and what needs the legal office's approval ("需法制审核").

Pure: the changes (`spotcheck.changes.compare`, which already hides non-public values) and the
new version's records in; Markdown for a PR/MR comment, or JSON-ready dicts, out. Record text
is untrusted: every value is escaped so that it can neither format the comment, nor mention
(@) anyone, nor inject HTML.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from spotcheck import approvals, codeowners
from spotcheck.changes import RecordChange
from spotcheck.layout import KIND_TITLES
from spotcheck.records import RecordSet
from spotcheck.schemas import SchemaSet

# The first line of every comment: CI finds its own earlier comment by it and updates it.
MARKER = "<!-- spotcheck-diff -->"
NEEDS_APPROVAL = approvals.NEEDS_APPROVAL
# Groups in the order reviewers read them; kinds not listed go to the last group.
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("items", "抽查事项", ("item",)),
    ("targets", "检查对象", ("target",)),
    ("inspectors", "检查人员", ("inspector",)),
    ("plans", "年度抽查计划", ("plan",)),
    ("draws", "抽取", ("commitment", "reveal", "draw", "void")),
    ("results", "抽查结果", ("result",)),
    ("rules", "实施细则", ("rules",)),
    ("approvals", "法制审核记录", ("approval",)),
    ("other", "部门、配置与日历", ("department", "config", "calendar")),
)
GROUP_OF = {kind: name for name, _, kinds in GROUPS for kind in kinds}
CHANGE_NAMES = {"added": "新增", "changed": "修改", "removed": "删除"}
DETAILS_PER_GROUP = 200  # records listed per group; the counts always cover all
MAX_COMMENT = 60_000  # characters (GitHub refuses comments over 65,536)
# Characters that could format, link, mention or open HTML; as entities they are plain text.
_ESCAPES = {c: f"&#{ord(c)};" for c in "\\`*_[]<>|~@&!#"}


def escape(value: Any, limit: int = 120) -> str:
    """Record text as inert Markdown: no formatting, links, HTML or mentions; one line."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "".join(_ESCAPES.get(c, c) for c in text)


def _display_name(change: RecordChange, records: RecordSet, schemas: SchemaSet) -> str:
    """A public name or title of the record, if its schema allows showing it."""
    record = records.get(change.kind, change.id)
    if record is None:
        return ""
    hidden = schemas.non_public_paths(change.kind)
    for key in ("name", "title"):
        if key in record.data and (key,) not in hidden:
            return str(record.data[key])
    return ""


def annotate(
    changes: Sequence[RecordChange], old: RecordSet, new: RecordSet, schemas: SchemaSet
) -> list[dict[str, Any]]:
    """Each change with its group, owning department and whether it needs legal approval."""
    legal_office = new.config.get("legal_office") or old.config.get("legal_office")
    by_subject = approvals.approvals_by_subject(new)
    annotated = []
    for change in changes:
        record = new.get(change.kind, change.id) if change.change != "removed" else None
        source = record or old.get(change.kind, change.id)
        department = (
            codeowners.record_department(change.kind, source.data, new.config)
            if source is not None
            else None
        ) or codeowners.owning_department(change.path, new)
        needs = bool(
            record is not None
            and approvals.needs_approval(record)
            and approvals.current_approval(record, by_subject, legal_office) is None
        )
        annotated.append(
            {
                "group": GROUP_OF.get(change.kind, "other"),
                "kind": change.kind,
                "id": change.id,
                "change": change.change,
                "path": change.path,
                "name": _display_name(change, new if record else old, schemas),
                "department": department,
                "needs_legal_review": needs,
                "fields": [
                    {"path": list(f.path), "title": f.title, "old": f.old, "new": f.new}
                    for f in change.fields
                ],
            }
        )
    return annotated


def _department_label(records: RecordSet, department: str | None) -> str:
    if not department:
        return "—"
    found = records.get("department", department)
    name = found.data.get("short_name") or found.data.get("name") if found else None
    return f"{escape(name)}（{escape(department)}）" if name else escape(department)


def markdown(entries: Sequence[dict[str, Any]], records: RecordSet, title: str = "") -> str:
    """The comment: marker, headline, counts table, then one collapsible section per group."""
    lines = [MARKER, f"### 记录变更{escape(title) if title else ''}", ""]
    if not entries:
        lines.append("本次修改没有改变任何记录。")
        return "\n".join(lines) + "\n"
    needing = [e for e in entries if e["needs_legal_review"]]
    by_group: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        by_group[entry["group"]].append(entry)
    lines.append(
        f"共 {len(entries)} 条记录有变化"
        + (f"，其中 **{len(needing)} 条需法制审核**" if needing else "，无需法制审核")
        + "。不公开字段只显示“（不公开）”。"
    )
    lines += ["", "| 类别 | 新增 | 修改 | 删除 | 需法制审核 |", "|---|---:|---:|---:|---:|"]
    for name, title_text, _ in GROUPS:
        group = by_group.get(name)
        if not group:
            continue
        counts = {c: sum(1 for e in group if e["change"] == c) for c in CHANGE_NAMES}
        review = sum(1 for e in group if e["needs_legal_review"])
        lines.append(
            f"| {title_text} | {counts['added']} | {counts['changed']} | {counts['removed']} | "
            f"{review or ''} |"
        )
    if needing:
        legal = _department_label(records, records.config.get("legal_office"))
        lines += ["", f"**需法制审核**（{legal}审核后运行 `spotcheck approve`）："]
        lines += [
            f"- {KIND_TITLES.get(e['kind'], e['kind'])} {escape(e['id'])} {escape(e['name'])}"
            for e in needing[:DETAILS_PER_GROUP]
        ]
    for name, title_text, _ in GROUPS:
        group = by_group.get(name)
        if not group:
            continue
        lines += ["", "<details>", f"<summary>{title_text}（{len(group)}）</summary>", ""]
        for entry in group[:DETAILS_PER_GROUP]:
            mark = " · **需法制审核**" if entry["needs_legal_review"] else ""
            label = f" {escape(entry['name'])}" if entry["name"] else ""
            lines.append(
                f"- {CHANGE_NAMES[entry['change']]} {KIND_TITLES.get(entry['kind'], entry['kind'])} "
                f"{escape(entry['id'])}{label} · 部门：{_department_label(records, entry['department'])}"
                f"{mark} · {escape(entry['path'])}"
            )
            for item in entry["fields"][:30]:
                lines.append(
                    f"  - {escape(item['title'])}：{escape(item['old'])} → {escape(item['new'])}"
                )
            if len(entry["fields"]) > 30:
                lines.append(f"  - …共 {len(entry['fields'])} 个字段有变化")
        if len(group) > DETAILS_PER_GROUP:
            lines.append(
                f"- …另有 {len(group) - DETAILS_PER_GROUP} 条（完整列表：`spotcheck diff`）"
            )
        lines += ["", "</details>"]
    text = "\n".join(lines) + "\n"
    if len(text) > MAX_COMMENT:
        cut = text[:MAX_COMMENT].rsplit("\n", 1)[0]
        text = cut + "\n\n</details>\n\n…变更说明过长，已截断；完整列表请运行 `spotcheck diff`。\n"
    return text
