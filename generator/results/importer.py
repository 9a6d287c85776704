"""From filled task-sheet rows to result records — all rows checked before anything is written.

Pure: takes the rows (`spotcheck.exports.tasksheet.SheetRow`), the records and the schemas,
and returns the files to write plus the problems, each naming sheet, row and column. The
command writes only when there is no problem at all. Rows are checked with the same schema
and cross-record checks as `spotcheck validate`, so an imported result is a valid result.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from spotcheck import yamlio
from spotcheck.checks.base import CheckContext, Finding
from spotcheck.checks.results import RESULT_CHECKS
from spotcheck.exports.tasksheet import SPLIT, SheetRow
from spotcheck.findings import blocks_publication
from spotcheck.model import RESULT_MODELINE, find_task, result_path, task_draws
from spotcheck.records import Record, RecordSet
from spotcheck.results.scaffold import follow_up_actions, methods, result_codes
from spotcheck.schemas import SchemaSet

INSPECTOR_ID = re.compile(r"[A-Z][A-Z0-9]{1,9}-P\d{3,5}")
FILLED_KEYS = ("inspection_date", "methods", "published", "follow_up", "substitution_reason")


@dataclass(frozen=True)
class Problem:
    where: str
    message: str
    level: str = "error"

    def text(self) -> str:
        return f"{self.where}：{'警告：' if self.level == 'warning' else ''}{self.message}"


@dataclass
class ImportPlan:
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # path → result data
    unchanged: list[str] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)  # left blank: not inspected yet
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.level == "error" for p in self.problems)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _split(value: Any) -> list[str]:
    return [part.strip() for part in SPLIT.split(_text(value)) if part.strip()]


def _date(row: SheetRow, key: str, problems: list[Problem], required: bool = False) -> str | None:
    value = row.values.get(key)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value).replace("/", "-").replace(".", "-")
    if not text:
        if required:
            problems.append(Problem(row.where(key), "缺少日期"))
        return None
    try:
        parts = [int(p) for p in text.split("-")]
        return (
            dt.date(*parts).isoformat()
            if len(parts) == 3
            else dt.date.fromisoformat(text).isoformat()
        )
    except (ValueError, TypeError):
        problems.append(Problem(row.where(key), f"日期格式不对：{text}，应写作 2026-10-12"))
        return None


def _item_ids(row: SheetRow) -> list[str]:
    return [k.split(":", 1)[1] for k in row.letters if k.startswith("codes:")]


def is_blank(row: SheetRow) -> bool:
    """A row nobody filled in (officers come pre-filled, so they do not count)."""
    keys = [*FILLED_KEYS, *(k for k in row.values if k.startswith(("codes:", "findings:")))]
    return not any(_text(row.values.get(k)) for k in keys)


def row_to_result(
    row: SheetRow, records: RecordSet, schemas: SchemaSet
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The result record a row describes, or the reasons it cannot be one."""
    problems: list[Problem] = []
    task_id, _, target = _text(row.values.get("key")).partition("|")
    if find_task(records, task_id) is None:
        return None, [Problem(row.where("key"), f"抽查任务 {task_id} 不存在（键列被改动？）")]
    drawn = task_draws(records).get(task_id)
    entry = drawn.targets.get(target) if drawn else None
    if entry is None or entry.reserve:
        return None, [Problem(row.where("target"), f"{target} 不是任务 {task_id} 抽中的检查对象")]
    if _text(row.values.get("target")) not in ("", target):
        problems.append(
            Problem(
                row.where("target"),
                f"统一社会信用代码被改为 {row.values.get('target')}，应为 {target}",
            )
        )
    data: dict[str, Any] = {"task": task_id, "target": target}
    data["inspection_date"] = _date(row, "inspection_date", problems, required=True)
    data.update(_officers(row, entry.officer_ids, problems))
    data["methods"] = _methods(row, schemas, problems)
    data["items"] = _items(row, schemas, problems)
    follow_up = _follow_up(row, schemas, problems)
    if follow_up:
        data["follow_up"] = follow_up
    published = _date(row, "published", problems)
    if published:
        data["published"] = published
    # returned even with problems, so the later checks can report the row's other columns
    return data, problems


def _officers(row: SheetRow, assigned: list[str], problems: list[Problem]) -> dict[str, Any]:
    """`officers`, and `substitutions` where they differ from the drawn officers."""
    officers = INSPECTOR_ID.findall(_text(row.values.get("officers"))) or list(assigned)
    found: dict[str, Any] = {"officers": officers}
    removed = [o for o in assigned if o not in officers]
    added = [o for o in officers if o not in assigned]
    if not removed and not added:
        return found
    reason = _text(row.values.get("substitution_reason"))
    if len(removed) != len(added):
        problems.append(
            Problem(
                row.where("officers"),
                f"替换人员数（{len(added)}）与被替换的选派人员数（{len(removed)}）不一致",
            )
        )
    if not reason:
        problems.append(
            Problem(
                row.where("substitution_reason"),
                f"检查人员与选派人员不同（{'、'.join(removed)} → {'、'.join(added)}），"
                "需填写替换原因",
            )
        )
    found["substitutions"] = [
        {"original": o, "replacement": r, "reason": reason or "（未填写）"}
        for o, r in zip(removed, added, strict=False)
    ]
    return found


def _methods(row: SheetRow, schemas: SchemaSet, problems: list[Problem]) -> list[str]:
    allowed_methods = methods(schemas)
    found = _split(row.values.get("methods"))
    if not found:
        problems.append(Problem(row.where("methods"), "缺少检查方式"))
    for method in found:
        if method not in allowed_methods:
            problems.append(
                Problem(
                    row.where("methods"),
                    f"检查方式“{method}”不在允许范围内，应为：{'、'.join(allowed_methods)}",
                )
            )
    return found


def _items(row: SheetRow, schemas: SchemaSet, problems: list[Problem]) -> list[dict[str, Any]]:
    codes_allowed = result_codes(schemas)
    items = []
    for item_id in _item_ids(row):
        key = f"codes:{item_id}"
        codes = _split(row.values.get(key))
        if not codes:
            problems.append(Problem(row.where(key), "缺少检查结果"))
        for code in codes:
            if code not in codes_allowed:
                problems.append(
                    Problem(row.where(key), f"检查结果“{code}”不在公示系统的结果类别中")
                )
        entry_data: dict[str, Any] = {"item": item_id, "codes": codes}
        findings = _text(row.values.get(f"findings:{item_id}"))
        if findings:
            entry_data["findings"] = findings
        items.append(entry_data)
    return items


def _follow_up(row: SheetRow, schemas: SchemaSet, problems: list[Problem]) -> list[dict[str, Any]]:
    action = _text(row.values.get("follow_up"))
    due = _date(row, "follow_up_due", problems)
    note = _text(row.values.get("follow_up_note"))
    if not (action or due or note):
        return []
    if action not in follow_up_actions(schemas):
        problems.append(
            Problem(
                row.where("follow_up"),
                f"后续处置“{action}”不在允许范围内，应为：{'、'.join(follow_up_actions(schemas))}",
            )
        )
    follow: dict[str, Any] = {"action": action}
    if due:
        follow["due"] = due
    if note:
        follow["note"] = note
    return [follow]


def _column_for(path: tuple[str | int, ...], data: dict[str, Any]) -> str:
    """The sheet column a finding about `path` of a result belongs to."""
    if not path:
        return "target"
    head = path[0]
    if head == "items":
        entries = data.get("items") or []
        index = path[1] if len(path) > 1 and isinstance(path[1], int) else 0
        item = (
            entries[index].get("item")
            if index < len(entries)
            else (entries[0].get("item") if entries else "")
        )
        return f"findings:{item}" if "findings" in path else f"codes:{item}"
    if head == "substitutions":
        return "substitution_reason" if "reason" in path else "officers"
    if head == "follow_up":
        return (
            "follow_up_due"
            if "due" in path
            else "follow_up_note"
            if "note" in path
            else "follow_up"
        )
    return {
        "inspection_date": "inspection_date",
        "officers": "officers",
        "methods": "methods",
        "published": "published",
    }.get(str(head), "target")


def plan_import(
    rows: Iterable[SheetRow],
    records: RecordSet,
    schemas: SchemaSet,
    today: dt.date,
    *,
    replace: bool = False,
) -> ImportPlan:
    """Check every row; the files to write, or the problems (with sheet, row and column)."""
    plan = ImportPlan()
    flagged: dict[int, set[str]] = {}  # row → cells that already have a message
    new = _new_results(rows, records, schemas, plan, flagged, replace=replace)
    plan.problems.extend(_cross_record_problems(records, new, today, flagged))
    if plan.ok:
        plan.files = {path: data for path, (_, data) in new.items()}
    return plan


def _new_results(
    rows: Iterable[SheetRow],
    records: RecordSet,
    schemas: SchemaSet,
    plan: ImportPlan,
    flagged: dict[int, set[str]],
    *,
    replace: bool,
) -> dict[str, tuple[SheetRow, dict[str, Any]]]:
    """Result path → (row, data) of every row that may be written, as far as the row alone
    and the existing file tell; the other rows' problems go to `plan`."""
    existing = {r.path: r for r in records.of("result")}
    in_lists = {r.id: r for r in records.of("result") if r.index is not None}
    new: dict[str, tuple[SheetRow, dict[str, Any]]] = {}
    for row in rows:
        if row.formulas:  # a formula's value is a cache the import cannot check
            plan.problems.extend(
                Problem(
                    row.where(key),
                    f"单元格是公式（{formula[:40]}），导入只接受填写的值："
                    "请复制后“选择性粘贴→数值”，再导入",
                )
                for key, formula in row.formulas.items()
            )
            continue
        if is_blank(row):
            plan.skipped_rows.append(row.row)
            continue
        data, problems = row_to_result(row, records, schemas)
        plan.problems.extend(problems)
        if data is None:
            continue
        if problems:
            flagged[row.row] = {p.where for p in problems}
        task = find_task(records, data["task"])
        assert task is not None
        path = result_path(task, data["target"])
        listed = in_lists.get(f"{data['task']}/{data['target']}")
        if listed is not None and listed.data != data:
            where = f"{listed.path} 第 {(listed.index or 0) + 1} 条"
            plan.problems.append(
                Problem(
                    row.where("target"),
                    f"{where}已有这个检查对象的结果且内容不同；导入不改动结果列表文件中已有的结果，"
                    "请直接编辑该文件（已公示的结果须写更正记录）",
                )
            )
            continue
        before = existing.get(path) or listed
        refusal = _refusal(path, new, before, data, replace=replace)
        if refusal == "unchanged":
            plan.unchanged.append(path)
            continue
        if refusal:
            plan.problems.append(Problem(row.where("target"), refusal))
            continue
        for error in schemas.errors("result", data):
            where = row.where(_column_for(error.path, data))
            if where not in flagged.setdefault(row.row, set()):
                flagged[row.row].add(where)
                plan.problems.append(
                    Problem(where, f"{error.message}；{error.expected}".rstrip("；"))
                )
        new[path] = (row, data)
    return new


def _refusal(
    path: str,
    new: Mapping[str, tuple[SheetRow, dict[str, Any]]],
    before: Record | None,
    data: dict[str, Any],
    *,
    replace: bool,
) -> str | None:
    """Why a row's result is not written over what is there ("unchanged" when identical)."""
    if path in new:
        return f"与第 {new[path][0].row} 行是同一检查对象"
    if before is None:
        return None
    if before.data == data:
        return "unchanged"
    if before.data.get("published"):
        return f"{path} 已于 {before.data['published']} 公示，不能用导入覆盖"
    if not replace:
        return f"{path} 已存在且内容不同；确认以表格为准时加 --replace（只覆盖未公示的结果）"
    return None


def _cross_record_problems(
    records: RecordSet,
    new: Mapping[str, tuple[SheetRow, dict[str, Any]]],
    today: dt.date,
    flagged: Mapping[int, set[str]],
) -> list[Problem]:
    """The result checks, on the records as they would be after the import."""
    after = RecordSet()
    for record in records.records:
        if record.path not in new:
            after.add(record)
    added: dict[int, tuple[SheetRow, dict[str, Any]]] = {}
    for path, (row, data) in new.items():
        record = Record("result", f"{data['task']}/{data['target']}", data, path)
        after.add(record)
        added[id(record)] = (row, data)
    context = CheckContext(today=today)
    findings: list[Finding] = []
    for check in RESULT_CHECKS:
        findings.extend(f for f in check(after, context) if id(f.record) in added)
    problems = []
    for finding in findings:
        row, data = added[id(finding.record)]
        where = row.where(_column_for(finding.path, data))
        if where in flagged.get(row.row, set()):
            continue  # that cell already has a message; one per cell is enough
        # a missed deadline is a fact to report, not a reason to refuse the facts
        level = finding.level if blocks_publication(finding.code) else "warning"
        message = finding.message + (f"；{finding.expected}" if finding.expected else "")
        problems.append(Problem(where, message, level))
    return problems


def result_text(data: dict[str, Any], source: str) -> str:
    header = f"# 由 spotcheck result import 从 {source} 导入\n"
    text = yamlio.dump(data, RESULT_MODELINE)
    first, _, rest = text.partition("\n")
    return f"{first}\n{header}{rest}"
