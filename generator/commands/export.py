"""`spotcheck export tasksheet|gsxt|opendata`: files for the field, for GSXT, for the public."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from spotcheck.commands.common import (
    add_actions,
    add_repo_option,
    check_output_dir,
    check_output_file,
    parse_date,
    resolve_repo,
)
from spotcheck.errors import OutputError
from spotcheck.records import load
from spotcheck.schemas import SchemaSet


def register(subparsers: argparse._SubParsersAction) -> None:
    actions = add_actions(
        subparsers,
        "export",
        help="导出：任务表（XLSX）、公示系统数据、开放数据",
        description="导出只读取记录，不修改记录。gsxt 与 opendata 只包含可公开的字段。",
        metavar="类型",
    )

    sheet = actions.add_parser(
        "tasksheet",
        help="导出一个任务的检查结果登记表（XLSX）",
        description="每个抽中对象一行：名称、住所、选派人员、各抽查事项；检查结果与检查方式有下拉选项。"
        "填好后用 spotcheck result import 导入。",
    )
    add_repo_option(sheet)
    sheet.add_argument("task", metavar="TASK", help="抽查任务编号，如 2026-SCJG-01")
    sheet.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="输出文件（默认：<任务编号>-任务表.xlsx）"
    )
    sheet.set_defaults(func=run_tasksheet)

    gsxt = actions.add_parser(
        "gsxt",
        help="导出已公示结果（国家企业信用信息公示系统字段）",
        description="每个已公示结果的每个检查事项一行：抽查计划编号/名称、抽查任务编号/名称、抽查类型、"
        "抽查机关、抽查完成日期、检查事项、检查结果。输出 gsxt.json 与 gsxt.csv（UTF-8 带 BOM）。",
    )
    add_repo_option(gsxt)
    gsxt.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("exports/gsxt"),
        metavar="DIR",
        help="输出目录（默认：exports/gsxt）",
    )
    gsxt.add_argument(
        "--as-of",
        type=parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="只导出在此日期及以前公示的结果（默认：全部已填写公示日期的结果）",
    )
    gsxt.set_defaults(func=run_gsxt)

    opendata = actions.add_parser(
        "opendata",
        help="导出开放数据（各类记录的 CSV 与 JSON，附数据字典）",
        description="各类记录各一个 CSV 和 JSON 文件，另附数据字典（字段中文名与说明）。"
        "不含任何不公开字段。",
    )
    add_repo_option(opendata)
    opendata.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("exports/opendata"),
        metavar="DIR",
        help="输出目录（默认：exports/opendata）",
    )
    opendata.set_defaults(func=run_opendata)


def run_tasksheet(args: argparse.Namespace) -> int:
    from spotcheck.exports.tasksheet import write_tasksheet

    root = resolve_repo(args.repo)
    out = check_output_file(args.output or Path(f"{args.task}-任务表.xlsx"))
    try:
        path = write_tasksheet(load(root), SchemaSet(), args.task, out)
    except OSError as error:
        raise OutputError(out, error) from None
    print(f"已导出任务表 {path}")
    return 0


def run_gsxt(args: argparse.Namespace) -> int:
    from spotcheck.exports.gsxt import GSXT_FIELDS, write_gsxt

    root = resolve_repo(args.repo)
    as_of: dt.date | None = args.as_of
    check_output_dir(args.output)
    try:
        paths = write_gsxt(load(root, fields=GSXT_FIELDS), args.output, today=as_of)
    except OSError as error:
        raise OutputError(args.output, error) from None
    print("已导出：" + "、".join(str(p) for p in paths))
    return 0


def run_opendata(args: argparse.Namespace) -> int:
    from spotcheck.exports.opendata import write_opendata

    root = resolve_repo(args.repo)
    check_output_dir(args.output)
    try:
        paths = write_opendata(load(root), SchemaSet(), args.output)
    except OSError as error:
        raise OutputError(args.output, error) from None
    print(f"已导出 {len(paths)} 个文件到 {args.output}")
    return 0
