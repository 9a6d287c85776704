"""`spotcheck validate`: check every record; exit 1 on any error, 0 with only warnings."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from spotcheck.commands.common import add_repo_option, add_today_option, resolve_repo
from spotcheck.report import FORMATTERS
from spotcheck.validation import tty_progress, validate


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="校验全部记录（schema 与跨记录规则）",
        description="校验 records/ 下的全部记录：格式、必填项、编号唯一、引用存在、信用代码校验位、"
        "法制审核、执法证有效期等。有错误时退出码为 1，只有警告时为 0。",
    )
    add_repo_option(parser)
    parser.add_argument(
        "--format",
        choices=sorted(FORMATTERS),
        default="text",
        help="输出格式：text（给人看）、json（给脚本）、github（GitHub Actions 注释）、"
        "gitlab（GitLab 代码质量报告）",
    )
    add_today_option(parser)
    parser.add_argument("--no-cache", action="store_true", help="不使用缓存，重新解析全部文件")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    today: dt.date = args.today
    result = validate(
        root, today=today, use_cache=not args.no_cache, progress=tty_progress("读取记录")
    )
    output = FORMATTERS[args.format](result.messages)
    sys.stdout.write(output + "\n")
    return 0 if result.ok else 1
