"""`spotcheck plan suggest`: a draft of next year's plan, ratios adjusted by this year's
problem rates (generator/statistics/suggestions.py), for staff to edit and submit."""

from __future__ import annotations

import argparse
from pathlib import Path

from spotcheck.commands.common import add_repo_option, add_today_option, resolve_repo
from spotcheck.errors import UsageError
from spotcheck.importing.files import write_all
from spotcheck.records import load
from spotcheck.statistics.extract import district_facts
from spotcheck.statistics.plan_drafts import plan_drafts, source_plans
from spotcheck.statistics.report import report


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("plan", help="年度抽查计划：按风险预警生成下一年度计划草案")
    actions = parser.add_subparsers(dest="action", metavar="操作", required=True)
    suggest = actions.add_parser(
        "suggest",
        help="生成下一年度计划草案（按上一年度问题发现率调整抽查比例）",
        description="以上一年度各部门的年度计划为底稿，对问题发现率显著高于全区的信用风险分类、街镇和行业"
        "提高抽查比例，显著低于全区的降低（不低于法定最低比例），写成草案文件，供修改后提交合并请求。",
    )
    add_repo_option(suggest)
    add_today_option(suggest)
    suggest.add_argument("--year", type=int, required=True, help="草案的年度（以上一年度为依据）")
    suggest.add_argument("--department", help="只生成这个部门的草案（部门编号）")
    suggest.add_argument(
        "-o",
        "--output",
        type=Path,
        help="写到这个文件（只生成一个部门时；默认 records/plans/<年度>/<部门>.yaml）",
    )
    suggest.add_argument("--force", action="store_true", help="覆盖已有文件")
    suggest.set_defaults(func=run_suggest)


def run_suggest(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    records = load(root)
    source_year = str(args.year - 1)
    plans = source_plans(records, args.year, args.department)
    if not plans:
        which = f"部门 {args.department} 的" if args.department else ""
        raise UsageError(
            f"没有{which} {source_year} 年度计划可作底稿（records/plans/{source_year}/）"
        )
    if args.output and len(plans) > 1:
        raise UsageError("-o 只能用于一个部门：请同时给出 --department")
    stats = report(district_facts(records, args.today), source_year)
    files: dict[Path, str] = {}
    for draft in plan_drafts(plans, args.year, stats):
        path = (
            args.output or root / "records" / "plans" / str(args.year) / f"{draft.department}.yaml"
        )
        if path.exists() and not args.force:
            raise UsageError(f"{path} 已存在，未写入任何文件（覆盖请加 --force）")
        files[path] = draft.text
        print(f"{path}：{len(draft.reasons)} 项调整")
        for reason in draft.reasons:
            print(f"  {reason}")
    write_all(files)
    return 0
