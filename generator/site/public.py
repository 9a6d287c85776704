"""The one choke point between records and the public website.

Every record the site shows passes through `public_records`, which drops every field whose
schema says `"x-public": false`.  Templates and the lookup index only ever see its output, so
a non-public value cannot reach a page by a template mistake.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from generator import yamlio
from generator.records import RecordSet
from generator.schemas import SchemaSet


def strip(data: Any, paths: Iterable[tuple[str, ...]]) -> Any:
    """A deep copy of `data` without the values at `paths` (lists are walked through)."""
    result = copy.deepcopy(data)
    for path in paths:
        _drop(result, path)
    return result


def _drop(node: Any, path: tuple[str, ...]) -> None:
    if not path:
        return
    if isinstance(node, list):
        for element in node:
            _drop(element, path)
        return
    if not isinstance(node, dict):
        return
    head, rest = path[0], path[1:]
    if not rest:
        node.pop(head, None)
    elif head in node:
        _drop(node[head], rest)


def public_records(records: RecordSet, schemas: SchemaSet) -> RecordSet:
    """A copy of `records` in which every record has lost its non-public fields.

    The result is an ordinary `RecordSet`, so the record helpers of other modules work on it;
    it holds no source files (a template can never read a raw file through it).
    """
    paths = {kind: schemas.non_public_paths(kind) for kind in schemas.kinds()}
    found = RecordSet()
    for record in records.records:
        hidden = paths.get(record.kind, [])
        data = strip(record.data, hidden) if hidden else copy.deepcopy(record.data)
        found.add(replace(record, data=data))
    return found


POPULATIONS_PREFIX = "records/draws/populations/"
EVIDENCE_KINDS = ("commitment", "draw", "void")


def evidence_files(records: RecordSet, schemas: SchemaSet) -> dict[str, bytes]:
    """Draw evidence for download (path under records/ → bytes): the commitment, draw and void
    files as committed (byte for byte, so their digests can be checked) and the population
    lists.  A kind that ever gains a non-public field is re-written without it instead."""
    found: dict[str, bytes] = {}
    for kind in EVIDENCE_KINDS:
        hidden = schemas.non_public_paths(kind)
        for record in records.of(kind):
            source = records.files.get(record.path)
            if source is None:
                continue
            data = yamlio.dump(strip(record.data, hidden)).encode() if hidden else source.data
            found[record.path.removeprefix("records/")] = data
    for path, source in records.files.items():
        if path.startswith(POPULATIONS_PREFIX) and path.endswith(".txt"):
            found[path.removeprefix("records/")] = source.data
    return found
