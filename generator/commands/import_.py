"""`spotcheck import targets FILE`: update the target directory from a registration export."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from generator import yamlio
from generator.commands.common import add_repo_option, add_today_option, resolve_repo
from generator.errors import SpotcheckError, UsageError
from generator.importing import COLUMNS, merge_targets
from generator.records import Record, load
from generator.schemas import SchemaSet

FILE_LIMIT = 2000  # records per targets file (records/README.md)
MODELINE = "../../../schemas/editor/target-list.schema.json"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="从登记系统导出的表格导入记录",
        description="导入外部数据：检查对象名录库（targets）、执法检查人员名录库（inspectors）。",
    )
    kinds = parser.add_subparsers(dest="import_kind", metavar="类型", required=True)
    targets = kinds.add_parser(
        "targets",
        help="从 CSV 或 XLSX 导入/更新检查对象名录库",
        description="表头（第一行）使用以下列名："
        + "、".join(COLUMNS)
        + "。已有对象按统一社会信用代码更新，登记状态变化时追加变更记录；新对象写入其街镇目录。"
        "任何一行有错误时不写入任何文件。",
    )
    add_repo_option(targets)
    add_today_option(targets)
    targets.add_argument("file", type=Path, metavar="FILE", help="CSV（UTF-8）或 XLSX 文件")
    targets.set_defaults(func=run)
    from generator.commands import import_inspectors  # it uses this module's table reading

    import_inspectors.register(kinds)


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


def run(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    today: dt.date = args.today
    sheet, header, rows = read_table(args.file)
    records = load(root)
    existing: dict[str, Record] = {t.id: t for t in records.of("target")}
    config = records.config
    outcome = merge_targets(
        sheet,
        header,
        rows,
        {code: record.data for code, record in existing.items()},
        SchemaSet(),
        today=today,
        offices={str(o.get("id")) for o in config.get("offices") or []},
        regions={str(r.get("code")) for r in config.get("regions") or []},
    )
    if outcome.problems:
        for problem in outcome.problems:
            print(problem.text(str(args.file)))
        raise SpotcheckError(f"共 {len(outcome.problems)} 处错误，未写入任何文件")
    files = _files_to_write(root, existing, outcome.records, outcome.changed, outcome.added)
    write_all(files)
    print(
        f"导入完成：新增 {len(outcome.added)} 户，更新 {len(outcome.changed)} 户，写入 {len(files)} 个文件。"
    )
    print("请运行 spotcheck validate 并提交合并请求。")
    return 0


def _files_to_write(
    root: Path,
    existing: dict[str, Record],
    merged: dict[str, dict[str, Any]],
    changed: list[str],
    added: list[str],
) -> dict[Path, str]:
    """Whole target files with the changes applied, keyed by path."""
    contents: dict[Path, list[dict[str, Any]]] = {}

    def file_records(path: Path) -> list[dict[str, Any]]:
        if path not in contents:
            contents[path] = (
                yamlio.parse(path.read_text(encoding="utf-8"), str(path)) or []
                if path.exists()
                else []
            )
        return contents[path]

    for code in changed:
        record = existing[code]
        assert record.index is not None
        file_records(root / record.path)[record.index] = merged[code]
    by_region: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for code in added:
        by_region[str(merged[code]["region"])].append(merged[code])
    for region, new_records in sorted(by_region.items()):
        folder = root / "records" / "targets" / region
        existing_files = sorted(folder.glob("*.yaml"))
        number = len(existing_files)
        current = existing_files[-1] if existing_files else None
        for record in new_records:
            if current is None or len(file_records(current)) >= FILE_LIMIT:
                number += 1
                current = folder / f"{number:03d}.yaml"
                contents.setdefault(current, [])
            file_records(current).append(record)
    return {path: yamlio.dump(items, MODELINE) for path, items in contents.items()}


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
