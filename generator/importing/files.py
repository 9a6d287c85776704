"""The directories' files: reading an export table, splitting the merged targets into files
(inspectors: one file per department), and writing them all or none.

Existing targets stay in their file and position; new ones go to their street or town's
folder (`records/targets/<region>/`), appended to its last file until it holds `FILE_LIMIT`
records, then into a new numbered file (records/README.md).
"""

from __future__ import annotations

import csv
import io
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from spotcheck import yamlio
from spotcheck.errors import SpotcheckError
from spotcheck.importing import workbooks
from spotcheck.importing.inspectors import InspectorImport
from spotcheck.importing.workbooks import SpreadsheetError
from spotcheck.limits import DEFAULT, Limits
from spotcheck.records import Record

FILE_LIMIT = 2000  # records per targets file (records/README.md)
MODELINE = "../../../schemas/editor/target-list.schema.json"
INSPECTOR_MODELINE = "../../schemas/editor/inspector-list.schema.json"


def read_table(path: Path, limits: Limits = DEFAULT) -> tuple[str, list[Any], list[list[Any]]]:
    """(sheet name, header, rows) of a CSV or the first sheet of an XLSX file, within the
    limits (see `spotcheck.importing.workbooks`): refused before parsing when too large."""
    kind = workbooks.check_file(path, limits)
    if kind == "xlsx":
        book = workbooks.open_xlsx(path, limits)
        try:
            name = book.sheetnames[0]
            rows = []
            for number, cells in workbooks.rows(path, book, name, limits):
                for column, cell in enumerate(cells, 1):
                    if workbooks.is_formula(cell):
                        raise SpreadsheetError(
                            f"{path}：工作表“{name}”第 {number} 行第 {column} 列是公式"
                            "（导入只接受填写的值）：请复制后“选择性粘贴→数值”再导入"
                        )
                rows.append([cell.value for cell in cells])
        finally:
            book.close()
    else:
        rows = _read_csv(path, limits)
        name = path.name
    while rows and not any(cell not in (None, "") for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise SpotcheckError(f"{path} 是空文件（没有表头和数据）")
    return name, rows[0], rows[1:]


class _RecordLists:
    """Record-list files read on first use and changed in memory: changed records replaced
    in place, new ones appended where the caller says."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.contents: dict[Path, list[dict[str, Any]]] = {}

    def records(self, path: Path) -> list[dict[str, Any]]:
        if path not in self.contents:
            self.contents[path] = (
                yamlio.parse(path.read_text(encoding="utf-8"), str(path)) or []
                if path.exists()
                else []
            )
        return self.contents[path]

    def replace(
        self, existing: dict[str, Record], merged: dict[str, dict[str, Any]], changed: list[str]
    ) -> None:
        for key in changed:
            record = existing[key]
            assert record.index is not None
            self.records(self.root / record.path)[record.index] = merged[key]

    def texts(self, modeline: str) -> dict[Path, str]:
        return {path: yamlio.dump(items, modeline) for path, items in self.contents.items()}


def _read_csv(path: Path, limits: Limits) -> list[list[Any]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SpotcheckError(
            f"{path}：第 {line} 行（第 {error.start + 1} 字节）不是 UTF-8 编码："
            "请在表格软件中另存为“CSV UTF-8”"
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise SpotcheckError(
            f"{path}：第 {line} 行有 NUL 字符（\\0）：文件可能已损坏，或不是 CSV 文件"
        )
    rows: list[list[Any]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            if len(rows) >= limits.sheet_rows:
                raise SpreadsheetError(f"{path}：超过{limits.describe('sheet_rows')}，未读取")
            if len(row) > limits.sheet_columns:
                raise SpreadsheetError(
                    f"{path}：第 {reader.line_num} 行有 {len(row)} 列，超过"
                    f"{limits.describe('sheet_columns')}，未读取"
                )
            rows.append(row)
    except csv.Error as error:
        raise SpotcheckError(f"{path}：第 {reader.line_num} 行不是有效的 CSV（{error}）") from None
    return rows


def target_files(
    root: Path,
    existing: dict[str, Record],
    merged: dict[str, dict[str, Any]],
    changed: list[str],
    added: list[str],
) -> dict[Path, str]:
    """Whole target files with the changes applied, keyed by path."""
    files = _RecordLists(root)
    files.replace(existing, merged, changed)
    by_region: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for code in added:
        by_region[str(merged[code]["region"])].append(merged[code])
    for region, new_records in sorted(by_region.items()):
        folder = root / "records" / "targets" / region
        existing_files = sorted(folder.glob("*.yaml"))
        number = len(existing_files)
        current = existing_files[-1] if existing_files else None
        for record in new_records:
            if current is None or len(files.records(current)) >= FILE_LIMIT:
                number += 1
                current = folder / f"{number:03d}.yaml"
                files.contents.setdefault(current, [])
            files.records(current).append(record)
    return files.texts(MODELINE)


def inspector_files(
    root: Path, existing: dict[str, Record], outcome: InspectorImport
) -> dict[Path, str]:
    """Whole inspector files (one per department) with the import's changes applied, by path."""
    files = _RecordLists(root)
    files.replace(existing, outcome.records, outcome.changed)
    for person in sorted(outcome.added):
        record = outcome.records[person]
        path = root / "records" / "inspectors" / f"{record['department']}.yaml"
        files.records(path).append(record)
    return files.texts(INSPECTOR_MODELINE)


def write_all(files: dict[Path, str]) -> None:
    """Write every file or none: all temporaries first, then the renames."""
    temporaries: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temporary.write_text(text, encoding="utf-8")
            temporaries.append((temporary, path))
    except OSError as error:
        for temporary, _ in temporaries:
            temporary.unlink(missing_ok=True)
        raise SpotcheckError(f"写入失败，未修改任何文件：{error}") from None
    for temporary, path in temporaries:
        temporary.replace(path)
