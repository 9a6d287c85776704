"""How raw values read to people on the website: dates and times in Chinese, the tool's own
commits (English subjects, machine-readable trailers) described in Chinese, and evidence files
named by what they are rather than by their path."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from markupsafe import Markup, escape

from spotcheck.model import SEED_SOURCE_NAMES

# git trailers of the commits spotcheck makes (spotcheck.draw) and of reviews
TRAILER_LABELS = {
    "Spotcheck-Task": "抽查任务",
    "Spotcheck-Attempt": "抽取次序",
    "Spotcheck-Seed": "种子",
    "Spotcheck-Seed-Source": "种子来源",
    "Spotcheck-Seed-Available-At": "种子产生时间",
    "Spotcheck-Population-Digest": "总体名单摘要",
    "Spotcheck-Algorithm": "算法版本",
    "Spotcheck-Tool-Version": "工具版本",
    "Spotcheck-Commitment": "承诺提交",
    "Spotcheck-Void-Reason": "作废原因",
    "Reviewed-by": "审核人",
    "Approved-by": "批准人",
    "Signed-off-by": "签署人",
    "Co-authored-by": "共同作者",
}
# trailer values that are long hexadecimal digests: shown shortened (the full value in title)
DIGEST_TRAILERS = {"Spotcheck-Population-Digest", "Spotcheck-Commitment"}
# values read as times (shown as "2026年3月22日 10:00")
TIME_TRAILERS = {"Spotcheck-Seed-Available-At"}

_SELECTED = re.compile(r"(\d+) of (\d+)")


def chinese_time(value: object) -> str:
    """ "2026-03-22T10:00:00+08:00" → "2026年3月22日 10:00"; "2026-08-25" → "2026年8月25日";
    anything else unchanged ("—" when empty). Times are shown in their own offset (the
    records are written in 北京时间)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    else:
        text = str(value).strip()
        try:
            if len(text) == 10:
                day = dt.date.fromisoformat(text)
                return f"{day.year}年{day.month}月{day.day}日"
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def is_tool_commit(trailers: Iterable[tuple[str, str]]) -> bool:
    return any(key.startswith("Spotcheck-") for key, _ in trailers)


def commit_description(subject: str, trailers: Iterable[tuple[str, str]]) -> str:
    """The commit as people read it: a Chinese subject as written; a commit spotcheck made
    with an English subject (older versions) described from its trailers."""
    pairs = list(trailers)
    if not is_tool_commit(pairs) or not subject.isascii():
        return subject
    values = dict(pairs)
    task = values.get("Spotcheck-Task", "")
    attempt = values.get("Spotcheck-Attempt", "")
    which = f"任务 {task} 第 {attempt} 次抽取" if attempt else f"任务 {task} 的抽取"
    if subject.startswith("Void"):
        return f"作废{which}"
    if "Spotcheck-Seed" in values:
        found = _SELECTED.search(subject)
        counts = f"：从 {found.group(2)} 户中抽取 {found.group(1)} 户" if found else ""
        return f"{which}的结果{counts}"
    if "Spotcheck-Seed-Source" in values:
        return f"{which}的承诺（抽取前公开种子来源与总体）"
    return f"{which}的记录"


def trailer_rows(trailers: Iterable[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(Chinese label, value as shown, full value) of each trailer; a value shown differently
    from its full value (a shortened digest, a time or a name in Chinese) is text, not code."""
    rows = []
    for key, value in trailers:
        label = TRAILER_LABELS.get(key, key)
        shown = value
        if key in DIGEST_TRAILERS and len(value) > 16:
            shown = value[:12] + "…"
        elif key in TIME_TRAILERS:
            shown = chinese_time(value)
        elif key == "Spotcheck-Seed-Source":
            shown = SEED_SOURCE_NAMES.get(value, value)
        rows.append((label, shown, value))
    return rows


def file_size(size: int) -> str:
    """Bytes as people read them: "820 KB", "12.5 MB"."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"


def path_breaks(path: str) -> Markup:
    """A file path that may wrap after each "/" (and nowhere else)."""
    return Markup("/<wbr>").join(escape(part) for part in str(path).split("/"))
