"""Published results in the fields of the national enterprise credit publicity system (GSXT).

One row per inspected item of each published result: 抽查计划编号/名称, 抽查任务编号/名称,
抽查类型, 抽查机关, the entity, 抽查完成日期, 检查事项, 检查结果. Written as JSON and as CSV in
UTF-8 with a byte-order mark (Excel on Windows opens a BOM-less UTF-8 CSV as GBK).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from spotcheck.exports.cells import csv_text, json_lines_array
from spotcheck.model import TaskRef, all_tasks, department_names, is_published, parse_date
from spotcheck.records import Record, RecordSet
from spotcheck.schemas import SchemaSet
from spotcheck.site.public import public_records

COLUMNS = (
    "抽查计划编号",
    "抽查计划名称",
    "抽查任务编号",
    "抽查任务名称",
    "抽查类型",
    "抽查机关",
    "统一社会信用代码",
    "企业名称",
    "抽查完成日期",
    "检查事项",
    "检查结果",
    "公示日期",
)
CODE_SEPARATOR = "；"  # a code may contain "、"


# The export reads a target's name only: loading the directory cut down to it
# (`spotcheck.records.load(fields=...)`) keeps a city's 3 million targets small.
GSXT_FIELDS: dict[str, tuple[str, ...]] = {"target": ("uscc", "name")}


def gsxt_rows(records: RecordSet, today: dt.date | None = None) -> list[dict[str, str]]:
    """Rows for every published result (published on or before `today`, if given)."""
    tasks = all_tasks(records)
    names = department_names(records)
    rows: list[dict[str, str]] = []
    for result in sorted(records.of("result"), key=result_order):
        rows += result_rows(result, records, tasks, names, today)
    return rows


def result_order(result: Record) -> tuple[str, str]:
    """The order of the results in the export: by task, then by business."""
    return (str(result.data.get("task")), str(result.data.get("target")))


def result_rows(
    result: Record,
    records: RecordSet,
    tasks: Mapping[str, TaskRef],
    names: Mapping[str, str],
    today: dt.date | None,
) -> list[dict[str, str]]:
    """The rows of one result (one per inspected item), none when it is not published by
    `today` or its task is unknown. Besides the result they read its task's plan, department
    names, the target's name and the items' names."""
    data = result.data
    task = tasks.get(str(data.get("task")))
    if task is None or not is_published(result, today):
        return []
    target = records.get("target", str(data.get("target")))
    common = {
        "抽查计划编号": task.plan.id,
        "抽查计划名称": str(task.plan.data.get("title", "")),
        "抽查任务编号": task.id,
        "抽查任务名称": str(task.task.get("name", "")),
        "抽查类型": str(task.task.get("type", "")),
        "抽查机关": "、".join(names.get(d, d) for d in task.departments),
        "统一社会信用代码": str(data.get("target")),
        "企业名称": str(target.data.get("name", "")) if target else "",
        "抽查完成日期": str(data.get("inspection_date", "")),
        "公示日期": str(parse_date(data.get("published"))),
    }
    rows = []
    for entry in data.get("items") or []:
        item = records.get("item", str(entry.get("item")))
        row = {
            **common,
            "检查事项": str(item.data.get("name", entry.get("item")))
            if item
            else str(entry.get("item")),
            "检查结果": CODE_SEPARATOR.join(str(c) for c in entry.get("codes") or []),
        }
        rows.append({column: row.get(column, "") for column in COLUMNS})
    return rows


def csv_lines(
    columns: tuple[str, ...] | list[str], rows: list[dict[str, Any]], *, header: bool = False
) -> str:
    """Rows as CSV text (CRLF line ends), with the header line first if asked: `csv_bytes` is
    the header and every part's lines, so a table can be put together from parts."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    if header:
        writer.writeheader()
    writer.writerows({key: csv_text(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue()


def csv_bytes(columns: tuple[str, ...] | list[str], rows: list[dict[str, Any]]) -> bytes:
    """CSV in UTF-8 with BOM, CRLF line ends (what Excel expects)."""
    return csv_lines(columns, rows, header=True).encode("utf-8-sig")


def write_gsxt(
    records: RecordSet,
    out_dir: Path,
    *,
    schemas: SchemaSet | None = None,
    today: dt.date | None = None,
) -> list[Path]:
    """gsxt.json and gsxt.csv in `out_dir`; returns the paths written."""
    # GSXT fields are all public; going through the public view anyway keeps one rule for
    # everything that leaves the repository
    rows = gsxt_rows(public_records(records, schemas or SchemaSet()), today)
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, csv_path = out_dir / "gsxt.json", out_dir / "gsxt.csv"
    json_path.write_text(json_lines_array(rows), encoding="utf-8")
    csv_path.write_bytes(csv_bytes(COLUMNS, rows))
    return [json_path, csv_path]
