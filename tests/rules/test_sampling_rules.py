"""Sampling rules (docs/protocol.md §2), generator/draw/sampling.py.

- n_s = min(N_s, ceil(N_s * ratio)) or min(N_s, count), in exact arithmetic;
- a stratum takes its n_s lowest tickets; the threshold is the largest selected ticket;
- reserves are the next tickets of the same stratum;
- ids whose stratum value matches no stratum are left out and counted;
- the population file is the sorted ids, one per LF-terminated line: an id that cannot be
  written so (empty, padded, with LF or CR) is refused.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from fractions import Fraction

import pytest

from spotcheck.draw.sampling import (
    Sample,
    StratumSample,
    StratumSpec,
    exact_ratio,
    group_by_stratum,
    lowest_tickets,
    population_bytes,
    population_digest,
    sample,
    sample_groups,
)
from spotcheck.draw.tickets import ordered

SEED = "sampling-seed"
IDS = [f"ID{i:03d}" for i in range(60)]


# --- the size of a stratum's sample ----------------------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [("0.03", 3), (0.03, 3), (Decimal("0.03"), 3), (Fraction(3, 100), 3), (" 0.03 ", 3)],
)
def test_ratio_is_read_as_written(ratio: object, expected: int) -> None:
    assert StratumSpec(None, ratio=ratio).size_for(100) == expected  # type: ignore[arg-type]


def test_ratio_sample_size_is_rounded_up() -> None:
    assert StratumSpec(None, ratio="0.03").size_for(101) == 4
    assert StratumSpec(None, ratio="0.5").size_for(3) == 2
    assert StratumSpec(None, ratio="0.5").size_for(4) == 2


def test_ratio_of_one_takes_everyone_and_zero_takes_no_one() -> None:
    assert StratumSpec(None, ratio=1).size_for(7) == 7
    assert StratumSpec(None, ratio=0).size_for(7) == 0


def test_count_sample_size_is_capped_by_the_stratum() -> None:
    assert StratumSpec(None, count=5).size_for(3) == 3
    assert StratumSpec(None, count=5).size_for(5) == 5
    assert StratumSpec(None, count=5).size_for(9) == 5
    assert StratumSpec(None, count=0).size_for(9) == 0


def test_exact_ratio_types() -> None:
    assert exact_ratio(0.1) == Fraction(1, 10)
    assert exact_ratio(1) == Fraction(1)
    assert exact_ratio(Decimal("0.25")) == Fraction(1, 4)
    assert exact_ratio(Fraction(2, 7)) == Fraction(2, 7)
    with pytest.raises(TypeError) as error:
        exact_ratio(True)
    assert str(error.value) == "ratio must be a number, not a bool"
    with pytest.raises(TypeError) as error:
        exact_ratio([0.1])  # type: ignore[arg-type]
    assert str(error.value) == "unsupported ratio type: list"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "stratum 'A': give exactly one of ratio or count"),
        ({"ratio": 0.1, "count": 1}, "stratum 'A': give exactly one of ratio or count"),
        ({"count": -1}, "stratum 'A': count must be a non-negative int"),
        ({"count": True}, "stratum 'A': count must be a non-negative int"),
        ({"ratio": "1.01"}, "stratum 'A': ratio must be within 0..1"),
        ({"ratio": -0.01}, "stratum 'A': ratio must be within 0..1"),
    ],
)
def test_a_stratum_needs_exactly_one_valid_ratio_or_count(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError) as error:
        StratumSpec("A", **kwargs)  # type: ignore[arg-type]
    assert str(error.value) == message


def test_boundary_ratios_and_counts_are_accepted() -> None:
    StratumSpec("A", ratio=0)
    StratumSpec("A", ratio=1)
    StratumSpec("A", count=0)


# --- the lowest tickets ------------------------------------------------------------------------


def test_each_stratum_takes_its_lowest_tickets_then_its_reserves() -> None:
    population = {i: ("A" if n % 3 else "B") for n, i in enumerate(IDS)}
    strata = [StratumSpec("A", count=4), StratumSpec("B", ratio="0.1")]
    found = sample(population, strata, SEED, reserves=2)
    for spec, stratum in zip(strata, found.strata, strict=True):
        members = [i for i, v in population.items() if v == spec.value]
        expected = ordered(SEED, members)
        assert stratum.population_size == len(members)
        assert stratum.selected == tuple(expected[: stratum.sample_size])
        assert stratum.reserves == tuple(expected[stratum.sample_size : stratum.sample_size + 2])
        assert stratum.threshold == stratum.selected[-1][1]
        assert stratum.value == spec.value
    assert [s.sample_size for s in found.strata] == [4, 2]
    assert found.population_size == 60
    assert found.selected_in_ticket_order == tuple(
        sorted(found.strata[0].selected + found.strata[1].selected, key=lambda p: (p[1], p[0]))
    )


def test_without_reserves_there_are_none() -> None:
    found = sample(dict.fromkeys(IDS), [StratumSpec(None, count=3)], SEED)
    assert found.strata[0].reserves == ()
    assert len(found.strata[0].selected) == 3


def test_reserves_stop_at_the_end_of_the_stratum() -> None:
    found = sample(dict.fromkeys(IDS[:4]), [StratumSpec(None, count=3)], SEED, reserves=5)
    assert len(found.strata[0].reserves) == 1


def test_empty_selection_has_no_threshold() -> None:
    found = sample(dict.fromkeys(IDS), [StratumSpec(None, count=0)], SEED, reserves=1)
    assert found.strata[0] == StratumSample(None, 60, 0, None, (), tuple(ordered(SEED, IDS)[:1]))


def test_negative_reserves_are_refused() -> None:
    with pytest.raises(ValueError) as error:
        sample_groups({None: IDS}, [StratumSpec(None, count=1)], SEED, -1)
    assert str(error.value) == "reserves must be >= 0"


def test_ids_of_no_stratum_are_left_out_and_counted() -> None:
    population = {"a": "A", "b": "X", "c": None, "d": "A"}
    members, unassigned = group_by_stratum(population, [StratumSpec("A", count=1)])
    assert members == {"A": ["a", "d"]}
    assert unassigned == 2
    found = sample(population, [StratumSpec("A", ratio=1)], SEED)
    assert found.unassigned == 2 and found.population_size == 2
    assert isinstance(found, Sample)


def test_grouped_sampling_has_no_reserves_and_no_unassigned_unless_asked() -> None:
    found = sample_groups({None: IDS}, [StratumSpec(None, count=2)], SEED)
    assert found.strata[0].reserves == () and found.unassigned == 0
    assert found == sample(dict.fromkeys(IDS), [StratumSpec(None, count=2)], SEED)


def test_a_stratum_without_members_selects_no_one() -> None:
    found = sample_groups({}, [StratumSpec("A", count=2)], SEED, 1, unassigned=3)
    assert found.strata[0].population_size == 0 and found.strata[0].selected == ()
    assert found.unassigned == 3


def test_stratum_values_must_be_distinct() -> None:
    with pytest.raises(ValueError) as error:
        group_by_stratum({}, [StratumSpec("A", count=1), StratumSpec("A", count=2)])
    assert str(error.value) == "duplicate stratum value: 'A'"


@pytest.mark.parametrize("k", [0, 1, 2, 3, 5, 20, 59, 60, 61])
def test_lowest_tickets_equal_the_start_of_the_full_order(k: int) -> None:
    assert lowest_tickets(IDS, k, SEED) == ordered(SEED, IDS)[:k]


def test_lowest_tickets_of_nothing_or_none_wanted_is_empty() -> None:
    assert lowest_tickets([], 3, SEED) == []
    assert lowest_tickets(IDS, 0, SEED) == []
    assert lowest_tickets(IDS, -1, SEED) == []


@pytest.mark.parametrize("ids", [["a", "b", "a"], ["a", "b", "b"]])
def test_lowest_tickets_refuse_a_duplicate_id_by_name(ids: list[str]) -> None:
    with pytest.raises(ValueError) as error:
        lowest_tickets(ids, 1, SEED)
    assert str(error.value) == f"duplicate id: {ids[2]!r}"


# --- the population file ----------------------------------------------------------------------


def test_population_file_is_sorted_ids_one_per_lf_terminated_line() -> None:
    ids = ["b", "a", "花都", "C", "9144030071526726XG"]
    expected = "9144030071526726XG\nC\na\nb\n花都\n".encode()
    assert population_bytes(ids) == expected
    assert population_digest(ids) == hashlib.sha256(expected).hexdigest()
    assert population_bytes([]) == b""
    assert population_digest([]) == hashlib.sha256(b"").hexdigest()


@pytest.mark.parametrize(
    "bad",
    ["", " a", "a ", "a\nb", "a\rb", "a\r", "\ra", "a\r\nb", "\n", "花\r都", "a\tb\t"],
)
def test_population_file_refuses_an_id_it_cannot_write_one_per_line(bad: str) -> None:
    with pytest.raises(ValueError) as error:
        population_bytes(["9144030071526726XG", bad])
    assert str(error.value) == f"id cannot be written one per line: {bad!r}"


@pytest.mark.parametrize("ids", [["a", "a"], ["花都", "x", "花都"]])
def test_population_file_refuses_a_duplicate_id(ids: list[str]) -> None:
    with pytest.raises(ValueError) as error:
        population_bytes(ids)
    assert str(error.value) == f"duplicate id: {ids[0]!r}"


def test_population_file_accepts_ids_beyond_letters_and_digits() -> None:
    assert population_bytes(["a-b", "a b", "甲"]) == "a b\na-b\n甲\n".encode()
