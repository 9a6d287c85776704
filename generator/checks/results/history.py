"""Edits after publication: a published result changes only with a correction entry, and is
never removed — also when it is one record of a result list file."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from spotcheck.checks.base import CheckContext, Finding
from spotcheck.checks.results.common import as_list
from spotcheck.records import Record, RecordSet

LIST_KEY_SEPARATOR = "#"  # never in a path under records/ the layout accepts, nor a credit code


def original_key(path: str, target: object, in_list: bool) -> str:
    """The key of a result in `CheckContext.published_originals`: its file's path for a file
    of its own (any edit of it, `target` included, is an edit of that result); the path and
    the credit code for a record of a list file, whose identity inside the file is its
    target (the same record in another version of the file)."""
    return f"{path}{LIST_KEY_SEPARATOR}{target}" if in_list else path


def original_path(key: str) -> str:
    """The file an `original_key` names."""
    return key.split(LIST_KEY_SEPARATOR, 1)[0]


def record_key(result: Record) -> str:
    return original_key(result.path, result.data.get("target"), result.index is not None)


def _without_corrections(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "corrections"}


def check_published_edits(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """A published result that differs from its first published version needs a new
    `corrections` entry (the original comes from git: CheckContext.published_originals); a
    published result of a list file is still in that file."""
    seen: set[str] = set()
    by_file: dict[str, Record] = {}  # list file → its first record (where a removal is shown)
    for result in records.of("result"):
        key = record_key(result)
        seen.add(key)
        if result.index is not None:
            by_file.setdefault(result.path, result)
        original = context.published_originals.get(key)
        if original is None:
            continue
        finding = _edit_finding(result, original)
        if finding is not None:
            yield finding
    yield from _removed_from_lists(context.published_originals, seen, by_file)


def _edit_finding(result: Record, original: Mapping[str, Any]) -> Finding | None:
    now = _without_corrections(result.data)
    then = _without_corrections(original)
    if now == then:
        return None
    before = len(as_list(original.get("corrections")))
    after = len(as_list(result.data.get("corrections")))
    if after > before:
        return None
    changed = sorted(
        set(now) ^ set(then) | {k for k in now.keys() & then.keys() if now[k] != then[k]}
    )
    field = changed[0] if changed else "published"
    return Finding(
        result,
        (field,) if field in now else (),
        f"已于 {original.get('published')} 公示的结果被修改（{'、'.join(changed)}），"
        "但没有更正记录",
        expected="公示后的修改须在 corrections 中写明更正日期、原因和内容",
        hint="或撤销这次修改（git checkout -- 该文件）",
        code="result-edited-after-publication",
    )


def _removed_from_lists(
    originals: Mapping[str, Mapping[str, Any]], seen: set[str], by_file: Mapping[str, Record]
) -> Iterator[Finding]:
    """Published results of a list file that the file no longer holds (a list file removed
    as a whole is `history.deleted`'s)."""
    for key, original in originals.items():
        path = original_path(key)
        if key == path or key in seen or path not in by_file:
            continue
        yield Finding(
            by_file[path],
            (),
            f"已于 {original.get('published')} 公示的结果 {original.get('task')}/"
            f"{original.get('target')} 已从结果列表文件中删除（或改了检查对象）",
            expected="公示后的结果只能以更正记录修改，不得删除",
            hint="从 git 历史中恢复这条结果（git log -p -- 该文件）",
            code="result-edited-after-publication",
        )
