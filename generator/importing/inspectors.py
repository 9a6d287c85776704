"""Importing the inspector directory from a personnel-system export (CSV or XLSX).

Pure core, like `spotcheck.importing` for targets: `merge_inspectors(rows, existing, ...)`
checks every cell and merges each row into the directory by 人员编号; fields the personnel
system does not know (declared conflicts) are kept. The command writes only when every row is
valid. Values of non-public fields (身份证号码, 联系电话, 性别) are never repeated in a message:
a message about them says what is wrong, not what was written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from spotcheck import idcard
from spotcheck.importing.targets import CellProblem, filled_rows
from spotcheck.schemas import SchemaSet

# Spreadsheet header → inspector field (certificate fields are nested).
COLUMNS: dict[str, str] = {
    "人员编号": "id",
    "姓名": "name",
    "性别": "gender",
    "居民身份证号码": "id_number",
    "联系电话": "phone",
    "职务": "title",
    "所属部门": "department",
    "执法证号": "certificate.number",
    "执法证有效期起": "certificate.valid_from",
    "执法证有效期止": "certificate.valid_until",
    "执法领域": "expertise",
    "所属监管所": "office",
    "专家": "expert",
    "在岗": "active",
}
REQUIRED = (
    "人员编号",
    "姓名",
    "职务",
    "所属部门",
    "执法证号",
    "执法证有效期起",
    "执法证有效期止",
    "所属监管所",
    "在岗",
)
NON_PUBLIC_COLUMNS = ("性别", "居民身份证号码", "联系电话")
YES = {"是", "true", "TRUE", "True", "1", "Y", "y"}
NO = {"否", "false", "FALSE", "False", "0", "N", "n"}
LIST_SEPARATORS = ("、", "，", ",", ";", "；")


@dataclass
class InspectorImport:
    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → merged record
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)


def _split(text: str) -> list[str]:
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    return [part.strip() for part in text.split(LIST_SEPARATORS[0]) if part.strip()]


def _column_of(path: Sequence[str | int]) -> str:
    """The header of the column a schema error is about."""
    names = [str(p) for p in path if isinstance(p, str)]
    for header, target in COLUMNS.items():
        if names and (target == ".".join(names[:2]) or target == names[0]):
            return header
    return "（整行）"


def merge_inspectors(
    sheet: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    existing: Mapping[str, dict[str, Any]],
    schemas: SchemaSet,
    *,
    departments: set[str],
    offices: set[str],
) -> InspectorImport:
    """Check every row and merge it into the directory; rows are numbered from 2 (after header)."""
    outcome = InspectorImport()
    seen: dict[str, int] = {}
    for row_number, cells, problem in filled_rows(
        sheet, header, rows, COLUMNS, REQUIRED, outcome.problems
    ):
        person = cells.get("人员编号", "")
        if person in seen:
            problem("人员编号", f"与第 {seen[person]} 行重复")
        seen.setdefault(person, row_number)
        department = cells.get("所属部门", "")
        if department and department not in departments:
            problem("所属部门", f"{department} 没有部门记录（records/departments/）")
        if department and person and not person.startswith(f"{department}-P"):
            problem("人员编号", f"{person} 应以所属部门编号开头，如 {department}-P001")
        if cells.get("所属监管所") and cells["所属监管所"] not in offices:
            problem("所属监管所", f"{cells['所属监管所']} 未在 config.yaml 的 offices 中登记")
        flags: dict[str, bool] = {}
        for column, default in (("专家", False), ("在岗", True)):
            value = cells.get(column, "")
            if not value:
                flags[column] = default
            elif value in YES or value in NO:
                flags[column] = value in YES
            else:
                problem(column, f"{value} 应为“是”或“否”")
        wrong_id = idcard.problem(cells.get("居民身份证号码", "").upper())
        if wrong_id:
            problem("居民身份证号码", f"{wrong_id}（不公开字段，不显示内容）")
        start, end = cells.get("执法证有效期起", ""), cells.get("执法证有效期止", "")
        if start and end and start > end:
            problem("执法证有效期止", f"有效期止 {end} 早于有效期起 {start}")
        reported = set(problem.columns)
        record = _merged(cells, {"专家": False, "在岗": True, **flags}, existing.get(person))
        if not schemas.is_valid("inspector", record):
            for error in schemas.errors("inspector", record):
                column = _column_of(error.path)
                if column in reported:
                    continue  # already explained above
                reported.add(column)
                if column in NON_PUBLIC_COLUMNS:  # never repeat a non-public value
                    problem(column, f"取值不符合要求（不公开字段，不显示内容）；{error.expected}")
                else:
                    problem(column, f"{error.message}；{error.expected}".rstrip("；"))
        if problem.columns:
            continue
        if person in existing:
            if record != existing[person]:
                outcome.changed.append(person)
        else:
            outcome.added.append(person)
        outcome.records[person] = record
    return outcome


def _merged(
    cells: Mapping[str, str], flags: Mapping[str, bool], old: dict[str, Any] | None
) -> dict[str, Any]:
    """The record for one row: the existing record (key order and unknown fields kept) with
    the spreadsheet's values; empty optional cells leave the existing value."""
    record: dict[str, Any] = dict(old) if old else {}
    record["id"] = cells["人员编号"]
    record["name"] = cells["姓名"]
    for column, key in (("性别", "gender"), ("居民身份证号码", "id_number"), ("联系电话", "phone")):
        if cells.get(column):
            record[key] = cells[column].upper() if key == "id_number" else cells[column]
    record["title"] = cells["职务"]
    record["department"] = cells["所属部门"]
    record["certificate"] = {
        "number": cells["执法证号"],
        "valid_from": cells["执法证有效期起"],
        "valid_until": cells["执法证有效期止"],
    }
    if cells.get("执法领域"):
        record["expertise"] = _split(cells["执法领域"])
    record["office"] = cells["所属监管所"]
    record["expert"] = flags["专家"]
    record["active"] = flags["在岗"]
    if old is None:
        record.setdefault("conflicts", [])
    return record
