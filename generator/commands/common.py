"""Options and helpers shared by every command."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from spotcheck.errors import OutputError, UsageError


def add_actions(
    subparsers: argparse._SubParsersAction,
    name: str,
    *,
    help: str,
    description: str,
    dest: str | None = None,
    metavar: str = "操作",
) -> argparse._SubParsersAction:
    """A command made of actions (`spotcheck NAME ACTION …`); returns the actions' subparsers."""
    parser = subparsers.add_parser(name, help=help, description=description)
    return parser.add_subparsers(dest=dest or f"{name}_action", metavar=metavar, required=True)


def add_repo_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repo",
        type=Path,
        default=None,
        metavar="DIR",
        help="记录所在的 git 仓库（默认：当前目录所在的 git 检出）",
    )


def resolve_repo(repo: Path | None) -> Path:
    """The repository root: `--repo DIR`, else the git checkout holding the current directory."""
    start = (repo or Path.cwd()).resolve()
    if repo is not None:
        if not (start / "records").is_dir():
            raise UsageError(f"{start} 下没有 records/ 目录，请用 --repo 指向记录仓库的根目录")
        return start
    for candidate in (start, *start.parents):
        if (candidate / "records").is_dir() and (candidate / ".git").exists():
            return candidate
    for candidate in (start, *start.parents):
        if (candidate / "records").is_dir():
            return candidate
    raise UsageError("当前目录不在记录仓库中（找不到 records/ 目录），请用 --repo 指定")


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from None


def add_today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        type=parse_date,
        default=dt.date.today(),
        metavar="YYYY-MM-DD",
        help="按哪一天判断期限（默认：今天；测试时可固定）",
    )


def _existing_ancestor(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(".")


def check_output_file(path: Path) -> Path:
    """Refuse, before any work, an output file that cannot be written: a directory, a path
    through a file, a folder without write permission."""
    if path.is_dir():
        raise UsageError(f"输出路径 {path} 是一个目录，应为文件名（例如 {path / path.name}.xlsx）")
    _check_parent(path.parent, path)
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(path, "没有写入权限")
    return path


def check_output_dir(path: Path) -> Path:
    """Refuse, before any work, an output directory that cannot be made or written."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"输出路径 {path} 是一个文件，应为目录")
    _check_parent(path, path)
    return path


def _check_parent(folder: Path, path: Path) -> None:
    ancestor = _existing_ancestor(folder)
    if not ancestor.is_dir():
        raise UsageError(f"无法写入 {path}：{ancestor} 是文件，不是目录")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise OutputError(path, f"没有在 {ancestor} 中写入的权限")
