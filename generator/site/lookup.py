"""The business lookup: sharded files a small script fetches piece by piece.

Material's search index costs ~3.4 KB per page and is loaded whole, so it cannot hold 200,000
businesses.  Instead the browser fetches only what one query needs, and a business that was
never drawn costs about a dozen bytes (issue #15: the site grows with the draws and results,
not with the directory):

- `lookup/meta.json`: sizes, the bigrams left out of the index as too common, URL patterns;
- `lookup/codes/<xx>.txt`: every business's credit code, sharded by FNV-1a of the code, sorted
  and front-coded, one line each: `<shared prefix length, base 36><rest of the code> <pattern>`
  and, for a business with records (drawn or inspected), ` <row number>` (both base 36);
  `pattern` numbers the set of draws whose population held the business
  (`lookup/draws.json`, see `spotcheck.site.sections.businesses`);
- `lookup/rows/<n>.json`: the public rows of businesses with records, `CHUNK` per file,
  ordered by normalised name (a never-drawn business has no row: it is found by its code);
  region, industry, status and entity type are numbers into meta.json's `values`;
- `lookup/name/<xx>.json`: name bigram → delta-encoded row numbers, sharded by FNV-1a;
- `lookup/activity/<xxx>.json`: credit code → the business's draws and results, sharded by
  FNV-1a into as many files as keep each one small (the count is in meta.json).

A credit-code lookup reads 2 small files (3 with a row); a name lookup reads a few shards and
row chunks; the business page (`businesses/?id=…`) reads the code shard, a row chunk, an
activity shard and `lookup/draws.json`.  The hash, the normalisation and the decoding are
mirrored in `site/assets/spotcheck-lookup.js`.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

CHUNK = 500
SHARDS = 256
# code shards: about this many codes each (a power of two count, at least CODE_SHARDS_MIN)
CODES_PER_SHARD = 2000
CODE_SHARDS_MIN = 16
# activity shards: about this many bytes each, so a business page fetches little
ACTIVITY_SHARD_BYTES = 24_000
MAX_ACTIVITY_SHARDS = 1 << 16
# a bigram in more than this share of names (and more than COMMON_MIN rows) is not indexed
COMMON_SHARE = 0.02
COMMON_MIN = 1000


def normalise(text: str) -> str:
    """Lower-case NFKC without white space (JS: normalize("NFKC").toLowerCase())."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


@lru_cache(maxsize=1 << 20)  # a credit code is hashed for its code shard and its activity shard
def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-16 code units, as JavaScript sees a string."""
    value = 0x811C9DC5
    if text.isascii():  # credit codes: each character one code unit, its byte
        units: Iterable[int] = text.encode("ascii")
    else:
        data = text.encode("utf-16-le")
        units = (data[index] | (data[index + 1] << 8) for index in range(0, len(data), 2))
    for unit in units:
        value ^= unit
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

    def as_list(self, value_number: Mapping[str, int] | None = None) -> list[str | int]:
        """The row as the browser reads it (positions read by spotcheck-lookup.js). With
        `value_number`, the few distinct values of region, industry, status and entity type
        are numbers into meta.json's `values` (the browser puts them back)."""

        def value(text: str) -> str | int:
            return text if value_number is None else value_number[text]

        return [
            self.uscc,
            self.name,
            self.address,
            value(self.region),
            value(self.industry),
            value(self.status),
            int(self.has_activity),
            value(self.entity_type),
            self.legal_representative,
        ]

    def shared_values(self) -> tuple[str, str, str, str]:
        return (self.region, self.industry, self.status, self.entity_type)


def dump(value: object) -> bytes:
    # sorted keys: the same records give the same bytes in every process (set order varies)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def build(
    rows: Iterable[Row],
    *,
    business_url: str,
    task_url: str = "",
    activity: Mapping[str, Any] | None = None,
    patterns: Mapping[str, int] | None = None,
) -> dict[str, bytes]:
    """Files of the lookup (path under the site → bytes). `rows` are the businesses with
    records (a row each); `patterns` maps every credit code the lookup knows (drawn or not) to
    its population pattern number (0: in no population). `business_url` has `{uscc}`,
    `task_url` has `{task}`; `activity` maps a credit code to what its business page shows."""
    ordered = sorted(rows, key=lambda r: (normalise(r.name), r.uscc))
    values = sorted({v for r in ordered for v in r.shared_values()})
    value_number = {v: n for n, v in enumerate(values)}
    files: dict[str, bytes] = {}
    for start in range(0, len(ordered), CHUNK):
        files[f"lookup/rows/{start // CHUNK}.json"] = dump(
            [r.as_list(value_number) for r in ordered[start : start + CHUNK]]
        )
    row_of: dict[str, int] = {}
    postings: dict[str, list[int]] = defaultdict(list)
    for number, row in enumerate(ordered):
        row_of[row.uscc] = number
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
    for key, table in names.items():
        files[f"lookup/name/{key}.json"] = dump(table)
    known = {**dict.fromkeys(row_of, 0), **(patterns or {})}
    code_shards = code_shard_count(len(known))
    by_shard: dict[str, list[str]] = defaultdict(list)
    for uscc in sorted(known):
        by_shard[shard(uscc, code_shards)].append(uscc)
    for key, codes in by_shard.items():
        files[f"lookup/codes/{key}.txt"] = code_lines(codes, known, row_of, activity or {})
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
            "version": 3,
            "rows": len(ordered),
            "codes": len(known),
            "chunk": CHUNK,
            "shards": SHARDS,
            "code_shards": code_shards,
            "activity_shards": activity_shards,
            "common": common,
            "values": values,
            "business_url": business_url,
            "task_url": task_url,
        }
    )
    return files


def code_lines(
    codes: list[str],
    patterns: Mapping[str, int],
    row_of: Mapping[str, int],
    activity: Mapping[str, Any],
) -> bytes:
    """Sorted codes, front-coded (decoded by spotcheck-lookup.js, `codeEntry`). A business
    with records ends in its row number, or `-` when it has records but no row (it left the
    directory); a never-drawn one ends in its pattern."""
    lines = []
    previous = ""
    for uscc in codes:
        shared = 0
        limit = min(len(uscc), len(previous), 35)
        while shared < limit and uscc[shared] == previous[shared]:
            shared += 1
        line = f"{base36(shared)}{uscc[shared:]} {base36(patterns[uscc])}"
        if uscc in row_of:
            line += f" {base36(row_of[uscc])}"
        elif uscc in activity:
            line += " -"
        lines.append(line)
        previous = uscc
    return ("\n".join(lines) + "\n").encode()


def decode_codes(data: bytes) -> dict[str, tuple[int, int | str | None]]:
    """A code shard back to credit code → (pattern, row number, "-" or None), as the browser
    reads it."""
    found: dict[str, tuple[int, int | str | None]] = {}
    previous = ""
    for line in data.decode().splitlines():
        head, *rest = line.split(" ")
        code = previous[: int(head[0], 36)] + head[1:]
        row = rest[1] if len(rest) > 1 else None
        found[code] = (int(rest[0], 36), int(row, 36) if row and row != "-" else row)
        previous = code
    return found


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def code_shard_count(codes: int) -> int:
    """A power of two that keeps code shards near CODES_PER_SHARD codes each."""
    count = CODE_SHARDS_MIN
    while count < MAX_ACTIVITY_SHARDS and codes / count > CODES_PER_SHARD:
        count *= 2
    return count


def activity_shard_count(sizes: Iterable[int]) -> int:
    """A power of two that keeps the average activity shard near ACTIVITY_SHARD_BYTES, so the
    count grows with the data and a business page's fetch does not."""
    total = sum(sizes)
    count = 16
    while count < MAX_ACTIVITY_SHARDS and total / count > ACTIVITY_SHARD_BYTES:
        count *= 2
    return count


def never_drawn_cost(files: Mapping[str, bytes]) -> tuple[int, int]:
    """(businesses without records, the bytes their code-shard lines take): what the lookup
    costs per never-drawn business (issue #15), for the benchmark and the tests."""
    count = size = 0
    for path, data in files.items():
        if not (path.startswith("lookup/codes/") and path.endswith(".txt")):
            continue
        for line in data.splitlines():
            if line.count(b" ") == 1:
                count += 1
                size += len(line) + 1
    return count, size
