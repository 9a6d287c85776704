"""`spotcheck import targets FILE`: update the target directory from a registration export."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from spotcheck import limits
from spotcheck.commands.common import add_actions, add_repo_option, add_today_option, resolve_repo
from spotcheck.errors import SpotcheckError
from spotcheck.importing import COLUMNS, merge_targets, read_table, target_files, write_all
from spotcheck.records import Record, load
from spotcheck.schemas import SchemaSet


def register(subparsers: argparse._SubParsersAction) -> None:
    kinds = add_actions(
        subparsers,
        "import",
        help="从登记系统导出的表格导入记录",
        description="导入外部数据：检查对象名录库（targets）、执法检查人员名录库（inspectors）。",
        metavar="类型",
        dest="import_kind",
    )
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
    from spotcheck.commands import import_inspectors  # it uses this module's table reading

    import_inspectors.register(kinds)


def run(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    today: dt.date = args.today
    records = load(root)
    sheet, header, rows = read_table(args.file, limits.from_config(records.config))
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
    files = target_files(root, existing, outcome.records, outcome.changed, outcome.added)
    write_all(files)
    print(
        f"导入完成：新增 {len(outcome.added)} 户，更新 {len(outcome.changed)} 户，写入 {len(files)} 个文件。"
    )
    print("请运行 spotcheck validate 并提交合并请求。")
    return 0
