"""`spotcheck checkpoint`: the history checkpoint of HEAD (what the site publishes as
checkpoint.json), for `spotcheck audit --checkpoint` to check a later history against."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from spotcheck.commands.common import add_repo_option, check_output_file, resolve_repo
from spotcheck.errors import OutputError
from spotcheck.trust.history_check import current_checkpoint


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "checkpoint",
        help="生成历史检查点：当前提交与每个抽取文件、已公示结果的 blob 编号及总摘要",
        description="输出当前提交（HEAD）的历史检查点（JSON）：提交编号、records/draws/ 下每个"
        "文件和每个已公示结果的 git blob 编号，以及全部内容的 SHA-256 摘要。网站构建时发布为 "
        "checkpoint.json；之后任何人可用 spotcheck audit --checkpoint 核对历史是否延续它。",
    )
    add_repo_option(parser)
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="写入文件（默认输出到屏幕）"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    if args.output is not None:
        check_output_file(args.output)
    checkpoint = current_checkpoint(root)
    text = json.dumps(checkpoint, ensure_ascii=False, indent=1) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        temporary = args.output.with_name(f".{args.output.name}.tmp")
        try:
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(args.output)  # never a half-written checkpoint
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise OutputError(args.output, error) from None
        print(
            f"已写入历史检查点 {args.output}：提交 {checkpoint['head'][:10]}，"
            f"{len(checkpoint['files'])} 个文件，摘要 {checkpoint['digest']}",
            file=sys.stderr,
        )
    return 0
