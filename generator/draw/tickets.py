"""Tickets: the ticket function of Rivest's consistent sampler (docs/protocol.md §1).

    H(x)       = lowercase hex SHA-256 of the UTF-8 bytes of x
    U(x)       = "0." + reverse(format(int(H(x), 16), "064d"))
    ticket(id) = U(H(seed) + id)

Tickets are decimal strings in (0, 1); every one starts with "0.", so string order is numeric
order.  Order = ascending ticket, ties (never seen in practice) broken by id.  Being byte-for-
byte compatible with Rivest's `consistent_sampler` (also used by VotingWorks' Arlo) lets anyone
check a draw with an independent, well-known implementation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

#: Names the exact algorithm a draw used; it is recorded in every commitment and draw so that
#: a verifier knows which rules to recompute with.  "spotcheck-draw/1" = tickets as above,
#: sampling by stratum as in `spotcheck.draw.sampling`, inspector assignment as in
#: `spotcheck.draw.assignment` (docs/protocol.md §1–§3; §7).  Any change that could alter a
#: selection, a threshold, a reserve or an assignment for the same inputs MUST bump this
#: version; old draws stay verifiable only under the version they name.
ALGORITHM_VERSION = "spotcheck-draw/1"


def sha256_hex(s: str) -> str:
    """H(x): lowercase hex SHA-256 of the UTF-8 bytes of `s`."""
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def _u_from_hex(hex_digest: str) -> str:
    # int(hex, 16) measured faster than int.from_bytes(digest) on CPython 3.11.
    return "0." + f"{int(hex_digest, 16):064d}"[::-1]


# U's first four decimals are the last four decimal digits of n = int(H(x)), reversed: for
# r = n % 10_000 they read as the number FIRST_FOUR_DECIMALS[r].  Ordering by that number first
# is exact, and computing it skips the 78-digit decimal conversion that dominates a full
# ticket: sampling and assignment rank by it and compute full tickets only where it ties.
FIRST_FOUR_DECIMALS = tuple(int(f"{r:04d}"[::-1]) for r in range(10_000))


def uniform(x: str) -> str:
    """U(x): the decimal string "0." + the reversed, zero-padded decimal digits of H(x)."""
    return _u_from_hex(sha256_hex(x))


def ticketer(seed: str) -> Callable[[str], str]:
    """A ticket function bound to `seed`, for computing many tickets.

    H(seed) is hashed once; each ticket then copies a SHA-256 state already fed with it, so the
    per-id cost is one short hash plus the decimal conversion.
    """
    base = hashlib.sha256(sha256_hex(seed).encode("ascii"))

    def ticket_of(item_id: str) -> str:
        h = base.copy()
        h.update(item_id.encode("utf-8"))
        return _u_from_hex(h.hexdigest())

    return ticket_of


def ticket(seed: str, item_id: str) -> str:
    """The ticket of one id: U(H(seed) + id)."""
    return uniform(sha256_hex(seed) + item_id)


def ordered(seed: str, ids: Iterable[str]) -> list[tuple[str, str]]:
    """`(id, ticket)` pairs in ascending ticket order, ties broken by id.

    Raises `ValueError` on a duplicate id: a duplicate would silently double its chances.
    """
    ticket_of = ticketer(seed)
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ValueError(f"duplicate id: {item_id!r}")
        seen.add(item_id)
        pairs.append((item_id, ticket_of(item_id)))
    pairs.sort(key=_ticket_then_id)
    return pairs


def _ticket_then_id(pair: tuple[str, str]) -> tuple[str, str]:
    return pair[1], pair[0]
