"""`spotcheck seed drand`: verify a drand beacon round and print its randomness.

Lets anyone turn a published League of Entropy round into the seed a draw uses, and check it:
the signature is verified against the chain's public key shipped with spotcheck, and the round's
time is computed from the chain's genesis and period, never typed by the official.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from spotcheck.errors import UsageError
from spotcheck.trust import drand

CHINA = dt.timezone(dt.timedelta(hours=8))
STDIN = "-"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "seed",
        help="核验公共随机信标并输出种子",
        description="核验来自公共随机信标的种子，输出可直接用于抽取的随机数。",
    )
    sources = parser.add_subparsers(dest="seed_source", metavar="信标", required=True)
    beacon = sources.add_parser(
        "drand",
        help="核验 drand（League of Entropy）某一轮的签名，输出该轮随机数",
        description=(
            "用随 spotcheck 发布的 League of Entropy 公钥核验 drand 某一轮的 BLS 签名；"
            "核验通过时第一行输出该轮随机数（签名的 SHA-256，十六进制），其后输出链、轮次和轮次时间"
            "（由链的起始时间和周期算出）。签名不符退出码 1，参数有误退出码 2。"
        ),
    )
    beacon.add_argument(
        "--chain",
        required=True,
        metavar="quicknet|mainnet",
        help="drand 链：quicknet（每 3 秒一轮，非链式）或 mainnet（drand 称 default，每 30 秒一轮，链式）",
    )
    beacon.add_argument(
        "--round", type=_round_number, metavar="N", help="轮次（用 --beacon 时可省略）"
    )
    given = beacon.add_mutually_exclusive_group(required=True)
    given.add_argument("--signature", metavar="HEX", help="该轮签名（十六进制）")
    given.add_argument(
        "--beacon",
        metavar="文件",
        help="drand HTTP API 返回的该轮 JSON（含 round、signature 等），供离线电脑使用；“-” 表示标准输入",
    )
    given.add_argument(
        "--fetch", action="store_true", help="联网从 drand 中继取得该轮（取得后同样核验签名）"
    )
    beacon.add_argument(
        "--previous-signature",
        metavar="HEX",
        help="上一轮签名（十六进制；仅 mainnet 这类链式网络需要）",
    )
    beacon.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="输出格式（默认 text；json 供脚本使用）",
    )
    beacon.set_defaults(func=run_drand)


def _round_number(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"轮次应为正整数：{text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"轮次应为正整数：{text}")
    return value


def _read_beacon_file(name: str) -> str:
    if name == STDIN:
        return sys.stdin.buffer.read().decode("utf-8-sig")
    try:
        return Path(name).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"找不到信标文件：{name}") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"信标文件 {name} 不是 UTF-8 编码：{error}") from None
    except OSError as error:
        raise UsageError(f"无法读取信标文件 {name}：{error.strerror}") from None


def verified_beacon(args: argparse.Namespace) -> drand.Beacon:
    """The beacon the arguments name, verified; raises a Chinese error otherwise."""
    chain = drand.get_chain(args.chain)
    if args.beacon is not None:
        if args.previous_signature is not None:
            raise UsageError("--previous-signature 与 --beacon 不能同时使用：上一轮签名从文件读取")
        source = "标准输入" if args.beacon == STDIN else args.beacon
        fields = drand.parse_beacon_json(_read_beacon_file(args.beacon), source)
        return drand.beacon_from_fields(chain, fields, source, expected_round=args.round)
    if args.round is None:
        raise UsageError("请用 --round 指定轮次")
    if args.fetch:
        if args.previous_signature is not None:
            raise UsageError("--previous-signature 与 --fetch 不能同时使用")
        return drand.fetch_beacon(chain, args.round)
    return drand.check_beacon(chain, args.round, args.signature, args.previous_signature)


def run_drand(args: argparse.Namespace) -> int:
    beacon = verified_beacon(args)
    chain = beacon.chain
    when = beacon.time
    if args.format == "json":
        report: dict[str, Any] = {
            "chain": chain.name,
            "chain_hash": chain.chain_hash,
            "round_time": when.isoformat().replace("+00:00", "Z"),
            **beacon.as_json(),
        }
        print(json.dumps(report, ensure_ascii=False))
        return 0
    local = when.astimezone(CHINA)
    kind = "链式" if chain.scheme.chained else "非链式"
    print(beacon.randomness)
    print(f"链：drand {chain.name}（{kind}，每 {chain.period} 秒一轮，链哈希 {chain.chain_hash}）")
    print(f"轮次：{beacon.round}")
    print(
        f"轮次时间：{local.strftime('%Y-%m-%d %H:%M:%S')} 北京时间"
        f"（{when.strftime('%Y-%m-%dT%H:%M:%SZ')}）"
    )
    print("签名：已用随 spotcheck 发布的 League of Entropy 公钥核验通过")
    return 0
