"""`spotcheck init DIR`: a new, empty district records repository that validates and builds."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
from pathlib import Path

from spotcheck import codeowners, district_init, gitops
from spotcheck.commands.common import check_output_dir
from spotcheck.commands.import_ import write_all
from spotcheck.errors import SpotcheckError, UsageError
from spotcheck.records import load
from spotcheck.schemas import schemas_dir

DEPARTMENT = re.compile(r"^([A-Z][A-Z0-9]{1,9})=(.+)$")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "init",
        help="新建一个空的记录仓库（配置、部门、CI、pre-commit、CODEOWNERS），并立即校验和生成网站",
        description="在 DIR 建立新的记录仓库：git 仓库、区级配置、区法制部门和执法部门、各记录目录及说明、"
        "编辑器用的 schemas、GitHub 与 GitLab 的 CI 文件、pre-commit 配置和 CODEOWNERS，"
        "然后校验并生成一个（空的）公示网站。未给出的区县名称和代码：有终端时询问，否则使用占位值。",
    )
    parser.add_argument("directory", type=Path, metavar="DIR", help="新仓库的目录（不存在或为空）")
    parser.add_argument("--name", help="区县名称，如 花都区")
    parser.add_argument("--code", help="区县 6 位行政区划代码，如 440114")
    parser.add_argument(
        "--legal-office",
        metavar="编号=简称",
        help=f"区法制部门（默认 {'='.join(district_init.DEFAULT_LEGAL_OFFICE)}）",
    )
    parser.add_argument(
        "--department",
        action="append",
        default=[],
        metavar="编号=简称",
        help="执法部门，如 SCJG=区市场监督管理局（可重复；默认 "
        + "、".join("=".join(d) for d in district_init.DEFAULT_DEPARTMENTS)
        + "）",
    )
    parser.add_argument("--site-url", help="公示网站地址，如 https://example.gov.cn/sjgk/")
    parser.add_argument("--repo-url", help="记录仓库的网址（网站上的“编辑”链接）")
    parser.add_argument("--no-build", action="store_true", help="不生成网站（只校验）")
    parser.add_argument(
        "--update-schemas",
        action="store_true",
        help="只把已有仓库的 schemas/ 更新为本版本的记录格式（升级 spotcheck 后使用）",
    )
    parser.set_defaults(func=run)


def _department(text: str) -> tuple[str, str]:
    match = DEPARTMENT.match(text.strip())
    if not match:
        raise UsageError(f"部门应写作 编号=简称，编号为大写字母开头的 2–10 位字母数字：{text}")
    return match.group(1), match.group(2).strip()


def _ask(prompt: str, default: str) -> str:
    answer = input(f"{prompt}（回车使用 {default}）：").strip()
    return answer or default


def settings_from(args: argparse.Namespace, interactive: bool) -> district_init.DistrictSettings:
    name, code = args.name, args.code
    legal = args.legal_office
    departments = list(args.department)
    if interactive:
        name = name or _ask("区县名称", district_init.PLACEHOLDER_NAME)
        code = code or _ask("区县 6 位行政区划代码", district_init.PLACEHOLDER_CODE)
        legal = legal or _ask("区法制部门 编号=简称", "=".join(district_init.DEFAULT_LEGAL_OFFICE))
        if not departments:
            given = _ask(
                "执法部门 编号=简称（多个用逗号分隔）",
                ",".join("=".join(d) for d in district_init.DEFAULT_DEPARTMENTS),
            )
            departments = [d for d in re.split(r"[,，]", given) if d.strip()]
    code = code or district_init.PLACEHOLDER_CODE
    if not re.fullmatch(r"\d{6}", code):
        raise UsageError(f"区划代码应为 6 位数字：{code}")
    legal_office = _department(legal) if legal else district_init.DEFAULT_LEGAL_OFFICE
    parsed = tuple(_department(d) for d in departments) or district_init.DEFAULT_DEPARTMENTS
    ids = [legal_office[0], *(d[0] for d in parsed)]
    if len(set(ids)) != len(ids):
        raise UsageError("部门编号重复：" + "、".join(ids))
    return district_init.DistrictSettings(
        name=(name or district_init.PLACEHOLDER_NAME).strip(),
        code=code,
        legal_office=legal_office,
        departments=parsed,
        site_url=args.site_url,
        repo_url=args.repo_url,
    )


def copy_schemas(root: Path) -> None:
    """The record schemas of this version, for editors (modelines and .vscode/settings.json)."""
    target = root / "schemas"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(schemas_dir(), target, ignore=shutil.ignore_patterns("__pycache__"))


def run(args: argparse.Namespace) -> int:
    root: Path = args.directory.resolve()
    if args.update_schemas:
        if not (root / "records").is_dir():
            raise UsageError(f"{root} 不是记录仓库（没有 records/）")
        copy_schemas(root)
        print(f"已更新 {root / 'schemas'}；请运行 spotcheck validate 并提交。")
        return 0
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} 是一个文件：spotcheck init 需要一个新目录或空目录")
    check_output_dir(root)
    if root.exists() and any(root.iterdir()):
        raise UsageError(f"{root} 不是空目录：spotcheck init 只在新目录或空目录中建立仓库")
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    settings = settings_from(args, interactive)
    files = district_init.district_files(settings)
    root.mkdir(parents=True, exist_ok=True)
    write_all({root / path: data.decode("utf-8") for path, data in files.items()})
    copy_schemas(root)
    write_all({root / codeowners.FILE_NAME: codeowners.render(load(root, use_cache=False))})
    failure = gitops.init_repository(root)
    if failure is not None:
        raise SpotcheckError(f"git init 失败：{failure}")
    print(f"已建立记录仓库 {root}（{settings.name}，{settings.code}）")
    if settings.name == district_init.PLACEHOLDER_NAME:
        print("  区县名称和代码为占位值：请修改 records/config.yaml")
    print(
        "  部门："
        + "、".join(f"{s}（{i}）" for i, s in (settings.legal_office, *settings.departments))
        + "；请在 records/departments/ 中填写审核人员后运行 spotcheck codeowners"
    )
    ok = _validate_and_build(root, build=not args.no_build)
    message = district_init.first_commit_message(settings, dt.date.today())
    if gitops.commit_everything(root, message):
        print("  已提交第一个版本（main）。")
    else:
        print("  文件已加入暂存区，未能提交（请设置 git user.name / user.email 后 git commit）。")
    print("下一步见仓库中的 README.md：从填写部门到发布公示网站。")
    return 0 if ok else 1


def _validate_and_build(root: Path, *, build: bool) -> bool:
    from spotcheck.report import format_text
    from spotcheck.validation import validate

    checked = validate(root, use_cache=False)
    print("  校验：" + format_text(checked.messages).replace("\n", "\n  "))
    if not checked.ok or not build:
        return checked.ok
    from spotcheck.commands.build import BuildError, build_site

    try:
        summary = build_site(root)
    except BuildError as error:
        print(f"  网站未生成：{error}", file=sys.stderr)
        return False
    print(f"  网站已生成：{summary['site_dir']}（spotcheck serve 预览）")
    return True
