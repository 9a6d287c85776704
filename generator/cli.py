"""The `spotcheck` command: one sub-command per module in `generator.commands`.

Messages for people are Chinese; exit codes and `--format json` output are stable for scripts.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from generator import __version__
from generator.errors import SpotcheckError

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spotcheck",
        description="双随机、一公开：抽查记录校验、可验证随机抽取与信息公示网站生成",
    )
    parser.add_argument("--version", action="version", version=f"spotcheck {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="命令", required=True)
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"generator.commands.{name}")
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


if __name__ == "__main__":
    sys.exit(main())
