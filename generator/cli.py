"""The `spotcheck` command: one sub-command per module in `spotcheck.commands`.

Messages for people are Chinese; exit codes and `--format json` output are stable for scripts.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from spotcheck import __version__
from spotcheck.errors import SpotcheckError

# Order here is the order of `spotcheck --help`.
COMMAND_MODULES = (
    "init",
    "validate",
    "build",
    "serve",
    "ticket",
    "seed",
    "draw",
    "result",
    "export",
    "diff",
    "audit",
    "checkpoint",
    "stats",
    "plan",
    "import_",
    "approve",
    "codeowners",
)


# argparse's own messages (English, from its gettext catalogue) → Chinese. Each pattern is
# matched against the message argparse passes to `error()`.
_ARGPARSE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), chinese)
    for pattern, chinese in (
        (r"the following arguments are required: (.*)", "缺少必需的参数：{0}"),
        (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
        (r"invalid choice: (.*?) \(choose from (.*)\)", "无效的取值 {0}（可选：{1}）"),
        (r"expected one argument", "需要一个值"),
        (r"expected at most one argument", "最多只能有一个值"),
        (r"expected at least one argument", "至少需要一个值"),
        (r"expected (\d+) arguments?", "需要 {0} 个值"),
        (r"invalid (\w+) value: (.*)", "无效的{0}值：{1}"),
        (r"not allowed with argument (.*)", "不能与参数 {0} 同时使用"),
        (r"ambiguous option: (.*?) could match (.*)", "有歧义的选项 {0}，可能是：{1}"),
        (r"one of the arguments (.*) is required", "必须给出以下参数之一：{0}"),
        (r"ignored explicit argument (.*)", "选项不接受值：{0}"),
        (r"argument (.*?): (.*)", "参数 {0}：{1}"),
    )
)
_TYPE_NAMES = {"int": "整数", "float": "数字", "Path": "路径", "parse_date": "日期"}


def chinese_argparse_message(message: str) -> str:
    """argparse's English error message in Chinese (nested: "argument X: invalid choice …")."""
    for pattern, chinese in _ARGPARSE_MESSAGES:
        found = pattern.fullmatch(message.strip())
        if found:
            parts = [
                chinese_argparse_message(part)
                if index == 1 and "argument" in pattern.pattern[:9]
                else _TYPE_NAMES.get(part, part)
                for index, part in enumerate(found.groups())
            ]
            return chinese.format(*parts)
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "用法：")


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words (usage, section titles, -h, errors) are Chinese;
    sub-command parsers are of the same class (argparse makes them with `type(self)`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help="显示帮助并退出"
            )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{chinese_argparse_message(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="spotcheck",
        description="双随机、一公开：抽查记录校验、可验证随机抽取与信息公示网站生成",
    )
    parser.add_argument(
        "--version", action="version", version=f"spotcheck {__version__}", help="显示版本号并退出"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="命令", required=True)
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"spotcheck.commands.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except SpotcheckError as error:
        print(f"错误：{error}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:  # the reader (e.g. `| head`) stopped early: not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("已中断，未写入任何内容。", file=sys.stderr)
        return 130
    except RecursionError:
        print("错误：输入的嵌套层数过深，无法处理（请检查最近修改的文件）。", file=sys.stderr)
        return INTERNAL_ERROR
    except MemoryError:
        print("错误：内存不足，无法完成（输入是否过大？）。", file=sys.stderr)
        return INTERNAL_ERROR
    except Exception as error:  # the last guard: a defect of spotcheck, never a traceback
        if os.environ.get("SPOTCHECK_DEBUG"):
            raise
        print(
            f"内部错误：{type(error).__name__}：{error}\n"
            "这是 spotcheck 的缺陷，不是你的操作有误。请报告这个问题，附上所用的命令和以上信息"
            "（设置环境变量 SPOTCHECK_DEBUG=1 再运行一次可看到详细的出错位置）。",
            file=sys.stderr,
        )
        return INTERNAL_ERROR


INTERNAL_ERROR = 70  # EX_SOFTWARE


if __name__ == "__main__":
    sys.exit(main())
