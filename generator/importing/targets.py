"""Importing the target directory from a registration-system export (CSV or XLSX).

Pure core: `merge_targets(rows, existing, ...)` turns spreadsheet rows into target records,
checking every cell and merging with the directory (a changed registration status appends to
the status history). The command writes the files only when every row is valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from spotcheck import industries, uscc
from spotcheck.schemas import SchemaSet

# Spreadsheet header → target field. The first header names the unique key.
COLUMNS: dict[str, str] = {
    "统一社会信用代码": "uscc",
    "名称": "name",
    "住所": "address",
    "法定代表人": "legal_representative",
    "联系电话": "phone",
    "市场主体类型": "entity_type",
    "行业代码": "industry",
    "所在街镇代码": "region",
    "属地监管所": "office",
    "登记状态": "status",
    "信用风险分类": "credit_class",
    "状态变更日期": "status_date",
}
REQUIRED = (
    "统一社会信用代码",
    "名称",
    "住所",
    "法定代表人",
    "市场主体类型",
    "行业代码",
    "所在街镇代码",
    "属地监管所",
    "登记状态",
    "信用风险分类",
)
EVENT_FOR_STATUS = {"存续": "迁入", "吊销": "吊销", "注销": "注销", "迁出": "迁出"}


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    row: int  # 1-based, as the spreadsheet shows it
    column: str  # header text
    message: str

    def text(self, source: str) -> str:
        return f"{source}：工作表“{self.sheet}”第 {self.row} 行“{self.column}”列：{self.message}"


@dataclass
class ImportOutcome:
    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # uscc → merged record
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet shows codes like 440114001 as numbers
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


class RowProblems:
    """The problems of one row: call it with the column and the message; they go to the
    import's list, and `columns` names the columns of this row found wrong so far."""

    def __init__(self, sheet: str, row: int, problems: list[CellProblem]) -> None:
        self.sheet, self.row, self.problems = sheet, row, problems
        self.columns: list[str] = []

    def __call__(self, column: str, message: str) -> None:
        self.problems.append(CellProblem(self.sheet, self.row, column, message))
        self.columns.append(column)


def filled_rows(
    sheet: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    columns: Iterable[str],
    required: Sequence[str],
    problems: list[CellProblem],
) -> Iterator[tuple[int, dict[str, str], RowProblems]]:
    """(row number, cells by column name, the row's problems) of every row that is not empty,
    its required cells checked; rows are numbered from 2 (after the header). Nothing when a
    required column is missing from the header (that is the problem reported)."""
    names = [cell_text(h) for h in header]
    missing = [column for column in required if column not in names]
    if missing:
        problems.append(
            CellProblem(sheet, 1, "、".join(missing), "表头缺少这些列（第一行应为列名）")
        )
        return
    index = {name: names.index(name) for name in columns if name in names}
    for row_number, row in enumerate(rows, 2):
        cells = {name: cell_text(row[i]) if i < len(row) else "" for name, i in index.items()}
        if not any(cells.values()):
            continue
        problem = RowProblems(sheet, row_number, problems)
        for column in required:
            if not cells.get(column):
                problem(column, "不能为空")
        yield row_number, cells, problem


def merge_targets(
    sheet: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    existing: Mapping[str, dict[str, Any]],
    schemas: SchemaSet,
    *,
    today: dt.date,
    offices: set[str],
    regions: set[str],
) -> ImportOutcome:
    """Check every row and merge it into the directory; rows are numbered from 2 (after header)."""
    outcome = ImportOutcome()
    seen: dict[str, int] = {}
    for row_number, cells, problem in filled_rows(
        sheet, header, rows, COLUMNS, REQUIRED, outcome.problems
    ):
        code = cells.get("统一社会信用代码", "").upper()
        if code and not uscc.is_valid(code):
            expected = ""
            if len(code) == 18:
                try:
                    expected = f"，按 GB 32100-2015 第 18 位应为 {uscc.check_character(code[:17])}"
                except ValueError:
                    expected = "，含有代码字符集以外的字符"
            problem("统一社会信用代码", f"{code} 不是有效的统一社会信用代码{expected}")
        if code in seen:
            problem("统一社会信用代码", f"与第 {seen[code]} 行重复")
        seen.setdefault(code, row_number)
        if cells.get("行业代码") and not industries.is_known(cells["行业代码"]):
            problem("行业代码", f"{cells['行业代码']} 不在 GB/T 4754-2017 中")
        if cells.get("属地监管所") and cells["属地监管所"] not in offices:
            problem("属地监管所", f"{cells['属地监管所']} 未在 config.yaml 的 offices 中登记")
        if cells.get("所在街镇代码") and cells["所在街镇代码"] not in regions:
            problem("所在街镇代码", f"{cells['所在街镇代码']} 未在 config.yaml 的 regions 中登记")
        status_date = cells.get("状态变更日期") or today.isoformat()
        try:
            dt.date.fromisoformat(status_date)
        except ValueError:
            problem("状态变更日期", f"{status_date} 不是 YYYY-MM-DD 格式的日期")
        if problem.columns:
            continue
        record = _merged(code, cells, existing.get(code), status_date)
        if not schemas.is_valid("target", record):
            for error in schemas.errors("target", record):
                header_name = next(
                    (h for h, f in COLUMNS.items() if error.path and f == _field(error.path)),
                    "（整行）",
                )
                problem(header_name, f"{error.message}；{error.expected}".rstrip("；"))
            continue
        if code in existing:
            if record != existing[code]:
                outcome.changed.append(code)
        else:
            outcome.added.append(code)
        outcome.records[code] = record
    return outcome


def _field(path: Sequence[str | int]) -> str:
    """The spreadsheet field a record path comes from (contact.phone ← 联系电话)."""
    return str(path[-1]) if path[0] == "contact" else str(path[0])


def _merged(
    code: str, cells: Mapping[str, str], old: dict[str, Any] | None, status_date: str
) -> dict[str, Any]:
    record: dict[str, Any] = dict(old) if old else {}
    record.update(
        {
            "uscc": code,
            "name": cells["名称"],
            "address": cells["住所"],
            "legal_representative": cells["法定代表人"],
            "entity_type": cells["市场主体类型"],
            "industry": cells["行业代码"],
            "region": cells["所在街镇代码"],
            "office": cells["属地监管所"],
            "status": cells["登记状态"],
            "credit_class": cells["信用风险分类"],
        }
    )
    if cells.get("联系电话"):
        record["contact"] = {**(old or {}).get("contact", {}), "phone": cells["联系电话"]}
    history = list((old or {}).get("status_history") or [])
    if old is None:
        event = EVENT_FOR_STATUS.get(cells["登记状态"], "设立")
        event = "设立" if event == "迁入" else event
        history.append({"event": event, "date": status_date})
    elif old.get("status") != cells["登记状态"]:
        history.append(
            {"event": EVENT_FOR_STATUS.get(cells["登记状态"], "迁入"), "date": status_date}
        )
    record["status_history"] = history
    return record
