"""`spotcheck stats`: one year's figures, problem rates with 95 % intervals, risk warnings
and who is late (as on the site's 统计 and 逾期与进度 pages)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator, Mapping
from typing import Any

from spotcheck.commands.common import add_repo_option, add_today_option, resolve_repo
from spotcheck.diff_report import escape
from spotcheck.records import load
from spotcheck.statistics.extract import STATISTICS_FIELDS, district_facts
from spotcheck.statistics.intervals import import_in_background
from spotcheck.statistics.report import report
from spotcheck.statistics.warnings import described, pct


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="统计与风险预警：完成情况、联合抽查占比、问题发现率（95%% 区间）、逾期与进度",
        description="按部门和全区统计一个年度的抽查任务（计划、已承诺、已抽取、已完成）、抽中与已检查户数、"
        "按期公示、逾期公示与逾期未公示、联合抽查占比（目标 10%）、事项覆盖率、单户最多被检查次数，"
        "以及按行业门类、街镇、抽查事项和信用风险分类的问题发现率（样本量与 95% Wilson 区间）；"
        "列出风险预警（显著高于全区、逐年上升）、进度落后的任务和逾期公示的结果。",
    )
    add_repo_option(parser)
    add_today_option(parser)
    parser.add_argument("--year", help="统计年度（默认：今天所在年度或之前最近的计划年度）")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    import_in_background()  # SciPy, while the records load
    stats = report(district_facts(load(root, fields=STATISTICS_FIELDS), args.today), args.year)
    if args.format == "json":
        print(json.dumps(stats, ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        print("\n".join(markdown(stats)))
    else:
        print("\n".join(text(stats)))
    return 0


def _progress(row: Mapping[str, Any]) -> str:
    return (
        f"任务 计划 {row['tasks_planned']}、已承诺 {row['tasks_committed']}、"
        f"已抽取 {row['tasks_drawn']}、已完成 {row['tasks_completed']}；"
        f"抽中 {row['drawn']} 户、已检查 {row['inspected']} 户；公示 按期 "
        f"{row['published_on_time']}、逾期公示 {row['published_late']}、"
        f"逾期未公示 {row['overdue_publication']}；联合抽查占比 {pct(row['joint_share'])}；"
        f"事项覆盖 {row['items_covered']}/{row['items']}（{pct(row['item_coverage'])}）"
    )


def _method(stats: Mapping[str, Any]) -> str:
    m = stats["method"]
    return (
        f"95% Wilson 区间；检查不足 {m['min_inspections']} 次或按全区比率预期问题数不足 "
        f"{m['min_expected']} 的类别为“样本不足”，不排名、不检验"
    )


def text(stats: Mapping[str, Any]) -> Iterator[str]:
    district = stats["district"]
    yield f"{stats['year']} 年度统计（截至 {stats['today']}）"
    yield f"全区：{_progress(district)}"
    share = district["joint_share"]
    goal = "无抽中对象" if share is None else "已达到" if share >= stats["joint_goal"] else "未达到"
    yield f"  联合抽查目标 {pct(stats['joint_goal'])}：{goal}"
    burden = stats["burden"]
    yield (
        f"  单户最多被检查 {burden['max']} 次（跨部门合计，{len(burden['businesses_at_max'])} 户）"
    )
    yield f"  问题发现率 {described(stats['problem_rate'])}"
    if stats["calendar_problem"]:
        yield f"  公示期限无法计算：{stats['calendar_problem']}"
    yield "按部门："
    for row in stats["departments"]:
        yield f"  {row['label']}：{_progress(row)}"
    yield f"问题发现率（{_method(stats)}）："
    for dimension, name in stats["dimensions"].items():
        rows = stats["rates"][dimension]
        yield f"  {name}（全区 {described(stats['rate_totals'][dimension])}）："
        for row in rows:
            if row.get("enough"):
                yield f"    {row['rank']}. {row['label']}：{described(row)}"
        small = [f"{r['label']}（{r['k']}/{r['n']}）" for r in rows if not r.get("enough")]
        if small:
            yield "    样本不足：" + "、".join(small)
    yield "风险预警（早预警）："
    for warning in stats["warnings"]:
        yield f"  ⚠ {warning['sentence']}"
    if not stats["warnings"]:
        yield "  无：没有类别显著高于全区，也没有显著上升（BH 校正 q≤0.05）"
    for note in stats["notes"]:
        yield f"  提示：{note['sentence']}"
    yield "进度落后的任务："
    for row in stats["behind"] or []:
        yield f"  {row['department_name']} {row['task']} {row['name']}：{row['phrase']}"
    if not stats["behind"]:
        yield "  无"
    yield "逾期公示与逾期未检查："
    for row in stats["delays"]:
        yield (
            f"  {row['department_name']} {row['task']} {row['target']} {row['target_name']}："
            f"{row['phrase']}（期限 {row['deadline']}）；原因：{row['reason'] or '未说明'}"
        )
    if not stats["delays"]:
        yield "  无"


def _cell(value: Any) -> str:
    """Record text as inert Markdown (no formatting, links, HTML or mentions; one line)."""
    return escape(str(value), 400)


def markdown(stats: Mapping[str, Any]) -> Iterator[str]:
    yield f"# {stats['year']} 年度统计（截至 {stats['today']}）"
    yield ""
    yield (
        "| 部门 | 计划任务 | 已承诺 | 已抽取 | 已完成 | 抽中 | 已检查 | 按期公示 | 逾期公示 "
        "| 逾期未公示 | 联合抽查占比 | 事项覆盖 |"
    )
    yield "|---|---|---|---|---|---|---|---|---|---|---|---|"
    for row in [*stats["departments"], stats["district"]]:
        yield (
            "| "
            + " | ".join(
                _cell(v)
                for v in (
                    row["label"],
                    row["tasks_planned"],
                    row["tasks_committed"],
                    row["tasks_drawn"],
                    row["tasks_completed"],
                    row["drawn"],
                    row["inspected"],
                    row["published_on_time"],
                    row["published_late"],
                    row["overdue_publication"],
                    pct(row["joint_share"]),
                    f"{row['items_covered']}/{row['items']}",
                )
            )
            + " |"
        )
    yield ""
    yield (
        f"联合抽查目标 {pct(stats['joint_goal'])}；单户最多被检查 {stats['burden']['max']} 次；"
        f"问题发现率 {described(stats['problem_rate'])}。"
    )
    yield ""
    yield "## 风险预警"
    yield ""
    for warning in stats["warnings"]:
        yield f"- {_cell(warning['sentence'])}"
    if not stats["warnings"]:
        yield "- 无：没有类别显著高于全区，也没有显著上升（BH 校正 q≤0.05）"
    for note in stats["notes"]:
        yield f"- 提示：{_cell(note['sentence'])}"
    yield ""
    yield f"## 问题发现率（{_method(stats)}）"
    for dimension, name in stats["dimensions"].items():
        yield ""
        yield f"### {name}"
        yield ""
        yield "| 排名 | 类别 | 发现问题 | 检查 | 问题发现率 | 95% 区间 |"
        yield "|---|---|---|---|---|---|"
        for row in stats["rates"][dimension]:
            rank = row.get("rank") or "样本不足"
            yield (
                f"| {rank} | {_cell(row['label'])} | {row['k']} | {row['n']} | {pct(row['rate'])} "
                f"| {pct(row['low'])}–{pct(row['high'])} |"
            )
    yield from _markdown_lists(stats)


def _markdown_lists(stats: Mapping[str, Any]) -> Iterator[str]:
    """The result codes, the tasks behind schedule and the late publications."""
    yield ""
    yield "## 检查结果类别"
    yield ""
    yield "| 检查结果类别 | 次数 |"
    yield "|---|---|"
    for code, count in stats["codes"]:
        yield f"| {_cell(code)} | {count} |"
    yield ""
    yield "## 进度落后的任务"
    yield ""
    for row in stats["behind"]:
        yield f"- {_cell(row['department_name'])} {row['task']} {_cell(row['name'])}：{row['phrase']}"
    if not stats["behind"]:
        yield "- 无"
    yield ""
    yield "## 逾期公示与逾期未检查"
    yield ""
    for row in stats["delays"]:
        yield (
            f"- {_cell(row['department_name'])} {row['task']} {row['target']} "
            f"{_cell(row['target_name'])}：{row['phrase']}（期限 {row['deadline']}）；"
            f"原因：{_cell(row['reason'] or '未说明')}"
        )
    if not stats["delays"]:
        yield "- 无"
