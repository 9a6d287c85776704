"""`spotcheck ticket`: print the draw tickets of ids for a seed, lowest first.

Lets anybody check a published draw by hand: with the task's seed, a business's ticket shows
whether it falls below the published threshold of its stratum.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from spotcheck.commands.common import add_repo_option
from spotcheck.draw.tickets import ALGORITHM_VERSION, ordered
from spotcheck.errors import UsageError

STDIN = "-"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ticket",
        help="计算编号的抽取签值（按签值从小到大输出）",
        description=(
            "按抽取协议计算每个编号的签值：ticket = U(H(种子) + 编号)，"
            f"算法 {ALGORITHM_VERSION}，与 Rivest 的 consistent_sampler 兼容。"
            "按签值从小到大输出“编号<TAB>签值”，每行一个。"
        ),
    )
    parser.add_argument("--seed", required=True, help="抽取所用的种子（原样使用，区分大小写）")
    parser.add_argument(
        "ids",
        nargs="*",
        metavar="编号",
        help="检查对象编号（如统一社会信用代码）；“-” 表示从标准输入读取",
    )
    parser.add_argument(
        "--file",
        "-f",
        metavar="F",
        help="从文件读取编号，每行一个（UTF-8）；“-” 表示标准输入",
    )
    add_repo_option(parser)
    parser.set_defaults(func=run)


def _lines(text: str) -> list[str]:
    # Blank lines and surrounding whitespace (incl. Windows CR) never belong to an id.
    return [line.strip() for line in text.splitlines() if line.strip()]


def _read_stdin() -> str:
    if sys.stdin.isatty():
        print("从标准输入读取编号，每行一个，按 Ctrl-D 结束……", file=sys.stderr)
    # utf-8-sig: a BOM from a spreadsheet export would otherwise change the first ticket.
    return sys.stdin.buffer.read().decode("utf-8-sig")


def _read_file(name: str) -> str:
    if name == STDIN:
        return _read_stdin()
    try:
        return Path(name).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"找不到编号文件：{name}") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"编号文件 {name} 不是 UTF-8 编码：{error}") from None
    except OSError as error:
        raise UsageError(f"无法读取编号文件 {name}：{error.strerror}") from None


def collect_ids(args: argparse.Namespace) -> list[str]:
    """Ids from the arguments and/or `--file`; stdin when neither is given (or for `-`)."""
    ids: list[str] = []
    stdin_used = False
    for raw in args.ids:
        if raw.strip() == STDIN:
            if not stdin_used:
                ids.extend(_lines(_read_stdin()))
                stdin_used = True
        elif raw.strip():
            ids.append(raw.strip())
    if args.file is not None and not (args.file == STDIN and stdin_used):
        ids.extend(_lines(_read_file(args.file)))
    if not args.ids and args.file is None:
        ids.extend(_lines(_read_stdin()))
    return ids


def run(args: argparse.Namespace) -> int:
    ids = collect_ids(args)
    if not ids:
        raise UsageError(
            "没有要计算签值的编号：请在命令行给出编号，或用 --file 指定文件，或从标准输入提供"
        )
    unique: list[str] = []
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            print(f"提示：编号 {item_id} 重复出现，只输出一次", file=sys.stderr)
        else:
            seen.add(item_id)
            unique.append(item_id)
    out = "".join(f"{item_id}\t{ticket}\n" for item_id, ticket in ordered(args.seed, unique))
    sys.stdout.write(out)
    sys.stdout.flush()
    return 0
