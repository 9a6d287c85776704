"""Stratified sampling by lowest tickets (draw protocol, section 2).

Pure: plain data in, plain data out.  Each stratum s of size N_s takes the n_s lowest tickets,

    n_s = min(N_s, ceil(N_s * ratio_s))   or   n_s = min(N_s, count_s)

and publishes its threshold (the largest selected ticket).  Reserves are the next tickets of
the same stratum.  Because a ticket depends only on (seed, id), the order of the population
does not matter, and the draw of a sub-population is the restriction of the full draw.

Exact ceil: a ratio is turned into an exact fraction from its decimal text — `Fraction("0.03")`
for a string, `Fraction(repr(0.03))` for a float, `Fraction(Decimal)` for a Decimal — so that
ceil(100 * 0.03) is 3, not ceil(3.0000000000000004) = 4.  The plan's written ratio decides,
never a binary float rounding.

Population file byte format (`population_digest`): the population's ids sorted by Unicode code
point (= UTF-8 byte order), each followed by one LF ("\\n"), encoded as UTF-8, no BOM, no CR,
no header; an empty population is the empty file.  `population_digest` is the lowercase hex
SHA-256 of exactly those bytes, i.e. of `records/draws/populations/<digest>.txt`, so

    sort ids | sha256sum          (with LC_ALL=C)

recomputes it.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from generator.draw.tickets import ticketer

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
    if reserves < 0:
        raise ValueError("reserves must be >= 0")
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

    ticket_of = ticketer(seed)
    results: list[StratumSample] = []
    merged: list[Pair] = []
    for spec in strata:
        ids = members[spec.value]
        size = spec.size_for(len(ids))
        # (ticket, id) tuples compare natively, no key function: ~2x faster on 200k ids.
        # nsmallest falls back to a full sort when size + reserves is close to N.
        lowest = [
            (target_id, t)
            for t, target_id in heapq.nsmallest(
                size + reserves, [(ticket_of(target_id), target_id) for target_id in ids]
            )
        ]
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


def population_bytes(ids: Iterable[str]) -> bytes:
    """The published population file: sorted ids, one per line, LF-terminated, UTF-8."""
    sorted_ids = sorted(ids)
    for previous, current in pairwise(sorted_ids):
        if previous == current:
            raise ValueError(f"duplicate id: {current!r}")
    for item_id in sorted_ids:
        if not item_id or item_id != item_id.strip() or "\n" in item_id or "\r" in item_id:
            raise ValueError(f"id cannot be written one per line: {item_id!r}")
    return "".join(f"{item_id}\n" for item_id in sorted_ids).encode("utf-8")


def population_digest(ids: Iterable[str]) -> str:
    """Lowercase hex SHA-256 of `population_bytes(ids)` (see the module docstring)."""
    return hashlib.sha256(population_bytes(ids)).hexdigest()
