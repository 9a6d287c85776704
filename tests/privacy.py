"""What must never be published: the values of every field the schemas mark non-public, and a
scan of output files for them (used by the site and export tests)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from spotcheck.records import RecordSet
from spotcheck.schemas import SchemaSet
from spotcheck.site.public import strip
from tests.site.search_files import readable


def leaves(node: Any) -> Iterator[str]:
    """Every scalar value below `node`, as text."""
    if isinstance(node, dict):
        for value in node.values():
            yield from leaves(value)
    elif isinstance(node, list):
        for value in node:
            yield from leaves(value)
    elif node is not None and not isinstance(node, bool):
        yield str(node)


def values_at(node: Any, path: tuple[str, ...]) -> Iterator[Any]:
    """The values at a property path, through any lists on the way."""
    if isinstance(node, list):
        for element in node:
            yield from values_at(element, path)
    elif not path:
        yield node
    elif isinstance(node, dict) and path[0] in node:
        yield from values_at(node[path[0]], path[1:])


def non_public_values(records: RecordSet, schemas: SchemaSet, *, min_length: int) -> set[str]:
    """Every non-public value that is not also public elsewhere (a conflict's target is a
    credit code, public as a target), of at least `min_length` characters (性别 男/女 are
    checked where the record is shown instead)."""
    hidden: set[str] = set()
    shown: set[str] = set()
    for record in records.records:
        paths = schemas.non_public_paths(record.kind)
        for path in paths:
            for node in values_at(record.data, path):
                hidden.update(leaves(node))
        shown.update(leaves(strip(record.data, paths)))
    return {v for v in hidden - shown if len(v) >= min_length}


def leaks(out_dir: Path, secrets: set[str]) -> list[str]:
    """`file: value` for every output file that contains a secret."""
    assert secrets, "the records hold no non-public values: the scan would prove nothing"
    pattern = re.compile("|".join(re.escape(s) for s in sorted(secrets, key=len, reverse=True)))
    found = []
    for path in sorted(out_dir.rglob("*")):
        if path.is_file():
            # the search index is stored compressed, its Chinese words split by U+200B
            text = readable(path.read_bytes()).decode("utf-8", errors="ignore")
            match = pattern.search(text)
            if match:
                found.append(f"{path.relative_to(out_dir)}: {match.group(0)}")
    return found
