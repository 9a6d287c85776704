"""The business lookup: sharded JSON a small script fetches piece by piece.

Material's search index costs ~3.4 KB per page and is loaded whole, so it cannot hold 200,000
businesses.  Instead the browser fetches only what one query needs:

- `lookup/meta.json`: sizes, the bigrams left out of the index as too common, URL patterns;
- `lookup/rows/<n>.json`: the public rows, `CHUNK` per file, ordered by normalised name;
- `lookup/code/<xx>.json`: credit code → row number, sharded by FNV-1a of the code;
- `lookup/name/<xx>.json`: name bigram → delta-encoded row numbers, sharded by FNV-1a;
- `lookup/activity/<xxx>.json`: credit code → the business's draws and results, sharded by
  FNV-1a into as many files as keep each one small (the count is in meta.json).

A credit-code lookup reads 2 small files; a name lookup reads a few shards and row chunks;
the business page (`businesses/?id=…`) reads a code shard, a row chunk and an activity shard.
The hash and the normalisation are mirrored in `site/assets/spotcheck-lookup.js`.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

CHUNK = 500
SHARDS = 256
# activity shards: about this many bytes each, so a business page fetches little
ACTIVITY_SHARD_BYTES = 24_000
MAX_ACTIVITY_SHARDS = 1 << 16
# a bigram in more than this share of names (and more than COMMON_MIN rows) is not indexed
COMMON_SHARE = 0.02
COMMON_MIN = 1000


def normalise(text: str) -> str:
    """Lower-case NFKC without white space (JS: normalize("NFKC").toLowerCase())."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-16 code units, as JavaScript sees a string."""
    value = 0x811C9DC5
    data = text.encode("utf-16-le")
    for index in range(0, len(data), 2):
        value ^= data[index] | (data[index + 1] << 8)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


def shard(text: str, shards: int = SHARDS) -> str:
    """The shard file name: hex, zero-padded to the width of the largest (at least 2)."""
    width = max(2, len(f"{shards - 1:x}"))
    return f"{fnv1a(text) % shards:0{width}x}"


def grams(name: str) -> set[str]:
    """The bigrams of a normalised name (a one-character name is its own gram)."""
    chars = list(name)
    if len(chars) < 2:
        return {name} if name else set()
    return {chars[i] + chars[i + 1] for i in range(len(chars) - 1)}


@dataclass(frozen=True)
class Row:
    uscc: str
    name: str
    address: str
    region: str
    industry: str
    status: str
    has_activity: bool  # drawn or inspected: the business page has records to show
    entity_type: str = ""
    legal_representative: str = ""

    def as_list(self) -> list[str | int]:
        # the positions are read by spotcheck-lookup.js
        return [
            self.uscc,
            self.name,
            self.address,
            self.region,
            self.industry,
            self.status,
            int(self.has_activity),
            self.entity_type,
            self.legal_representative,
        ]


def dump(value: object) -> bytes:
    # sorted keys: the same records give the same bytes in every process (set order varies)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def build(
    rows: Iterable[Row],
    *,
    business_url: str,
    task_url: str = "",
    activity: Mapping[str, Any] | None = None,
) -> dict[str, bytes]:
    """Files of the lookup (path under the site → bytes). `business_url` has `{uscc}`,
    `task_url` has `{task}`; `activity` maps a credit code to what its business page shows."""
    ordered = sorted(rows, key=lambda r: (normalise(r.name), r.uscc))
    files: dict[str, bytes] = {}
    for start in range(0, len(ordered), CHUNK):
        files[f"lookup/rows/{start // CHUNK}.json"] = dump(
            [r.as_list() for r in ordered[start : start + CHUNK]]
        )
    codes: dict[str, dict[str, int]] = defaultdict(dict)
    postings: dict[str, list[int]] = defaultdict(list)
    for number, row in enumerate(ordered):
        codes[shard(row.uscc)][row.uscc] = number
        for gram in grams(normalise(row.name)):
            postings[gram].append(number)
    limit = max(COMMON_MIN, int(len(ordered) * COMMON_SHARE))
    common = sorted(g for g, found in postings.items() if len(found) > limit)
    names: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for gram, found in postings.items():
        if len(found) > limit:
            continue
        deltas = [found[0]] + [b - a for a, b in pairwise(found)]
        names[shard(gram)][gram] = deltas
    for key, table in codes.items():
        files[f"lookup/code/{key}.json"] = dump(table)
    for key, table in names.items():
        files[f"lookup/name/{key}.json"] = dump(table)
    activity_shards = 0
    if activity:
        # each entry is encoded once: the sizes choose the shard count, the bytes are joined
        encoded = {uscc: dump(entry) for uscc, entry in activity.items()}
        activity_shards = activity_shard_count(len(e) + 24 for e in encoded.values())
        tables: dict[str, list[str]] = defaultdict(list)
        for uscc in sorted(encoded):
            tables[shard(uscc, activity_shards)].append(uscc)
        for key, codes in tables.items():
            body = b",".join(dump(uscc) + b":" + encoded[uscc] for uscc in codes)
            files[f"lookup/activity/{key}.json"] = b"{" + body + b"}"
    files["lookup/meta.json"] = dump(
        {
            "version": 2,
            "rows": len(ordered),
            "chunk": CHUNK,
            "shards": SHARDS,
            "activity_shards": activity_shards,
            "common": common,
            "business_url": business_url,
            "task_url": task_url,
        }
    )
    return files


def activity_shard_count(sizes: Iterable[int]) -> int:
    """A power of two that keeps the average activity shard near ACTIVITY_SHARD_BYTES, so the
    count grows with the data and a business page's fetch does not."""
    total = sum(sizes)
    count = 16
    while count < MAX_ACTIVITY_SHARDS and total / count > ACTIVITY_SHARD_BYTES:
        count *= 2
    return count
