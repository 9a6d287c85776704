"""`spotcheck import inspectors FILE`: update the inspector directory from a personnel export."""

from __future__ import annotations

import argparse
from pathlib import Path

from spotcheck import limits
from spotcheck.commands.common import add_repo_option, resolve_repo
from spotcheck.errors import SpotcheckError
from spotcheck.importing.files import inspector_files, read_table, write_all
from spotcheck.importing.inspectors import COLUMNS, merge_inspectors
from spotcheck.records import Record, load
from spotcheck.schemas import SchemaSet


def register(kinds: argparse._SubParsersAction) -> None:
    parser = kinds.add_parser(
        "inspectors",
        help="从人事系统导出的 CSV 或 XLSX 导入/更新执法检查人员名录库",
        description="表头（第一行）使用以下列名："
        + "、".join(COLUMNS)
        + "。已有人员按人员编号更新（申报的回避事项保留），新人员写入其部门的文件"
        "（records/inspectors/<部门编号>.yaml）。任何一行有错误时不写入任何文件；"
        "错误指明工作表、行和列，不显示身份证号码、联系电话等不公开内容。",
    )
    add_repo_option(parser)
    parser.add_argument("file", type=Path, metavar="FILE", help="CSV（UTF-8）或 XLSX 文件")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    records = load(root)
    sheet, header, rows = read_table(args.file, limits.from_config(records.config))
    existing: dict[str, Record] = {r.id: r for r in records.of("inspector")}
    outcome = merge_inspectors(
        sheet,
        header,
        rows,
        {person: record.data for person, record in existing.items()},
        SchemaSet(),
        departments={d.id for d in records.of("department")},
        offices={str(o.get("id")) for o in records.config.get("offices") or []},
    )
    if outcome.problems:
        for problem in outcome.problems:
            print(problem.text(str(args.file)))
        raise SpotcheckError(f"共 {len(outcome.problems)} 处错误，未写入任何文件")
    files = inspector_files(root, existing, outcome)
    write_all(files)
    print(
        f"导入完成：新增 {len(outcome.added)} 人，更新 {len(outcome.changed)} 人，写入 {len(files)} 个文件。"
    )
    if files:
        print("请运行 spotcheck validate 并提交合并请求。")
    return 0
