"""Edits after publication: a published result changes only with a correction entry."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from spotcheck.checks.base import CheckContext, Finding
from spotcheck.checks.results.common import as_list
from spotcheck.records import RecordSet


def _without_corrections(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "corrections"}


def check_published_edits(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """A published result that differs from its first published version needs a new
    `corrections` entry (the original comes from git: CheckContext.published_originals)."""
    for result in records.of("result"):
        original = context.published_originals.get(result.path)
        if original is None:
            continue
        now = _without_corrections(result.data)
        then = _without_corrections(original)
        if now == then:
            continue
        before = len(as_list(original.get("corrections")))
        after = len(as_list(result.data.get("corrections")))
        if after > before:
            continue
        changed = sorted(
            set(now) ^ set(then) | {k for k in now.keys() & then.keys() if now[k] != then[k]}
        )
        field = changed[0] if changed else "published"
        yield Finding(
            result,
            (field,) if field in now else (),
            f"已于 {original.get('published')} 公示的结果被修改（{'、'.join(changed)}），"
            "但没有更正记录",
            expected="公示后的修改须在 corrections 中写明更正日期、原因和内容",
            hint="或撤销这次修改（git checkout -- 该文件）",
            code="result-edited-after-publication",
        )
