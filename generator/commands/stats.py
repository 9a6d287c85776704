"""`spotcheck stats`: completion, joint share and problem rates (as on the site's 统计 page)."""

from __future__ import annotations

import argparse
import json

from generator.commands.common import add_repo_option, add_today_option, resolve_repo
from generator.records import load
from generator.stats import statistics


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="统计：完成率、联合抽查占比、问题发现率",
        description="按部门、行业门类和抽查事项统计抽中户数、已公示户数、完成率、联合抽查占比（目标 10%）"
        "与问题发现率，以及公示期限状态。",
    )
    add_repo_option(parser)
    add_today_option(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def run(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    stats = statistics(load(root), args.today)
    if args.format == "json":
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    total = stats["total"]
    print(f"截至 {stats['today']}：")
    print(
        f"  抽查任务 {total.get('tasks', 0)} 个，抽中 {total.get('drawn', 0)} 户，"
        f"已检查 {total.get('inspected', 0)} 户，已公示 {total.get('published', 0)} 户，"
        f"完成率 {_pct(total['completion'])}"
    )
    print(
        f"  联合抽查占比 {_pct(total['joint_share'])}（目标 {_pct(stats['joint_goal'])}），"
        f"问题发现率 {_pct(total['problem_rate'])}"
    )
    if stats["deadlines"]:
        print("  公示状态：" + "；".join(f"{k} {v} 户" for k, v in stats["deadlines"].items()))
    print("按部门：")
    for row in stats["departments"]:
        print(
            f"  {row['label']}：任务 {row.get('tasks', 0)}，抽中 {row.get('drawn', 0)}，"
            f"已公示 {row.get('published', 0)}（{_pct(row['completion'])}），"
            f"问题发现率 {_pct(row['problem_rate'])}"
        )
    print("按行业门类：")
    for row in stats["industries"]:
        print(
            f"  {row['label']}：抽中 {row.get('drawn', 0)}，已公示 {row.get('published', 0)}，"
            f"问题发现率 {_pct(row['problem_rate'])}"
        )
    return 0
