"""The directories' files: reading an export table, splitting the merged targets into files
(inspectors: one file per department), and writing them all or none.

Existing targets stay in their file and position; new ones go to their street or town's
folder (`records/targets/<region>/`), appended to its last file until it holds `FILE_LIMIT`
records, then into a new numbered file (records/README.md).
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from generator import yamlio
from generator.errors import SpotcheckError, UsageError
from generator.importing.inspectors import InspectorImport
from generator.records import Record

FILE_LIMIT = 2000  # records per targets file (records/README.md)
MODELINE = "../../../schemas/editor/target-list.schema.json"
INSPECTOR_MODELINE = "../../schemas/editor/inspector-list.schema.json"


def read_table(path: Path) -> tuple[str, list[Any], list[list[Any]]]:
    """(sheet name, header, rows) of a CSV or the first sheet of an XLSX file."""
    if not path.exists():
        raise UsageError(f"找不到文件 {path}")
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:
            raise SpotcheckError(f"{path} 不是有效的 XLSX 文件：{error}") from None
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        name = sheet.title
    elif path.suffix.lower() == ".csv":
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = [list(row) for row in csv.reader(handle)]
        except UnicodeDecodeError:
            raise SpotcheckError(f"{path} 不是 UTF-8 编码的 CSV：请另存为“CSV UTF-8”") from None
        name = path.name
    else:
        raise UsageError(f"{path}：只支持 .csv 和 .xlsx 文件")
    if not rows:
        raise SpotcheckError(f"{path} 是空文件")
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
