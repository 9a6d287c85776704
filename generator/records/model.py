"""The record model: one record of a file under `records/`, and the set of all of them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from spotcheck.records.sources import SourceFile, sources_digest
from spotcheck.report import Message


@dataclass
class Record:
    kind: str
    id: str
    data: dict[str, Any]
    path: str  # relative to the repository root, e.g. records/items/SCJG.yaml
    index: int | None = None  # position in a list file
    line_offset: int = 0  # lines before the YAML (front matter of Markdown)
    body: str | None = None  # Markdown body of a rules record

    def pointer(self, *inside: str | int) -> tuple[str | int, ...]:
        """Path of a value of this record within its file, for `yamlio.locate`."""
        return ((self.index,) if self.index is not None else ()) + inside


@dataclass
class RecordSet:
    """Every record, indexed by kind and id; `problems` holds what could not be read."""

    records: list[Record] = field(default_factory=list)
    files: dict[str, SourceFile] = field(default_factory=dict)
    problems: list[Message] = field(default_factory=list)
    by_kind: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    index: dict[tuple[str, str], Record] = field(default_factory=dict)
    # What is derived from the records (e.g. each task's live draw), kept until a record is
    # added: validation's checks ask for the same derivation several times.
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def add(self, record: Record) -> None:
        self.derived.clear()
        self.records.append(record)
        self.by_kind[record.kind].append(record)
        self.index.setdefault((record.kind, record.id), record)

    def of(self, kind: str) -> list[Record]:
        return self.by_kind.get(kind, [])

    def get(self, kind: str, record_id: str) -> Record | None:
        return self.index.get((kind, record_id))

    @property
    def config(self) -> dict[str, Any]:
        found = self.of("config")
        return found[0].data if found else {}

    def digest(self) -> str:
        """A hash over every file's path and blob id: equal digests, equal records."""
        return sources_digest(self.files.values())


def non_text_key(
    value: Any, path: tuple[str | int, ...]
) -> tuple[tuple[str | int, ...], Any] | None:
    """The first mapping key that is not a string (YAML allows them; records do not)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return path, key
            found = non_text_key(item, (*path, key))
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = non_text_key(item, (*path, index))
            if found:
                return found
    return None
