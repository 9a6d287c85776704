"""The one choke point between records and the public website.

Every record the site shows passes through `public_records`, which drops every field whose
schema says `"x-public": false`.  Templates and the lookup index only ever see its output, so
a non-public value cannot reach a page by a template mistake.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from spotcheck import yamlio
from spotcheck.layout import TIMESTAMP_TOKEN
from spotcheck.records import Record, RecordSet
from spotcheck.records.sources import read_blobs
from spotcheck.schemas import SchemaSet


def strip(data: Any, paths: Iterable[tuple[str, ...]]) -> Any:
    """`data` without the values at `paths` (lists are walked through).

    The original is never modified: dicts and lists along each path are copied, the rest is
    shared (a deep copy of every record took twice as long: ~5 s for a district's 300,000
    records). The originals are dropped right after (plugin.py), so nothing else can change
    the shared parts.
    """
    result = data
    for path in paths:
        result = _without(result, path)
    return result


def _without(node: Any, path: tuple[str, ...]) -> Any:
    if not path:
        return node
    if isinstance(node, list):
        return [_without(element, path) for element in node]
    if not isinstance(node, dict) or path[0] not in node:
        return node
    copied = dict(node)
    if len(path) == 1:
        del copied[path[0]]
    else:
        copied[path[0]] = _without(node[path[0]], path[1:])
    return copied


def public_records(records: RecordSet, schemas: SchemaSet) -> RecordSet:
    """A copy of `records` in which every record has lost its non-public fields.

    The result is an ordinary `RecordSet`, so the record helpers of other modules work on it;
    it holds no source files (a template can never read a raw file through it). Each record's
    data is a new dict; unchanged nested values are shared with the original (see `strip`).
    """
    paths = {kind: schemas.non_public_paths(kind) for kind in schemas.kinds()}
    found = RecordSet()
    for record in records.records:
        hidden = paths.get(record.kind, [])
        data = strip(record.data, hidden)
        if data is record.data:
            data = copy.copy(data)
        # the constructor, not dataclasses.replace: twice as fast, 300,000 times a district
        found.add(
            Record(
                record.kind,
                record.id,
                data,
                record.path,
                record.index,
                record.line_offset,
                record.body,
            )
        )
    return found


POPULATIONS_PREFIX = "records/draws/populations/"
EVIDENCE_KINDS = ("commitment", "draw", "void")


def evidence_files(records: RecordSet, schemas: SchemaSet) -> dict[str, bytes]:
    """Draw evidence for download (path under records/ → bytes): the commitment, draw and void
    files as committed (byte for byte, so their digests can be checked) and the population
    lists.  A kind that ever gains a non-public field is re-written without it instead."""
    found: dict[str, bytes] = {}
    # loading dropped the parsed files' bytes: read them back with one git call, not one each
    read_blobs(
        records.files[r.path]
        for k in EVIDENCE_KINDS
        for r in records.of(k)
        if r.path in records.files
    )
    for kind in EVIDENCE_KINDS:
        hidden = schemas.non_public_paths(kind)
        for record in records.of(kind):
            source = records.files.get(record.path)
            if source is None:
                continue
            data = yamlio.dump(strip(record.data, hidden)).encode() if hidden else source.data
            found[record.path.removeprefix("records/")] = data
    anchors = set((records.config.get("timestamp_authority") or {}).get("anchors") or [])
    for path, source in records.files.items():
        relative = path.removeprefix("records/")
        if path.startswith(POPULATIONS_PREFIX) and path.endswith(".txt"):
            found[relative] = source.data
        elif TIMESTAMP_TOKEN.match(relative) or relative in anchors:
            # a commitment's timestamp token and the certificates that verify it (public keys)
            found[relative] = source.data
    return found
