"""The task sheet (检查结果登记表): one XLSX row per drawn target, filled in the field.

`build_tasksheet` makes the workbook: the drawn targets with their assigned officers and the
task's items, dropdowns for result codes and methods, and a hidden, locked key column so a
row always finds its way back to its task and target. `read_tasksheet` turns a filled
sheet back into cell values per row, keyed by stable column keys kept in a hidden row — so
re-ordering or renaming the visible headers cannot mis-file a value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from spotcheck.errors import SpotcheckError
from spotcheck.exports.cells import as_text
from spotcheck.importing import workbooks
from spotcheck.limits import DEFAULT, Limits
from spotcheck.model import (
    DrawnTarget,
    TaskRef,
    find_task,
    results_by_task,
    task_draws,
)
from spotcheck.records import RecordSet
from spotcheck.results.scaffold import follow_up_actions, methods, officer_label, result_codes
from spotcheck.schemas import SchemaSet

SHEET = "检查结果"
LISTS_SHEET = "代码表"
HELP_SHEET = "填写说明"
HEADER_ROW = 1
KEY_ROW = 2  # hidden: machine keys of the columns
FIRST_DATA_ROW = 3
SEPARATOR = "；"  # codes contain "、", so several values are separated by semicolons
SPLIT = re.compile(r"[;；\n]+")
EDITABLE_FILL = PatternFill("solid", fgColor="FFF8E1")


class TasksheetError(SpotcheckError):
    """A workbook that is not a spotcheck task sheet."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    editable: bool = False


def columns(records: RecordSet, task: TaskRef) -> list[Column]:
    found = [
        Column("key", "键（勿改）", 12),
        Column("seq", "序号", 6),
        Column("target", "统一社会信用代码", 22),
        Column("name", "名称", 30),
        Column("address", "住所（经营场所）", 30),
        Column("assigned", "选派人员", 30),
        Column("officers", "实际检查人员（编号，以“；”分隔）", 26, True),
        Column("substitution_reason", "人员替换原因", 20, True),
        Column("inspection_date", "检查完成日期", 14, True),
        Column("methods", "检查方式（可多项，以“；”分隔）", 22, True),
    ]
    for item_id in task.items:
        item = records.get("item", item_id)
        name = str(item.data.get("name", item_id)) if item else item_id
        found.append(Column(f"codes:{item_id}", f"检查结果：{name}（{item_id}）", 30, True))
        found.append(Column(f"findings:{item_id}", f"检查情况：{name}", 30, True))
    found += [
        Column("follow_up", "后续处置", 20, True),
        Column("follow_up_due", "处置期限", 14, True),
        Column("follow_up_note", "处置说明", 24, True),
        Column("published", "公示日期", 14, True),
    ]
    return found


def _drawn_for(records: RecordSet, task_id: str) -> tuple[TaskRef, list[DrawnTarget]]:
    task = find_task(records, task_id)
    if task is None:
        raise TasksheetError(
            f"找不到抽查任务 {task_id}：请检查任务编号是否已写入 records/plans/ 中的年度计划"
        )
    drawn = task_draws(records).get(task_id)
    if drawn is None:
        raise TasksheetError(
            f"任务 {task_id} 还没有有效的抽取结果：先完成抽取（spotcheck draw）再导出任务表"
        )
    return task, drawn.selected


def _joined(values: Any) -> str:
    return SEPARATOR.join(str(v) for v in values or [])


def _date_cell(value: Any) -> dt.date | str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)


def _prefill(result: dict[str, Any] | None, drawn: DrawnTarget) -> dict[str, Any]:
    """Cell values of an existing result, so re-importing an untouched row changes nothing."""
    values: dict[str, Any] = {"officers": _joined(drawn.officer_ids)}
    if not result:
        return values
    values["officers"] = _joined(result.get("officers"))
    reasons = [str(s.get("reason", "")) for s in result.get("substitutions") or []]
    values["substitution_reason"] = _joined(dict.fromkeys(r for r in reasons if r))
    values["inspection_date"] = _date_cell(result.get("inspection_date"))
    values["methods"] = _joined(result.get("methods"))
    for entry in result.get("items") or []:
        values[f"codes:{entry.get('item')}"] = _joined(entry.get("codes"))
        values[f"findings:{entry.get('item')}"] = entry.get("findings")
    follow = (result.get("follow_up") or [{}])[0]
    values["follow_up"] = follow.get("action")
    values["follow_up_due"] = _date_cell(follow.get("due"))
    values["follow_up_note"] = follow.get("note")
    values["published"] = _date_cell(result.get("published"))
    return values


def build_tasksheet(records: RecordSet, schemas: SchemaSet, task_id: str) -> Workbook:
    task, targets = _drawn_for(records, task_id)
    existing = results_by_task(records).get(task_id, {})
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    cols = columns(records, task)
    for index, column in enumerate(cols, 1):
        letter = get_column_letter(index)
        sheet.cell(HEADER_ROW, index, column.header).font = Font(bold=True)
        sheet.cell(HEADER_ROW, index).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(KEY_ROW, index, column.key)
        sheet.column_dimensions[letter].width = column.width
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.column_dimensions["A"].hidden = True
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, 4)
    for offset, drawn in enumerate(targets):
        row = FIRST_DATA_ROW + offset
        target = records.get("target", drawn.target)
        data = target.data if target else {}
        result = existing.get(drawn.target)
        values = {
            "key": f"{task.id}|{drawn.target}",
            "seq": offset + 1,
            "target": drawn.target,
            "name": data.get("name", ""),
            "address": data.get("address", ""),
            "assigned": SEPARATOR.join(
                f"{o.get('inspector')} {officer_label(records, o)}" for o in drawn.officers
            ),
            **_prefill(result.data if result else None, drawn),
        }
        for index, column in enumerate(cols, 1):
            cell = as_text(sheet.cell(row, index, values.get(column.key)))
            if column.editable:
                cell.protection = Protection(locked=False)
                cell.fill = EDITABLE_FILL
            if column.key in ("inspection_date", "follow_up_due", "published"):
                cell.number_format = "yyyy-mm-dd"
    last_row = FIRST_DATA_ROW + max(len(targets), 1) - 1
    _lists(book, schemas)
    _validations(sheet, cols, last_row, schemas)
    # locked against accidental edits of the key and the drawn facts; no password, since
    # the import checks every value anyway
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    _help(book, records, task)
    return book


def _lists(book: Workbook, schemas: SchemaSet) -> None:
    lists = book.create_sheet(LISTS_SHEET)
    for col, (title, values) in enumerate(
        (
            ("检查结果", result_codes(schemas)),
            ("检查方式", methods(schemas)),
            ("后续处置", follow_up_actions(schemas)),
        ),
        1,
    ):
        lists.cell(1, col, title)
        for row, value in enumerate(values, 2):
            as_text(lists.cell(row, col, value))
    lists.sheet_state = "hidden"


def _validations(sheet: Worksheet, cols: list[Column], last_row: int, schemas: SchemaSet) -> None:
    def list_rule(col: int, count: int, prompt: str, strict: bool) -> DataValidation:
        letter = get_column_letter(col)
        rule = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${count + 1}",
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            # several values are typed with "；": Excel may only warn, the import decides
            errorStyle="stop" if strict else "warning",
            promptTitle="选择或输入",
            prompt=prompt,
        )
        return rule

    rules = {
        "codes": list_rule(
            1, len(result_codes(schemas)), "可多项，以“；”分隔；“未发现问题”只能单独使用", False
        ),
        "methods": list_rule(2, len(methods(schemas)), "可多项，以“；”分隔", False),
        "follow_up": list_rule(3, len(follow_up_actions(schemas)), "发现问题时选择后续处置", True),
    }
    for rule in rules.values():
        sheet.add_data_validation(rule)
    for index, column in enumerate(cols, 1):
        kind = column.key.split(":")[0]
        if kind in rules:
            letter = get_column_letter(index)
            rules[kind].add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")


def _help(book: Workbook, records: RecordSet, task: TaskRef) -> None:
    sheet = book.create_sheet(HELP_SHEET, 0)
    window = task.task.get("window") or {}
    lines = [
        f"抽查任务：{task.task.get('name', '')}（{task.id}）",
        f"检查期：{window.get('start')} 至 {window.get('end')}",
        "只填写浅黄色单元格；灰色部分来自抽取结果，已锁定。",
        "检查完成日期、处置期限、公示日期写作 2026-10-12。",
        "多个检查结果或检查方式以“；”分隔；“未发现问题”只能单独使用。",
        "更换检查人员时，在“实际检查人员”中改为替换人员编号，并填写“人员替换原因”。",
        "尚未检查的对象整行留空即可，导入时会跳过。",
        "填好后导入：spotcheck result import 本文件.xlsx（全部行校验通过才会写入）。",
    ]
    for row, line in enumerate(lines, 1):
        as_text(sheet.cell(row, 1, line))
    sheet.column_dimensions["A"].width = 90


def write_tasksheet(records: RecordSet, schemas: SchemaSet, task_id: str, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    build_tasksheet(records, schemas, task_id).save(out)
    return out


# --- reading a filled sheet ----------------------------------------------------------------


@dataclass
class SheetRow:
    """The cells of one data row, by column key, with where each column is."""

    sheet: str
    row: int
    values: dict[str, Any]
    letters: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    formulas: dict[str, str] = field(default_factory=dict)  # column key → formula text

    def where(self, key: str) -> str:
        letter = self.letters.get(key, "A")
        header = self.headers.get(key, key)
        return f"工作表“{self.sheet}”第 {self.row} 行 {letter} 列（{header}）"


def open_tasksheet(path: Path, limits: Limits = DEFAULT) -> Any:
    """The workbook, read-only with formulas kept, after the checks of
    `spotcheck.importing.workbooks` (file kind, zip directory)."""
    try:
        return workbooks.open_xlsx(path, limits)
    except SpotcheckError as error:
        raise TasksheetError(str(error)) from None


def read_tasksheet(
    book: Any,
    records: RecordSet | None = None,
    *,
    path: Path | None = None,
    limits: Limits = DEFAULT,
) -> Iterator[SheetRow]:
    """Every data row with a key, in sheet order. With the records, the header is first
    compared with the task's template: a missing, extra or moved column is ONE error."""
    if SHEET not in book.sheetnames:
        raise TasksheetError(
            f"工作簿中没有工作表“{SHEET}”：请使用 spotcheck export tasksheet 导出的任务表"
        )
    where = path or Path("任务表")
    lines = workbooks.rows(where, book, SHEET, limits)
    header_cells = next(lines, (HEADER_ROW, ()))[1]
    key_cells = next(lines, (KEY_ROW, ()))[1]
    keys = {
        column: str(cell.value).strip()
        for column, cell in enumerate(key_cells, 1)
        if cell.value not in (None, "")
    }
    if "key" not in keys.values():
        raise TasksheetError(
            f"工作表“{SHEET}”第 {KEY_ROW} 行缺少列键："
            "请使用 spotcheck export tasksheet 导出的任务表"
        )
    titles = {
        column: str(cell.value).strip()
        for column, cell in enumerate(header_cells, 1)
        if cell.value not in (None, "")
    }
    letters = {key: get_column_letter(col) for col, key in keys.items()}
    headers = {key: titles.get(col, key) for col, key in keys.items()}
    checked = records is None
    for number, cells in lines:
        values: dict[str, Any] = {}
        formulas: dict[str, str] = {}
        for column, cell in enumerate(cells, 1):
            key = keys.get(column)
            if key is None:
                continue
            values[key] = cell.value
            if workbooks.is_formula(cell):
                formulas[key] = str(cell.value)
                values[key] = None
        if not values.get("key"):
            continue
        if not checked:
            assert records is not None
            task_id = str(values["key"]).partition("|")[0]
            task = find_task(records, task_id)
            if task is not None:
                header_problem = _header_problem(columns(records, task), keys, titles)
                if header_problem:
                    raise TasksheetError(
                        f"{where}：工作表“{SHEET}”的表头与任务表模板不符：{header_problem}"
                    )
            checked = True
        yield SheetRow(SHEET, number, values, letters, headers, formulas)


def _header_problem(expected: list[Column], keys: dict[int, str], titles: dict[int, str]) -> str:
    """What differs between the template's columns and the sheet's (column → key, title)."""
    wanted = [c.key for c in expected]
    by_key = {c.key: c for c in expected}
    found = [keys.get(column) for column in range(1, max([*keys, *titles, 0]) + 1)]
    parts = []
    missing = [by_key[k].header for k in wanted if k not in keys.values()]
    if missing:
        parts.append("缺少列 " + "、".join(f"“{h}”" for h in missing))
    last = max(keys, default=0)
    extra = [
        f"{get_column_letter(col)} 列“{titles[col]}”"
        if col in titles
        else f"{get_column_letter(col)} 列（空白列）"
        for col, key in enumerate(found, 1)
        if (key is None and (col in titles or col < last))
        or (key is not None and key not in by_key)
    ]
    if extra:
        parts.append("多出 " + "、".join(extra))
    if not parts:
        present = [k for k in found if k is not None]
        moved = [
            f"“{by_key[k].header}”（应在 {get_column_letter(wanted.index(k) + 1)} 列，现在 "
            f"{get_column_letter(found.index(k) + 1)} 列）"
            for k in present
            if found.index(k) != wanted.index(k)
        ]
        renamed = [
            f"{get_column_letter(col)} 列的表头是“{titles.get(col, '')}”，应为“{by_key[key].header}”"
            for col, key in keys.items()
            # an item's header carries its name, which may have changed since the export
            if key in by_key
            and not key.startswith(("codes:", "findings:"))
            and titles.get(col, "") != by_key[key].header
        ]
        if moved:
            parts.append("列的位置改变：" + "、".join(moved))
        elif renamed:
            parts.append("；".join(renamed))
    if not parts:
        return ""
    return (
        "；".join(parts)
        + "。请重新导出任务表（spotcheck export tasksheet），把已填写的内容复制到对应的列后再导入"
    )
