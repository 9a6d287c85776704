"""`spotcheck audit`: who changed which records when, under which review (from git history)."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from generator.audit import read_log
from generator.commands.common import add_repo_option, parse_date, resolve_repo
from generator.errors import SpotcheckError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="审计日志：谁在何时修改了哪些记录、经过哪次审核",
        description="从 git 历史读取对 records/ 的每一次修改（作者、时间、文件、说明、审核、抽取信息）。",
    )
    add_repo_option(parser)
    parser.add_argument(
        "--since", type=parse_date, metavar="YYYY-MM-DD", help="只列出此日期及以后的修改"
    )
    parser.add_argument("--limit", type=int, default=None, help="最多列出多少条")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    entries = read_log(root, limit=args.limit)
    if entries is None:
        raise SpotcheckError(f"{root} 不是 git 仓库，没有审计日志")
    since: dt.date | None = args.since
    if since is not None:
        entries = [e for e in entries if e.date.date() >= since]
    if args.format == "json":
        payload = [
            {
                "commit": e.commit,
                "author": e.author,
                "date": e.date.isoformat(),
                "subject": e.subject,
                "review": e.review,
                "trailers": dict(e.trailers),
                "files": list(e.files),
            }
            for e in entries
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    for entry in entries:
        review = f"（{entry.review}）" if entry.review else ""
        print(
            f"{entry.date:%Y-%m-%d %H:%M} {entry.author} {entry.commit[:10]} {entry.subject}{review}"
        )
        for name in entry.files[:10]:
            print(f"    {name}")
        if len(entry.files) > 10:
            print(f"    … 共 {len(entry.files)} 个文件")
    print(f"共 {len(entries)} 次修改。")
    return 0
