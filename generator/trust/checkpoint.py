"""History checkpoints: what a published site vouched for, so that a later history can be
proved to extend it (nothing published removed or rewritten, no force-push).

A checkpoint is a JSON object:

    {"format": 1,
     "head": "<40-hex commit id the site was built from>",
     "files": {"<path>": "<40-hex git blob id>", ...},
     "digest": "<64-hex SHA-256>"}

`files` holds every file under records/draws/ (commitments, reveals, draws, voids, population
lists, evidence) and every published result (a result with a 公示日期 `published`), at `head`.
`digest` is the SHA-256 of the canonical serialisation of the object WITHOUT `digest`:
`json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))` encoded as UTF-8
(keys sorted at every level, no whitespace, non-ASCII characters written as themselves).
Anyone can recompute it with any JSON library that sorts keys, and anyone can keep old
checkpoints as evidence: the blob ids are git's own, so `git ls-tree -r <commit> <path>`
shows whether a repository still holds exactly that content.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from spotcheck.trust.history import HistoryFinding

CHECKPOINT_FORMAT = 1

# The rules' codes; what each means and how to fix it: generator/data/findings.tsv.
RULE_NOT_EXTENDED = "checkpoint.not-extended"
RULE_DELETED = "checkpoint.deleted"
RULE_REWRITTEN = "checkpoint.rewritten"
RULE_CORRUPT = "checkpoint.corrupt"

_HEX40 = re.compile(r"^[0-9a-f]{40}$")


class CheckpointError(ValueError):
    """A checkpoint that cannot be read or whose digest does not match (Chinese message)."""


def canonical(value: Any) -> bytes:
    """The canonical serialisation the digest is taken over (see the module docstring)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def make_checkpoint(head: str, files: Mapping[str, str]) -> dict[str, Any]:
    """The checkpoint of commit `head` whose draw files and published results are `files`
    (path → blob id)."""
    body: dict[str, Any] = {
        "format": CHECKPOINT_FORMAT,
        "head": head,
        "files": dict(sorted(files.items())),
    }
    return {**body, "digest": hashlib.sha256(canonical(body)).hexdigest()}


def parse_checkpoint(data: bytes, name: str = "checkpoint.json") -> dict[str, Any]:
    """A checkpoint read back, its shape and digest checked; CheckpointError otherwise."""
    try:
        checkpoint = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise CheckpointError(f"{name} 不是有效的 JSON：{error}") from None
    if not isinstance(checkpoint, dict) or checkpoint.get("format") != CHECKPOINT_FORMAT:
        raise CheckpointError(f"{name} 不是第 {CHECKPOINT_FORMAT} 版历史检查点")
    head, files = checkpoint.get("head"), checkpoint.get("files")
    if not isinstance(head, str) or not _HEX40.match(head) or not isinstance(files, dict):
        raise CheckpointError(f"{name} 缺少 head（提交编号）或 files（文件与 blob 编号）")
    if not all(isinstance(b, str) and _HEX40.match(b) for b in files.values()):
        raise CheckpointError(f"{name} 的 files 中有不是 40 位十六进制的 blob 编号")
    expected = make_checkpoint(head, files)["digest"]
    if checkpoint.get("digest") != expected:
        raise CheckpointError(
            f"{name} 的摘要 digest 与内容不符（应为 {expected}）：检查点被改动或损坏"
        )
    return checkpoint


AllowedChange = Callable[[str, str, str], bool]  # (path, blob then, blob now) → allowed?


def checkpoint_findings(
    checkpoint: Mapping[str, Any],
    *,
    head: str,
    extends: bool,
    current: Mapping[str, str],
    allowed_change: AllowedChange,
) -> list[HistoryFinding]:
    """Why the history at `head` does not extend `checkpoint` (empty when it does).

    `extends`: the checkpoint's head is `head` or one of its ancestors.  `current`: path →
    blob id at `head` of the checkpoint's files that still exist.  `allowed_change`: whether
    a changed file is a published result changed only by appending a correction."""
    findings: list[HistoryFinding] = []
    then = str(checkpoint["head"])
    if not extends:
        findings.append(
            HistoryFinding(
                RULE_NOT_EXTENDED,
                "error",
                head,
                "",
                f"当前历史不包含检查点的提交 {then[:10]}：已公开的历史被改写（强制推送或重置）",
            )
        )
    for path, blob in sorted(checkpoint["files"].items()):
        now = current.get(path)
        if now is None:
            findings.append(
                HistoryFinding(
                    RULE_DELETED,
                    "error",
                    head,
                    path,
                    f"检查点（提交 {then[:10]}）中已公开的文件在当前提交中不存在",
                )
            )
        elif now != blob and not allowed_change(path, blob, now):
            findings.append(
                HistoryFinding(
                    RULE_REWRITTEN,
                    "error",
                    head,
                    path,
                    f"检查点（提交 {then[:10]}）中已公开的文件内容已被改变（且不是追加更正记录）",
                )
            )
    return findings
