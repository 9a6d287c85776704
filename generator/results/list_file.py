"""Adding a result to a task's result list file (`results/<year>/<task>/<nnn>.yaml`), sorted by
credit code, without touching the other results' text.

Pure: text in, text out. The new record's text is inserted between the existing records
(before the comment lines that open the record it precedes), so every other record keeps its
bytes — a published result's lines never change when another is added. The outcome is parsed
back and must hold exactly the old records with the new one at its place; otherwise nothing is
written (a hand-written file in flow style, say).
"""

from __future__ import annotations

import bisect
from typing import Any

from spotcheck import yamlio
from spotcheck.errors import SpotcheckError
from spotcheck.model import RESULT_LIST_MODELINE


class ResultListError(SpotcheckError):
    """A result list file the new result cannot be added to safely; nothing was written."""


MODELINE_PREFIX = "# yaml-language-server:"


def list_records(text: str, path: str) -> list[dict[str, Any]]:
    """The records of a result list file's text; ResultListError when it is not a list of
    records (validate explains such a file; `result new` only refuses to touch it)."""
    try:
        data = yamlio.parse(text, path)
    except yamlio.YamlSyntaxError as error:
        raise ResultListError(f"{path} 不是有效的 YAML（{error}），未写入：先修正该文件") from error
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ResultListError(
            f"{path} 不是结果列表（每条结果以“- ”开头），未写入：先运行 spotcheck validate 修正"
        )
    return data


def with_result(text: str | None, item_text: str, path: str) -> str:
    """`text` (None: a new file) with the record of `item_text` (a one-item YAML list, comment
    lines first) inserted where its credit code sorts."""
    new_items = list_records(item_text, path)
    if len(new_items) != 1:
        raise ValueError("item_text holds one record")
    new = new_items[0]
    if text is None or not text.strip():
        text = f"# yaml-language-server: $schema={RESULT_LIST_MODELINE}\n"
    old = list_records(text, path)
    targets = [str(item.get("target", "")) for item in old]
    place = bisect.bisect_right(targets, str(new.get("target", "")))
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if place == len(old):
        at = len(lines)
    else:
        start = yamlio.locate(text).get((place,))
        if start is None:
            raise ResultListError(f"{path} 中找不到第 {place + 1} 条结果的位置，未写入")
        at = start.line - 1
        while (
            at > 0
            and lines[at - 1].startswith("#")
            and not lines[at - 1].startswith(MODELINE_PREFIX)
        ):
            at -= 1  # the comment lines that open the record stay with it
    changed = "".join([*lines[:at], item_text, *lines[at:]])
    if list_records(changed, path) != [*old[:place], new, *old[place:]]:
        raise ResultListError(
            f"{path} 的写法不是逐条“- ”开头的块状列表，无法在不改动其他结果的情况下插入，未写入；"
            "请手工添加这条结果"
        )
    return changed
