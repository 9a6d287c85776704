"""Tickets (docs/protocol.md §1): published vectors and the consistency properties."""

from __future__ import annotations

import hashlib
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spotcheck.draw import ALGORITHM_VERSION, ordered, sha256_hex, ticket, ticketer, uniform

SEED = "xy()134!g2n"
ids_strategy = st.lists(st.text(min_size=1, max_size=12), min_size=0, max_size=40, unique=True)


def test_algorithm_version() -> None:
    assert ALGORITHM_VERSION == "spotcheck-draw/1"


def test_published_uniform_vector() -> None:
    assert (
        uniform("abc")
        == "0.56998071861792858926477341561059638840106636224182943832566300809078486324348"
    )


def test_published_order_vector() -> None:
    assert [i for i, _ in ordered(SEED, ["dog", "cat", "fish", "goat"])] == [
        "cat",
        "dog",
        "goat",
        "fish",
    ]


def test_definitions_match_protocol_text() -> None:
    # Independent restatement of the protocol, to pin the fast path to the definition.
    def h(x: str) -> str:
        return hashlib.sha256(x.encode("utf-8")).hexdigest()

    def u(x: str) -> str:
        return "0." + format(int(h(x), 16), "064d")[::-1]

    assert sha256_hex("abc") == h("abc")
    for item_id in ["dog", "9144030071526726XG", "花都区", ""]:
        assert ticket(SEED, item_id) == u(h(SEED) + item_id)
        assert ticketer(SEED)(item_id) == ticket(SEED, item_id)


def test_tickets_are_decimal_strings_in_unit_interval() -> None:
    for i in range(200):
        t = ticket("s", str(i))
        assert t.startswith("0.") and t[2:].isdigit() and len(t) >= 66


def test_deterministic() -> None:
    ids = [f"id{i}" for i in range(100)]
    assert ordered("seed", ids) == ordered("seed", list(ids))
    assert ordered("seed", ids) != ordered("seed2", ids)


def test_duplicate_ids_rejected() -> None:
    with pytest.raises(ValueError):
        ordered("s", ["a", "b", "a"])


@given(ids=ids_strategy, seed=st.text(max_size=20), rnd=st.randoms())
def test_order_independent_of_input_order(ids: list[str], seed: str, rnd: random.Random) -> None:
    shuffled = list(ids)
    rnd.shuffle(shuffled)
    assert ordered(seed, ids) == ordered(seed, shuffled)


@given(ids=ids_strategy, seed=st.text(max_size=20), data=st.data())
def test_sub_population_order_is_restriction(
    ids: list[str], seed: str, data: st.DataObject
) -> None:
    subset = data.draw(st.lists(st.sampled_from(ids), unique=True) if ids else st.just([]))
    full = ordered(seed, ids)
    keep = set(subset)
    assert ordered(seed, subset) == [pair for pair in full if pair[0] in keep]


@given(ids=ids_strategy, seed=st.text(max_size=20))
def test_ascending_ticket_then_id(ids: list[str], seed: str) -> None:
    pairs = ordered(seed, ids)
    keys = [(t, i) for i, t in pairs]
    assert keys == sorted(keys)
