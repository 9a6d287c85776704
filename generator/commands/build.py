"""`spotcheck build`: validate the records, then build the public website with MkDocs.

The repository's mkdocs.yml is used when there is one (so `mkdocs build` gives the same site);
a department's own records repository without one gets the packaged configuration.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from spotcheck.commands.common import (
    add_repo_option,
    add_today_option,
    check_output_dir,
    resolve_repo,
)
from spotcheck.errors import SpotcheckError, os_reason
from spotcheck.site.defaults import CONFIG_NAME, write_default_config


class BuildError(SpotcheckError):
    """The site could not be built; nothing was published."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="校验记录并生成公示网站",
        description="先校验全部记录（有错误则不生成），再用 MkDocs 生成静态公示网站。"
        "仓库根目录有 mkdocs.yml 时使用它，否则使用软件包自带的配置。",
    )
    add_repo_option(parser)
    parser.add_argument(
        "--site-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="网站输出目录（默认：mkdocs.yml 中的 site_dir，即 public/）",
    )
    add_today_option(parser)
    parser.add_argument(
        "--no-draw",
        action="store_true",
        help="不执行到期的抽取（默认会执行已登记种子揭示的到期抽取）",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="不用构建缓存，重新渲染每一个页面（默认只渲染内容或设置有变化的页面）",
    )
    parser.add_argument("--verbose", action="store_true", help="显示 MkDocs 的详细日志")
    parser.set_defaults(func=run)


@contextlib.contextmanager
def site_config(root: Path, site_dir: Path | None) -> Iterator[Path]:
    """The mkdocs.yml to build with: the repository's, or the packaged one in a temp folder."""
    own = root / CONFIG_NAME
    if own.is_file():
        yield own
        return
    with tempfile.TemporaryDirectory(prefix="spotcheck-site-") as folder:
        yield write_default_config(Path(folder), root, (site_dir or root / "public").resolve())


def load_site_config(
    config_file: Path, site_dir: Path | None, today: dt.date | None, *, cache: bool = True
) -> object:
    from mkdocs.config import load_config

    overrides: dict[str, object] = {}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir.resolve())
    config = load_config(config_file=str(config_file), **overrides)
    plugin = config.plugins.get("spotcheck")
    if plugin is None:
        raise BuildError(f"{config_file} 没有启用 spotcheck 插件（plugins: - spotcheck）")
    if today is not None:
        plugin.config.today = today.isoformat()
    if not cache:
        plugin.config.cache = False
    return config


# What MkDocs itself can say about a spotcheck build (its messages are English).
_MKDOCS_MESSAGES = (
    (
        re.compile(r"Aborted with (\d+) configuration errors?!?"),
        "mkdocs.yml 有 {0} 处配置错误，已中止",
    ),
    (
        re.compile(r"Aborted with (\d+) warnings? in strict mode!?"),
        "严格模式下出现 {0} 个警告，已中止",
    ),
    (
        re.compile(r"The 'site_dir' should not be within the 'docs_dir'.*", re.S),
        "网站输出目录不能位于文档目录（docs_dir）之内",
    ),
    (
        re.compile(r"The 'docs_dir' should not be within the 'site_dir'.*", re.S),
        "文档目录（docs_dir）不能位于网站输出目录之内",
    ),
    (re.compile(r"Config file '(.*)' does not exist\.?"), "找不到网站配置文件 {0}"),
    (re.compile(r"The path '(.*)' isn't an existing directory\.?"), "目录 {0} 不存在"),
    (re.compile(r"The path '(.*)' is not a directory\.?"), "{0} 不是目录"),
    (re.compile(r"The \"(.*)\" plugin is not installed"), "没有安装 MkDocs 插件 {0}"),
)


def mkdocs_message(text: str) -> str:
    """MkDocs's error in Chinese (the original follows in brackets when not recognised)."""
    for pattern, chinese in _MKDOCS_MESSAGES:
        found = pattern.search(text)
        if found:
            return chinese.format(*found.groups())
    return f"网站生成中止（MkDocs：{text}）"


def build_site(
    root: Path, site_dir: Path | None = None, today: dt.date | None = None, *, cache: bool = True
) -> dict[str, object]:
    """Build the site; returns a summary. Raises BuildError with the reason in Chinese."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    started = time.perf_counter()
    with site_config(root, site_dir) as config_file:
        try:
            config = load_site_config(config_file, site_dir, today, cache=cache)
            build(config)  # type: ignore[arg-type]
        except PluginError as error:
            raise BuildError(str(error)) from None
        except (Abort, ConfigurationError) as error:
            raise BuildError(mkdocs_message(str(error))) from None
        except OSError as error:
            raise BuildError(
                f"无法写入网站输出目录 {error.filename or ''}：{os_reason(error)}"
            ) from None
        plugin = config.plugins["spotcheck"]  # type: ignore[attr-defined]
        output = Path(config["site_dir"])  # type: ignore[index]
    files = [p for p in output.rglob("*") if p.is_file()]
    return {
        **plugin.summary,
        "site_dir": str(output),
        "output_files": len(files),
        "output_bytes": sum(p.stat().st_size for p in files),
        "seconds": time.perf_counter() - started,
        "warning_texts": plugin.warnings,
    }


def run_due_draws(root: Path) -> None:
    """The main job draws what is due (committed reveal, seed time passed) before building."""
    from spotcheck.draw import service

    if not (root / ".git").exists():
        print("不是 git 仓库：跳过到期抽取", file=sys.stderr)
        return
    try:
        done = service.run_due(root)
    except service.RecordsNotCommitted:
        print(
            "records/ 有未提交的修改：跳过到期抽取（抽取只在已提交的记录上执行）", file=sys.stderr
        )
        return
    for task_id, commit_id in done:
        print(f"已执行到期抽取 {task_id}，提交 {commit_id[:10]}")


def run(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    if args.site_dir is not None:
        check_output_dir(args.site_dir)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s"
    )
    if not args.no_draw:
        run_due_draws(root)
    try:
        summary = build_site(root, args.site_dir, args.today, cache=not args.no_cache)
    except BuildError as error:
        print(f"网站未生成：{error}", file=sys.stderr)
        return 1
    for text in summary["warning_texts"]:  # type: ignore[union-attr]
        print(text, file=sys.stderr)
    megabytes = int(summary["output_bytes"]) / 1e6  # type: ignore[call-overload]
    print(
        f"网站已生成：{summary['site_dir']}\n"
        f"  生成页面 {summary['pages']} 个"
        f"（重新渲染 {summary.get('rendered', summary['pages'])} 个，"
        f"未变而取自构建缓存 {summary.get('restored', 0)} 个）；"
        f"检查对象信息与查询数据文件 {summary['lookup_files']} 个（按需加载，不进导航和搜索）\n"
        f"  输出文件 {summary['output_files']} 个，共 {megabytes:.1f} MB；"
        f"用时 {summary['seconds']:.1f} 秒；记录警告 {summary['warnings']} 个"
    )
    phases = summary.get("phases") or {}
    if phases:
        shown = "，".join(f"{name} {seconds:.1f}" for name, seconds in phases.items())  # type: ignore[union-attr]
        print(f"  各步用时（秒）：{shown}")
    return 0
