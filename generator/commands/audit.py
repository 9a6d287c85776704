"""`spotcheck audit`: check the git history against the append-only rules (each finding names
commit, file and rule; exit 1 on any error), optionally against a published history
checkpoint; `--log` lists who changed which records when, under which review."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path

from spotcheck.audit import read_log
from spotcheck.commands.common import add_repo_option, parse_date, resolve_repo
from spotcheck.errors import SpotcheckError
from spotcheck.findings import finding_code
from spotcheck.report import LEVEL_NAMES
from spotcheck.trust.checkpoint import RULE_CORRUPT, CheckpointError, parse_checkpoint
from spotcheck.trust.history import HistoryFinding
from spotcheck.trust.history_check import (
    check_history,
    head_id,
    published_edit_findings,
    verify_checkpoint,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="审计历史：已公开的记录是否被删除或改写、种子是否早于承诺揭示、提交是否倒填日期",
        description="按规则检查 git 历史：已提交的抽取文件（承诺、种子揭示、抽取、作废、总体名单）"
        "或已公示的结果被删除或改写、种子揭示早于种子产生、提交时间早于父提交；"
        "每条发现写明提交、文件和规则，有错误时退出码为 1。"
        "--checkpoint 核对当前历史是否延续已发布的历史检查点；--log 列出审计日志。",
    )
    add_repo_option(parser)
    parser.add_argument(
        "--checkpoint",
        type=Path,
        metavar="FILE",
        help="已发布的历史检查点（网站根目录的 checkpoint.json）：核对当前历史是否延续它",
    )
    parser.add_argument(
        "--require-signed",
        action="store_true",
        help="修改 records/draws/ 的提交必须有有效的 GPG 或 SSH 签名",
    )
    parser.add_argument(
        "--log",
        action="store_true",
        help="列出审计日志：谁在何时修改了哪些记录、经过哪次审核（不检查规则）",
    )
    parser.add_argument(
        "--since", type=parse_date, metavar="YYYY-MM-DD", help="（--log）只列出此日期及以后的修改"
    )
    parser.add_argument("--limit", type=int, default=None, help="（--log）最多列出多少条")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    if args.log or args.since is not None or args.limit is not None:
        return run_log(root, args)
    if head_id(root) is None:
        raise SpotcheckError(f"{root} 不是 git 仓库或还没有提交，没有可审计的历史")
    findings = check_history(root, require_signed=args.require_signed)
    findings += published_edit_findings(root)
    if args.checkpoint is not None:
        findings += _checkpoint_findings(root, args.checkpoint)
    if args.format == "json":
        payload = {
            "errors": sum(1 for f in findings if f.level == "error"),
            "warnings": sum(1 for f in findings if f.level == "warning"),
            "findings": [asdict(f) for f in findings],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding_text(finding))
        print(_summary(findings, checked_checkpoint=args.checkpoint is not None))
    return 1 if any(f.level == "error" for f in findings) else 0


def finding_text(finding: HistoryFinding) -> str:
    where = finding.path or "（整个历史）"
    entry = finding_code(finding.rule)  # the rule's meaning: generator/data/findings.tsv
    rule = f"{finding.rule}（{entry.description}）" if entry else finding.rule
    return (
        f"{where}: {LEVEL_NAMES[finding.level]} 提交 {finding.short} 规则 {rule}：{finding.message}"
    )


def _summary(findings: list[HistoryFinding], *, checked_checkpoint: bool) -> str:
    if not findings:
        scope = "，并延续历史检查点" if checked_checkpoint else ""
        return f"审计通过：历史中没有发现已公开记录被删除或改写、种子提前揭示或倒填日期{scope}。"
    errors = sum(1 for f in findings if f.level == "error")
    return f"共 {errors} 个错误，{len(findings) - errors} 个警告。"


def _checkpoint_findings(root: Path, path: Path) -> list[HistoryFinding]:
    try:
        checkpoint = parse_checkpoint(path.read_bytes(), str(path))
    except OSError as error:
        raise SpotcheckError(f"无法读取历史检查点 {path}：{error.strerror}") from None
    except CheckpointError as error:
        head = head_id(root) or ""
        return [HistoryFinding(RULE_CORRUPT, "error", head, str(path), str(error))]
    return verify_checkpoint(root, checkpoint)


def run_log(root: Path, args: argparse.Namespace) -> int:
    entries = read_log(root, limit=args.limit)
    if entries is None:
        raise SpotcheckError(f"{root} 不是 git 仓库，没有审计日志")
    since: dt.date | None = args.since
    if since is not None:
        entries = [e for e in entries if e.date.date() >= since]
    if args.format == "json":
        payload = [
            {
                "commit": e.commit,
                "author": e.author,
                "date": e.date.isoformat(),
                "subject": e.subject,
                "review": e.review,
                "trailers": dict(e.trailers),
                "files": list(e.files),
            }
            for e in entries
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    for entry in entries:
        review = f"（{entry.review}）" if entry.review else ""
        print(
            f"{entry.date:%Y-%m-%d %H:%M} {entry.author} {entry.commit[:10]} {entry.subject}{review}"
        )
        for name in entry.files[:10]:
            print(f"    {name}")
        if len(entry.files) > 10:
            print(f"    … 共 {len(entry.files)} 个文件")
    print(f"共 {len(entries)} 次修改。")
    return 0
