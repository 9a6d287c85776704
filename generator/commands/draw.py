"""`spotcheck draw commit|run|verify|void`: verifiable draws, committed to git."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from spotcheck.commands.common import add_actions, add_repo_option, resolve_repo
from spotcheck.draw import seeds, service
from spotcheck.errors import SpotcheckError, UsageError
from spotcheck.model import SEED_SOURCE_NAMES, selected_count
from spotcheck.trust import drand
from spotcheck.trust.history import HistoryFinding, is_draw_file
from spotcheck.trust.history_check import check_history


def register(subparsers: argparse._SubParsersAction) -> None:
    actions = add_actions(
        subparsers,
        "draw",
        help="抽取：承诺、揭示种子并抽取、核验、作废",
        description="先提交承诺（种子尚未产生），种子公开后按承诺时的记录抽取并提交；"
        "任何人可用 verify 重算核验。",
    )

    _register_commit(actions)
    _register_run(actions)

    due = actions.add_parser("due", help="执行全部到期的抽取（已登记种子揭示、种子时间已过）")
    add_repo_option(due)
    due.set_defaults(func=run_due)

    verify = actions.add_parser("verify", help="重算核验抽取结果")
    add_repo_option(verify)
    verify.add_argument("task", metavar="TASK", nargs="?", help="任务编号（省略时须用 --all）")
    verify.add_argument("--all", action="store_true", help="核验全部抽取")
    verify.add_argument("--format", choices=("text", "json"), default="text")
    verify.set_defaults(func=run_verify)

    void = actions.add_parser("void", help="作废一次抽取（公开理由）")
    add_repo_option(void)
    void.add_argument("task", metavar="TASK")
    void.add_argument("--reason", required=True, help="作废理由（公开）")
    void.set_defaults(func=run_void)


def _register_commit(actions: argparse._SubParsersAction) -> None:
    commit = actions.add_parser("commit", help="提交抽取承诺（种子产生之前）")
    add_repo_option(commit)
    commit.add_argument("task", metavar="TASK", help="抽查任务编号，如 2026-SCJG-01")
    commit.add_argument(
        "--seed-source",
        required=True,
        choices=sorted(SEED_SOURCE_NAMES),
        help="种子来源："
        + "；".join(f"{kind} {name}" for kind, name in SEED_SOURCE_NAMES.items())
        + "。人工指定须本区配置允许",
    )
    commit.add_argument(
        "--available-at",
        metavar="TIME",
        help="种子值最早可被得知的时间（ISO 8601，如 2026-03-05T15:00:00+08:00），须晚于现在；"
        "drand 不填（由链和轮次算出）",
    )
    commit.add_argument("--chain", help="drand 链：quicknet 或 mainnet（种子来源为 drand 时）")
    commit.add_argument("--beacon", help="信标名称（种子来源为 beacon 时），如 NIST 信标")
    commit.add_argument(
        "--round", type=int, help="信标轮次（drand 省略时取 --round-after 之后的第一轮）"
    )
    commit.add_argument(
        "--round-after",
        metavar="TIME",
        help="drand：取此时间之后的第一轮（默认：现在起 10 分钟后）",
    )
    commit.add_argument(
        "--timestamp-token",
        type=Path,
        metavar="文件",
        help="在别处取得的承诺文件可信时间戳（RFC 3161，.tsr）；配置了时间戳服务地址时自动取得",
    )
    commit.add_argument(
        "--prepare",
        type=Path,
        metavar="文件",
        help="只把将要提交的承诺文件写到此处（不提交），以便在别处取得时间戳",
    )
    commit.add_argument(
        "--prepared",
        type=Path,
        metavar="文件",
        help="提交先前用 --prepare 写出的承诺文件（与 --timestamp-token 一起用；记录须未变）",
    )
    commit.add_argument("--index", help="指数名称，如 上证综合指数")
    commit.add_argument("--date", help="收盘日期 YYYY-MM-DD")
    commit.add_argument("--meeting", help="公开掷骰的会议名称")
    commit.add_argument("--place", help="会议地点")
    commit.add_argument("--witness", action="append", default=[], help="见证人（可重复）")
    commit.add_argument("--dice", help="掷骰方法")
    commit.add_argument("--note", help="说明（人工种子必填）")
    commit.set_defaults(func=run_commit)


def _register_run(actions: argparse._SubParsersAction) -> None:
    run = actions.add_parser("run", help="揭示种子并抽取（读取承诺提交时的记录）")
    add_repo_option(run)
    run.add_argument("task", metavar="TASK")
    run.add_argument(
        "--seed", help="揭示后的种子值（原样输入；省略时读取已提交的种子揭示记录 reveal.yaml）"
    )
    run.add_argument(
        "--beacon",
        type=Path,
        metavar="文件",
        help="drand：该轮的 JSON（drand HTTP API 的应答，含 round、signature），供离线使用",
    )
    run.add_argument("--signature", metavar="HEX", help="drand：该轮签名（十六进制）")
    run.add_argument(
        "--previous-signature", metavar="HEX", help="drand：上一轮签名（仅 mainnet 需要）"
    )
    run.add_argument("--fetch", action="store_true", help="drand：联网从 drand 中继取得该轮签名")
    run.add_argument(
        "--without-commitment",
        action="store_true",
        help="无事先承诺直接抽取（仅当 config.yaml 允许；网站会标明“未事先承诺”）",
    )
    run.set_defaults(func=run_run)


SOURCE_FIELDS = ("chain", "beacon", "round", "index", "date", "meeting", "place", "dice", "note")


def run_commit(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    source: dict[str, object] = {"kind": args.seed_source}
    if args.available_at:
        source["available_at"] = args.available_at
    elif args.seed_source != seeds.DRAND:
        raise UsageError("请用 --available-at 写明种子值最早可被得知的时间")
    for name in SOURCE_FIELDS:
        value = getattr(args, name)
        if value not in (None, ""):
            source[name] = value
    if args.witness:
        source["witnesses"] = list(args.witness)
    if args.seed_source == seeds.DRAND and args.round is None:
        after = (
            seeds.parse_time(args.round_after, "--round-after")
            if args.round_after
            else service.now_utc8() + seeds.DEFAULT_MARGIN
        )
        try:
            source["round"] = seeds.choose_round(str(args.chain or "quicknet"), after=after)
        except drand.DrandError as error:
            raise UsageError(str(error)) from None
    prepared = None
    if args.prepared is not None:
        try:
            prepared = args.prepared.read_bytes()
        except OSError as error:
            raise UsageError(f"无法读取承诺文件 {args.prepared}：{error.strerror}") from None
    commit_id, commitment = service.commit(
        root,
        args.task,
        source,
        timestamp_token=args.timestamp_token,
        prepare=args.prepare,
        prepared=prepared,
    )
    if args.prepare is not None:
        digest = hashlib.sha256(args.prepare.read_bytes()).hexdigest()
        print(f"已写出承诺文件 {args.prepare}（未提交），SHA-256 {digest}")
        print(
            "取得它的可信时间戳后，用同样的参数加 --prepared 此文件 --timestamp-token 时间戳文件 提交；"
            f"承诺时间 {commitment['committed_at']}"
        )
        return 0
    sizes = "，".join(
        f"{s['value'] or '全部'} {s['sample_size']}/{s['population']}" for s in commitment["strata"]
    )
    print(f"已提交抽取承诺 {args.task}（第 {commitment['attempt']} 次），提交 {commit_id[:10]}")
    print(f"总体 {commitment['population']['size']} 户；应抽（分层 抽取/总体）：{sizes}")
    source = commitment["seed_source"]
    if source["kind"] == seeds.DRAND:
        print(f"drand {source['chain']} 第 {source['round']} 轮（时间由链参数算出）")
    print(f"种子将于 {source['available_at']} 产生；之后运行 spotcheck draw run")
    suffix = "" if commitment["attempt"] == 1 else f"-{commitment['attempt']}"
    for token in root.glob(f"records/draws/*/{args.task}/commitment{suffix}{seeds.TOKEN_SUFFIX}"):
        print(f"可信时间戳已随承诺提交：{token.relative_to(root).as_posix()}")
    return 0


def run_run(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    beacon = seeds.BeaconInput(
        file=args.beacon,
        signature=args.signature,
        previous_signature=args.previous_signature,
        fetch=args.fetch,
    )
    if sum((args.beacon is not None, args.signature is not None, args.fetch)) > 1:
        raise UsageError("--beacon、--signature、--fetch 只能用一个")
    if args.previous_signature is not None and args.signature is None:
        raise UsageError("--previous-signature 须与 --signature 一起使用")
    commit_id, draw = service.run(
        root, args.task, args.seed, without_commitment=args.without_commitment, beacon=beacon
    )
    print(
        f"已完成抽取 {args.task}：从 {draw['population']['size']} 户中抽中 {selected_count(draw)} 户，提交 {commit_id[:10]}"
    )
    for stratum in draw["strata"]:
        print(
            f"  分层 {stratum['value'] or '全部'}：{stratum['sample_size']}/{stratum['population']}，"
            f"门槛号签 {stratum['threshold'] or '—'}"
        )
    if "beacon" in draw:
        source = draw["seed_source"]
        print(
            f"种子 = drand {source['chain']} 第 {source['round']} 轮随机数（签名已用链公钥核验）："
            f"{draw['seed']}"
        )
    if not draw["pre_committed"]:
        print("注意：本次抽取没有事先承诺，网站将标明“未事先承诺”。")
    return 0


def run_due(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    done = service.run_due(root)
    for task_id, commit_id in done:
        print(f"已执行到期抽取 {task_id}，提交 {commit_id[:10]}")
    if not done:
        print("没有到期的抽取。")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    if not args.task and not args.all:
        print("请指定任务编号，或用 --all 核验全部抽取", file=sys.stderr)
        return 2
    history = draw_history_findings(root, None if args.all else args.task)
    try:
        verdicts = service.verify(root, None if args.all else args.task)
    except SpotcheckError:
        if not any(f.level == "error" for f in history):  # a warning does not explain it
            raise
        verdicts = []  # the task's draw is gone: history says where it went
    failed_history = [f for f in history if f.level == "error"]
    if args.format == "json":
        payload = [
            {
                "task": v.task,
                "attempt": v.attempt,
                "ok": v.ok,
                "voided": v.voided,
                "problems": v.problems,
            }
            for v in verdicts
        ] + [
            {
                "task": args.task,
                "attempt": None,
                "ok": f.level != "error",
                "voided": False,
                "problems": [f.message],
                "rule": f.rule,
                "commit": f.commit,
                "file": f.path,
            }
            for f in history
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for verdict in verdicts:
            label = (
                f"{verdict.task}（第 {verdict.attempt} 次{'，已作废' if verdict.voided else ''}）"
            )
            if verdict.ok:
                print(f"通过  {label}：按承诺与种子重算，结果一致")
            else:
                print(f"不通过 {label}：")
                for problem in verdict.problems:
                    print(f"    - {problem}")
        for finding in history:
            label = "不通过 历史" if finding.level == "error" else "警告 历史"
            print(
                f"{label}：{finding.path} 提交 {finding.short} 规则 {finding.rule}：{finding.message}"
            )
        print_evidence_costs(verdicts)
        failed = sum(1 for v in verdicts if not v.ok)
        # the verdict last, where a reader (and a CI log's tail) looks for it
        warned = len(history) - len(failed_history)
        print(
            f"共核验 {len(verdicts)} 次抽取，{failed} 次不通过；历史检查 {len(failed_history)} 个错误、"
            f"{warned} 个警告。"
        )
    return 0 if all(v.ok for v in verdicts) and not failed_history else 1


def print_evidence_costs(verdicts: list[service.Verdict]) -> None:
    """What checking the beacon signatures and timestamp tokens cost, per draw."""
    for key, what in (("beacon", "drand 签名核验"), ("timestamp", "可信时间戳核验")):
        times = [v.seconds[key] for v in verdicts if key in v.seconds]
        if times:
            print(
                f"{what} {len(times)} 次，每次平均 {1000 * sum(times) / len(times):.1f} 毫秒"
                f"（最长 {1000 * max(times):.1f} 毫秒）"
            )


def draw_history_findings(root: Path, task: str | None) -> list[HistoryFinding]:
    """What git history shows about the draw files (of `task`, or all): removed or rewritten
    files, seeds revealed early, backdated draw commits."""
    return [
        f
        for f in check_history(root)
        if is_draw_file(f.path) and (task is None or f"/{task}/" in f.path)
    ]


def run_void(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    commit_id, record = service.void(root, args.task, args.reason)
    print(
        f"已作废 {args.task} 第 {record['attempt']} 次抽取，提交 {commit_id[:10]}；作废记录将在网站公开。"
    )
    return 0
