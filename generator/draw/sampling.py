"""Stratified sampling by lowest tickets (docs/protocol.md §2).

Pure: plain data in, plain data out.  Each stratum s of size N_s takes the n_s lowest tickets,

    n_s = min(N_s, ceil(N_s * ratio_s))   or   n_s = min(N_s, count_s)

and publishes its threshold (the largest selected ticket).  Reserves are the next tickets of
the same stratum.  Because a ticket depends only on (seed, id), the order of the population
does not matter, and the draw of a sub-population is the restriction of the full draw.

Exact ceil: a ratio is turned into an exact fraction from its decimal text — `Fraction("0.03")`
for a string, `Fraction(repr(0.03))` for a float, `Fraction(Decimal)` for a Decimal — so that
ceil(100 * 0.03) is 3, not ceil(3.0000000000000004) = 4.  The plan's written ratio decides,
never a binary float rounding.

Population file byte format (`population_digest`; docs/protocol.md §5.1): the population's ids
sorted by Unicode code point (= UTF-8 byte order), each followed by one LF ("\\n"), encoded as
UTF-8, no BOM, no CR, no header; an empty population is the empty file.  `population_digest`
is the lowercase hex SHA-256 of exactly those bytes, i.e. of
`records/draws/populations/<digest>.txt`, so

    sort ids | sha256sum          (with LC_ALL=C)

recomputes it.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from spotcheck.draw.tickets import FIRST_FOUR_DECIMALS, sha256_hex, ticketer

Pair = tuple[str, str]
"""(id, ticket)."""


@dataclass(frozen=True)
class StratumSpec:
    """One stratum of a plan: the value of the stratifying field (None = unstratified) and
    exactly one of `ratio` (0..1; a decimal string, float, Decimal or Fraction) or `count`."""

    value: str | None
    ratio: float | str | Decimal | Fraction | None = None
    count: int | None = None

    def __post_init__(self) -> None:
        if (self.ratio is None) == (self.count is None):
            raise ValueError(f"stratum {self.value!r}: give exactly one of ratio or count")
        if self.count is not None and (isinstance(self.count, bool) or self.count < 0):
            raise ValueError(f"stratum {self.value!r}: count must be a non-negative int")
        if self.ratio is not None:
            exact = exact_ratio(self.ratio)
            if not 0 <= exact <= 1:
                raise ValueError(f"stratum {self.value!r}: ratio must be within 0..1")

    def size_for(self, population_size: int) -> int:
        """n_s for a stratum of `population_size` ids (exact integer arithmetic)."""
        if self.count is not None:
            return min(population_size, self.count)
        assert self.ratio is not None
        exact = exact_ratio(self.ratio)
        # ceil(N * p / q) with integers only: -(-a // b).
        wanted = -(-population_size * exact.numerator // exact.denominator)
        return min(population_size, wanted)


def exact_ratio(ratio: float | str | Decimal | Fraction) -> Fraction:
    """The exact fraction a ratio was written as: "0.03", 0.03 and Decimal("0.03") are 3/100."""
    if isinstance(ratio, bool):
        raise TypeError("ratio must be a number, not a bool")
    if isinstance(ratio, Fraction):
        return ratio
    if isinstance(ratio, float):
        # repr() is the shortest decimal that round-trips: what the plan's author wrote.
        return Fraction(repr(ratio))
    if isinstance(ratio, int | Decimal):
        return Fraction(ratio)
    if isinstance(ratio, str):
        return Fraction(ratio.strip())
    raise TypeError(f"unsupported ratio type: {type(ratio).__name__}")


@dataclass(frozen=True)
class StratumSample:
    """The outcome for one stratum.  `selected` and `reserves` are ascending by ticket."""

    value: str | None
    population_size: int
    sample_size: int
    threshold: str | None
    selected: tuple[Pair, ...]
    reserves: tuple[Pair, ...]


@dataclass(frozen=True)
class Sample:
    """The outcome of a draw's sampling step."""

    strata: tuple[StratumSample, ...]
    selected_in_ticket_order: tuple[Pair, ...]
    #: Population ids whose stratum value matches no spec: excluded from the draw, counted.
    unassigned: int

    @property
    def population_size(self) -> int:
        """Ids that took part in the draw (all strata; `unassigned` not included)."""
        return sum(s.population_size for s in self.strata)


def _key(pair: Pair) -> Pair:
    return pair[1], pair[0]


def group_by_stratum(
    population: Mapping[str, str | None], strata: Sequence[StratumSpec]
) -> tuple[dict[str | None, list[str]], int]:
    """Each stratum's ids (in population order), and how many ids match no stratum."""
    members: dict[str | None, list[str]] = {}
    for spec in strata:
        if spec.value in members:
            raise ValueError(f"duplicate stratum value: {spec.value!r}")
        members[spec.value] = []
    unassigned = 0
    for target_id, value in population.items():
        bucket = members.get(value)
        if bucket is None:
            unassigned += 1
        else:
            bucket.append(target_id)
    return members, unassigned


def sample(
    population: Mapping[str, str | None],
    strata: Sequence[StratumSpec],
    seed: str,
    reserves: int = 0,
) -> Sample:
    """Draw each stratum's lowest tickets.

    `population` maps each target id to its stratum value (None when unstratified);
    `strata` lists the plan's strata (values must be distinct); `reserves` is the number of
    substitutes per stratum, taken as the next tickets after the selection.
    """
    members, unassigned = group_by_stratum(population, strata)
    return sample_groups(members, strata, seed, reserves, unassigned=unassigned)


def sample_groups(
    members: Mapping[str | None, Sequence[str]],
    strata: Sequence[StratumSpec],
    seed: str,
    reserves: int = 0,
    *,
    unassigned: int = 0,
) -> Sample:
    """`sample` for a population already grouped by stratum value (see `group_by_stratum`)."""
    if reserves < 0:
        raise ValueError("reserves must be >= 0")
    results: list[StratumSample] = []
    merged: list[Pair] = []
    for spec in strata:
        ids = members.get(spec.value, ())
        size = spec.size_for(len(ids))
        lowest = lowest_tickets(ids, size + reserves, seed)
        chosen = tuple(lowest[:size])
        results.append(
            StratumSample(
                value=spec.value,
                population_size=len(ids),
                sample_size=size,
                threshold=chosen[-1][1] if chosen else None,
                selected=chosen,
                reserves=tuple(lowest[size:]),
            )
        )
        merged.extend(chosen)
    merged.sort(key=_key)
    return Sample(
        strata=tuple(results),
        selected_in_ticket_order=tuple(merged),
        unassigned=unassigned,
    )


def lowest_tickets(ids: Sequence[str], k: int, seed: str) -> list[Pair]:
    """The `k` (id, ticket) pairs of lowest ticket among `ids`, ascending; ties by id.

    Raises `ValueError` on a duplicate id: a duplicate would silently double its chances.
    """
    if len(set(ids)) != len(ids):
        duplicate = next(i for i, n in Counter(ids).items() if n > 1)
        raise ValueError(f"duplicate id: {duplicate!r}")
    if k <= 0 or not ids:
        return []
    ticket_of = ticketer(seed)
    if k >= len(ids):
        finalists = [(ticket_of(i), i) for i in ids]
    else:
        # Rank every id by its ticket's first four decimals (exact; see FIRST_FOUR_DECIMALS),
        # then compute full tickets only for the ids at or below the k-th smallest of them:
        # the k wanted plus the ~N/10,000 that share its four decimals.
        base = hashlib.sha256(sha256_hex(seed).encode("ascii"))
        from_bytes, first_four = int.from_bytes, FIRST_FOUR_DECIMALS
        prefixes: list[int] = []
        for item_id in ids:
            h = base.copy()
            h.update(item_id.encode("utf-8"))
            prefixes.append(first_four[from_bytes(h.digest(), "big") % 10_000])
        # heapq wins while k is under ~1/20 of N (measured on 178k ids), a full sort above.
        cutoff = heapq.nsmallest(k, prefixes)[-1] if k * 20 < len(ids) else sorted(prefixes)[k - 1]
        finalists = [
            (ticket_of(i), i) for i, prefix in zip(ids, prefixes, strict=True) if prefix <= cutoff
        ]
    # (ticket, id) tuples compare natively, no key function: ties on the ticket go by id.
    finalists.sort()
    return [(i, t) for t, i in finalists[:k]]


# Ids made only of these characters (every USCC is) can be written one per line as they are.
_PLAIN_ID_TEXT = re.compile(r"[0-9A-Za-z\n]*")


def population_bytes(ids: Iterable[str]) -> bytes:
    """The published population file: sorted ids, one per line, LF-terminated, UTF-8."""
    sorted_ids = sorted(ids)
    if len(set(sorted_ids)) != len(sorted_ids):
        duplicate = next(a for a, b in pairwise(sorted_ids) if a == b)
        raise ValueError(f"duplicate id: {duplicate!r}")
    text = "\n".join(sorted_ids) + "\n" if sorted_ids else ""
    # One regex pass over the text instead of four checks per id; a rare other id is checked
    # one by one.
    if (
        not _PLAIN_ID_TEXT.fullmatch(text)
        or text.count("\n") != len(sorted_ids)
        or "\n\n" in text
        or text.startswith("\n")
    ):
        for item_id in sorted_ids:
            if not item_id or item_id != item_id.strip() or "\n" in item_id or "\r" in item_id:
                raise ValueError(f"id cannot be written one per line: {item_id!r}")
    return text.encode("utf-8")


def population_digest(ids: Iterable[str]) -> str:
    """Lowercase hex SHA-256 of `population_bytes(ids)` (see the module docstring)."""
    return hashlib.sha256(population_bytes(ids)).hexdigest()
