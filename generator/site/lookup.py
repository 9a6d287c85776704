"""The business lookup: sharded JSON a small script fetches piece by piece.

Material's search index costs ~3.4 KB per page and is loaded whole, so it cannot hold 200,000
businesses.  Instead the browser fetches only what one query needs:

- `lookup/meta.json`: sizes, the bigrams left out of the index as too common, URL patterns;
- `lookup/rows/<n>.json`: the public rows, `CHUNK` per file, ordered by normalised name;
- `lookup/code/<xx>.json`: credit code → row number, sharded by FNV-1a of the code;
- `lookup/name/<xx>.json`: name bigram → delta-encoded row numbers, sharded by FNV-1a.

A credit-code lookup reads 2 small files; a name lookup reads a few shards and row chunks.
The hash and the normalisation are mirrored in `site/assets/spotcheck-lookup.js`.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

CHUNK = 500
SHARDS = 256
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


def shard(text: str) -> str:
    return f"{fnv1a(text) % SHARDS:02x}"


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
    has_page: bool

    def as_list(self) -> list[str | int]:
        return [
            self.uscc,
            self.name,
            self.address,
            self.region,
            self.industry,
            self.status,
            int(self.has_page),
        ]


def _dump(value: object) -> bytes:
    # sorted keys: the same records give the same bytes in every process (set order varies)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def build(rows: Iterable[Row], *, business_url: str) -> dict[str, bytes]:
    """Files of the lookup (path under the site → bytes). `business_url` has `{uscc}`."""
    ordered = sorted(rows, key=lambda r: (normalise(r.name), r.uscc))
    files: dict[str, bytes] = {}
    for start in range(0, len(ordered), CHUNK):
        files[f"lookup/rows/{start // CHUNK}.json"] = _dump(
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
        files[f"lookup/code/{key}.json"] = _dump(table)
    for key, table in names.items():
        files[f"lookup/name/{key}.json"] = _dump(table)
    files["lookup/meta.json"] = _dump(
        {
            "version": 1,
            "rows": len(ordered),
            "chunk": CHUNK,
            "shards": SHARDS,
            "common": common,
            "business_url": business_url,
        }
    )
    return files
