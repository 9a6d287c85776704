"""`spotcheck diff [OLD] [NEW]`: the records that changed, for reviewers of a pull request."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from spotcheck import diff_report
from spotcheck.changes import compare
from spotcheck.commands.common import add_repo_option, resolve_repo
from spotcheck.errors import UsageError
from spotcheck.gitops import has_revision, open_repo
from spotcheck.layout import KIND_TITLES
from spotcheck.records import load
from spotcheck.schemas import SchemaSet

CHANGE_NAMES = {"added": "新增", "removed": "删除", "changed": "修改"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="列出两个版本之间有变化的记录和字段（供审核合并请求）",
        description="比较两个 git 版本（默认：main 与工作区）的记录：新增、删除、修改了哪些记录和字段。"
        "不公开字段只显示“已修改”，不显示内容。",
    )
    add_repo_option(parser)
    parser.add_argument("old", nargs="?", default="main", help="旧版本（默认 main）")
    parser.add_argument("new", nargs="?", default=None, help="新版本（默认：工作区）")
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="text（给人看）、json（给脚本）、markdown（合并请求评论：按类别分组、先列数量、"
        "标出所属部门和“需法制审核”）",
    )
    parser.set_defaults(func=run)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:77] + "…"


def run(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    with open_repo(root) as repo:
        for revision in (args.old, args.new):
            if revision is not None and not has_revision(repo, revision):
                raise UsageError(f"找不到版本 {revision}")
    schemas = SchemaSet()
    old, new = load(root, commit=args.old), load(root, commit=args.new)
    changes = compare(old, new, schemas)
    if args.format in ("json", "markdown"):
        entries = diff_report.annotate(changes, old, new, schemas)
        if args.format == "markdown":
            sys.stdout.write(diff_report.markdown(entries, new))
        else:
            print(json.dumps(entries, ensure_ascii=False, indent=2))
        return 0
    needing = {
        (e["kind"], e["id"])
        for e in diff_report.annotate(changes, old, new, schemas)
        if e["needs_legal_review"]
    }
    for change in changes:
        review = f" [{diff_report.NEEDS_APPROVAL}]" if (change.kind, change.id) in needing else ""
        print(
            f"{CHANGE_NAMES[change.change]} {KIND_TITLES.get(change.kind, change.kind)} {change.id}（{change.path}）{review}"
        )
        for item in change.fields:
            print(f"    {item.title}：{_show(item.old)} → {_show(item.new)}")
    print(f"共 {len(changes)} 条记录有变化。")
    return 0
