"""`spotcheck codeowners`: write CODEOWNERS (GitHub and GitLab) from the department records."""

from __future__ import annotations

import argparse

from spotcheck import codeowners
from spotcheck.commands.common import add_repo_option, resolve_repo
from spotcheck.commands.import_ import write_all
from spotcheck.records import load


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "codeowners",
        help="按部门记录生成 CODEOWNERS（GitHub 与 GitLab 通用）",
        description="区法制部门审核配置、部门、事项清单、实施细则、年度计划和审核记录；各部门审核本部门的"
        "执法人员、任务的抽取与结果和所辖区域的检查对象。审核人取部门记录的 code_owners，"
        "未填写时取审核人员的 GitHub 账号。部门变更后须重新生成，spotcheck validate 会报告过时的 CODEOWNERS。",
    )
    add_repo_option(parser)
    parser.add_argument(
        "--check", action="store_true", help="只检查，不写入：过时或缺失时退出码为 1"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    text = codeowners.render(load(root))
    current = codeowners.read_codeowners(root)
    if args.check:
        if current == text:
            print("CODEOWNERS 与部门记录一致。")
            return 0
        print("CODEOWNERS 已过时或不存在：请运行 spotcheck codeowners 并提交。")
        return 1
    if current == text:
        print("CODEOWNERS 已是最新，未修改。")
        return 0
    write_all({root / codeowners.FILE_NAME: text})
    print(f"已写入 {root / codeowners.FILE_NAME}")
    return 0
