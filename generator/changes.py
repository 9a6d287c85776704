"""What changed between two versions of the records, record by record and field by field.

Pure: takes two RecordSets. Reviewers read this on a pull request, which may be public, so
values of non-public fields are never shown — only that they changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from spotcheck.records import Record, RecordSet
from spotcheck.schemas import SchemaSet

ChangeKind = Literal["added", "removed", "changed"]
HIDDEN = "（不公开）"


@dataclass(frozen=True)
class FieldChange:
    path: tuple[str | int, ...]
    title: str
    old: Any
    new: Any


@dataclass
class RecordChange:
    kind: str
    id: str
    change: ChangeKind
    path: str  # file of the new version (old for removals)
    fields: list[FieldChange] = field(default_factory=list)


def _walk(
    old: Any, new: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], Any, Any]]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            yield from _walk(old.get(key), new.get(key), (*path, key))
    elif old != new:
        yield path, old, new


def _hidden(path: tuple[str | int, ...], non_public: list[tuple[str, ...]]) -> bool:
    names = tuple(p for p in path if isinstance(p, str))
    return any(names[: len(hidden)] == hidden for hidden in non_public)


def compare(old: RecordSet, new: RecordSet, schemas: SchemaSet) -> list[RecordChange]:
    """Every added, removed or changed record, in kind/id order."""
    before: dict[tuple[str, str], Record] = {(r.kind, r.id): r for r in old.records}
    after: dict[tuple[str, str], Record] = {(r.kind, r.id): r for r in new.records}
    changes: list[RecordChange] = []
    for key in sorted(set(before) | set(after)):
        kind, record_id = key
        was, now = before.get(key), after.get(key)
        if was is None and now is not None:
            changes.append(RecordChange(kind, record_id, "added", now.path))
        elif now is None and was is not None:
            changes.append(RecordChange(kind, record_id, "removed", was.path))
        elif was is not None and now is not None and (was.data != now.data or was.body != now.body):
            non_public = schemas.non_public_paths(kind)
            fields = []
            for path, old_value, new_value in _walk(was.data, now.data, ()):
                hide = _hidden(path, non_public)
                fields.append(
                    FieldChange(
                        path,
                        schemas.field_title(kind, path),
                        HIDDEN if hide else old_value,
                        HIDDEN if hide else new_value,
                    )
                )
            if was.body != now.body:
                fields.append(FieldChange(("body",), "正文", "…", "…（正文已修改）"))
            changes.append(RecordChange(kind, record_id, "changed", now.path, fields))
    return changes
