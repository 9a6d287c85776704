"""Ticket rules (docs/protocol.md §1), generator/draw/tickets.py.

H(x) = lowercase hex SHA-256 of the UTF-8 bytes of x
U(x) = "0." + reverse(format(int(H(x), 16), "064d"))
ticket(id) = U(H(seed) + id); order = ascending ticket, ties by id.
"""

from __future__ import annotations

import hashlib

import pytest

from spotcheck.draw import tickets
from spotcheck.draw.tickets import (
    ALGORITHM_VERSION,
    FIRST_FOUR_DECIMALS,
    ordered,
    sha256_hex,
    ticket,
    ticketer,
    uniform,
)

SEED = "xy()134!g2n"


def test_algorithm_version_names_the_rules() -> None:
    assert ALGORITHM_VERSION == "spotcheck-draw/1"


def test_hash_is_lowercase_hex_sha256_of_utf8() -> None:
    assert sha256_hex("花都") == hashlib.sha256("花都".encode()).hexdigest()
    assert sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_uniform_is_the_reversed_decimal_digits_of_the_hash() -> None:
    assert (
        uniform("abc")
        == "0.56998071861792858926477341561059638840106636224182943832566300809078486324348"
    )


def test_uniform_pads_a_small_hash_to_64_digits_before_reversing() -> None:
    assert tickets._u_from_hex("0" * 63 + "1") == "0." + "1" + "0" * 63
    assert tickets._u_from_hex("0" * 62 + "0c") == "0.21" + "0" * 62


def test_ticket_is_uniform_of_hashed_seed_plus_id() -> None:
    for item_id in ["dog", "9144030071526726XG", "花都区", ""]:
        assert ticket(SEED, item_id) == uniform(sha256_hex(SEED) + item_id)
        assert ticketer(SEED)(item_id) == ticket(SEED, item_id)


def test_ticket_depends_on_the_seed() -> None:
    assert ticketer("a")("x") != ticketer("b")("x")


def test_first_four_decimals_are_the_last_four_digits_reversed() -> None:
    assert FIRST_FOUR_DECIMALS[1] == 1000
    assert FIRST_FOUR_DECIMALS[1234] == 4321
    assert FIRST_FOUR_DECIMALS[9999] == 9999
    assert len(FIRST_FOUR_DECIMALS) == 10_000
    n = int(sha256_hex("abc"), 16)
    assert uniform("abc")[2:6] == f"{FIRST_FOUR_DECIMALS[n % 10_000]:04d}"


def test_order_is_ascending_ticket() -> None:
    assert [i for i, _ in ordered(SEED, ["dog", "cat", "fish", "goat"])] == [
        "cat",
        "dog",
        "goat",
        "fish",
    ]
    pairs = ordered(SEED, ["dog", "cat"])
    assert pairs == [("cat", ticket(SEED, "cat")), ("dog", ticket(SEED, "dog"))]


def test_equal_tickets_are_ordered_by_id() -> None:
    assert tickets._ticket_then_id(("b", "0.5")) == ("0.5", "b")
    pairs = [("b", "0.5"), ("a", "0.5"), ("c", "0.4")]
    assert sorted(pairs, key=tickets._ticket_then_id) == [("c", "0.4"), ("a", "0.5"), ("b", "0.5")]


def test_duplicate_id_is_rejected_not_given_two_chances() -> None:
    with pytest.raises(ValueError) as error:
        ordered(SEED, ["a", "b", "a"])
    assert str(error.value) == "duplicate id: 'a'"


def test_order_of_nothing_is_empty() -> None:
    assert ordered(SEED, []) == []
