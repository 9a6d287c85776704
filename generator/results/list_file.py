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
    return with_results(text, [item_text], path)


def with_results(text: str | None, item_texts: list[str], path: str) -> str:
    """`text` (None: a new file) with each record of `item_texts` (one-item YAML lists,
    comment lines first) inserted where its credit code sorts: the file is parsed once
    and checked once, however many records are added (an import adds hundreds)."""
    new: list[tuple[str, int, dict[str, Any], str]] = []  # target, order, record, text
    for order, item_text in enumerate(item_texts):
        items = list_records(item_text, path)
        if len(items) != 1:
            raise ValueError("each item text holds one record")
        new.append((str(items[0].get("target", "")), order, items[0], item_text))
    new.sort(key=lambda entry: entry[:2])
    if text is None or not text.strip():
        text = f"# yaml-language-server: $schema={RESULT_LIST_MODELINE}\n"
    old = list_records(text, path)
    targets = [str(item.get("target", "")) for item in old]
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    places = [bisect.bisect_right(targets, target) for target, *_ in new]
    positions = yamlio.locate(text) if any(p < len(old) for p in places) else {}
    inserts: dict[int, list[str]] = {}  # line index → texts inserted before it
    for place, (_, _, _, item_text) in zip(places, new, strict=True):
        inserts.setdefault(_line_before(lines, positions, place, len(old), path), []).append(
            item_text
        )
    changed = "".join(
        "".join(inserts.get(at, [])) + (lines[at] if at < len(lines) else "")
        for at in range(len(lines) + 1)
    )
    if list_records(changed, path) != _merged(old, places, [record for _, _, record, _ in new]):
        raise ResultListError(
            f"{path} 的写法不是逐条“- ”开头的块状列表，无法在不改动其他结果的情况下插入，未写入；"
            "请手工添加这条结果"
        )
    return changed


def _merged(
    old: list[dict[str, Any]], places: list[int], records: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The old records with each new record before the old record at its place (new records
    of one place in their given order)."""
    merged: list[dict[str, Any]] = []
    pending = list(zip(places, records, strict=True))
    at = 0
    for index, record in enumerate(old):
        while at < len(pending) and pending[at][0] == index:
            merged.append(pending[at][1])
            at += 1
        merged.append(record)
    merged.extend(record for _, record in pending[at:])
    return merged


def _line_before(
    lines: list[str], positions: dict[Any, Any], place: int, count: int, path: str
) -> int:
    """The index of the line a record inserted before the old record at `place` goes before
    (the end of the file after the last record)."""
    if place == count:
        return len(lines)
    start = positions.get((place,))
    if start is None:
        raise ResultListError(f"{path} 中找不到第 {place + 1} 条结果的位置，未写入")
    at = int(start.line) - 1
    while (
        at > 0 and lines[at - 1].startswith("#") and not lines[at - 1].startswith(MODELINE_PREFIX)
    ):
        at -= 1  # the comment lines that open the record stay with it
    return at
