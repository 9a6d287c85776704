"""Sampling (docs/protocol.md §2): sizes, thresholds, reserves, fairness."""

from __future__ import annotations

import hashlib
import math
import random
from collections import Counter
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spotcheck.draw import (
    StratumSpec,
    ordered,
    population_bytes,
    population_digest,
    sample,
    ticket,
)
from spotcheck.draw.sampling import exact_ratio, lowest_tickets


def unstratified(n: int) -> dict[str, str | None]:
    return {f"9144011400000{i:05d}": None for i in range(n)}


@pytest.mark.parametrize(
    ("n", "ratio", "expected"),
    [
        (100, 0.03, 3),  # 100 * 0.03 == 3.0000000000000004 in binary floating point
        (100, "0.03", 3),
        (100, Decimal("0.03"), 3),
        (101, 0.03, 4),
        (101, "0.03", 4),
        (1000, 0.07, 70),  # 1000 * 0.07 == 70.00000000000001
        (3, 0.1, 1),
        (0, 0.5, 0),
        (10, 0, 0),
        (10, 1, 10),
        (10, 1.0, 10),
        (7, Fraction(1, 3), 3),
    ],
)
def test_exact_ceil(n: int, ratio: float | str | Decimal | Fraction, expected: int) -> None:
    assert StratumSpec(None, ratio=ratio).size_for(n) == expected
    result = sample(unstratified(n), [StratumSpec(None, ratio=ratio)], "seed")
    assert result.strata[0].sample_size == expected
    assert len(result.strata[0].selected) == expected


def test_exact_ratio_reads_written_decimal() -> None:
    assert exact_ratio(0.03) == Fraction(3, 100)
    assert exact_ratio(" 0.2 ") == Fraction(1, 5)


@pytest.mark.parametrize(
    "kwargs", [{}, {"ratio": 0.1, "count": 1}, {"ratio": 1.5}, {"ratio": -0.1}, {"count": -1}]
)
def test_bad_specs_rejected(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        StratumSpec("A", **kwargs)  # type: ignore[arg-type]


def test_duplicate_stratum_values_rejected() -> None:
    with pytest.raises(ValueError):
        sample({"a": "A"}, [StratumSpec("A", count=1), StratumSpec("A", ratio=0.5)], "s")


def test_ratio_one_takes_all_and_count_above_n_takes_all() -> None:
    pop = {f"id{i}": ("A" if i % 3 else "B") for i in range(30)}
    result = sample(pop, [StratumSpec("A", ratio=1.0), StratumSpec("B", count=500)], "s")
    assert [s.sample_size for s in result.strata] == [20, 10]
    assert {i for i, _ in result.selected_in_ticket_order} == set(pop)
    assert all(s.reserves == () for s in result.strata)


def test_empty_selection_has_no_threshold() -> None:
    result = sample({"a": "A"}, [StratumSpec("A", count=0), StratumSpec("B", ratio=0.5)], "s")
    assert [s.threshold for s in result.strata] == [None, None]
    assert result.strata[1].population_size == 0


def test_unassigned_are_counted_and_excluded() -> None:
    pop = {"a": "A", "b": "B", "c": "X", "d": None}
    result = sample(pop, [StratumSpec("A", ratio=1.0), StratumSpec("B", ratio=1.0)], "s")
    assert result.unassigned == 2
    assert {i for i, _ in result.selected_in_ticket_order} == {"a", "b"}
    assert result.population_size == 2


def test_matches_published_order_vector() -> None:
    pop = dict.fromkeys(["dog", "cat", "fish", "goat"], None)
    result = sample(pop, [StratumSpec(None, count=2)], "xy()134!g2n", reserves=1)
    assert [i for i, _ in result.strata[0].selected] == ["cat", "dog"]
    assert [i for i, _ in result.strata[0].reserves] == ["goat"]


populations = st.dictionaries(
    st.text(alphabet="0123456789ABCDXY", min_size=1, max_size=8),
    st.sampled_from(["A", "B", "C", "D"]),
    max_size=60,
)
specs = st.tuples(
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.integers(min_value=0, max_value=70),
    st.sampled_from([0.02, 0.05, 0.2, 0.5, 1.0]),
)


def build_specs(choice: tuple[float, int, float]) -> list[StratumSpec]:
    # D is left out on purpose: its ids are "unassigned".
    return [
        StratumSpec("A", ratio=choice[0]),
        StratumSpec("B", count=choice[1]),
        StratumSpec("C", ratio=choice[2]),
    ]


@given(pop=populations, choice=specs, seed=st.text(max_size=10), reserves=st.integers(0, 5))
def test_thresholds_reserves_and_sizes(
    pop: dict[str, str], choice: tuple[float, int, float], seed: str, reserves: int
) -> None:
    strata = build_specs(choice)
    result = sample(pop, strata, seed, reserves=reserves)
    assert result.unassigned == sum(1 for v in pop.values() if v == "D")
    merged: list[tuple[str, str]] = []
    for spec, outcome in zip(strata, result.strata, strict=True):
        members = [i for i, v in pop.items() if v == spec.value]
        full = ordered(seed, members)
        n = outcome.sample_size
        assert outcome.population_size == len(members)
        assert n == spec.size_for(len(members)) <= len(members)
        assert list(outcome.selected) == full[:n]
        assert list(outcome.reserves) == full[n : n + reserves]
        if n:
            assert outcome.threshold == outcome.selected[-1][1]
            assert all(t <= outcome.threshold for _, t in outcome.selected)
            assert all(t > outcome.threshold for _, t in full[n:])
        else:
            assert outcome.threshold is None
        merged.extend(outcome.selected)
    assert list(result.selected_in_ticket_order) == sorted(merged, key=lambda p: (p[1], p[0]))


@given(pop=populations, choice=specs, seed=st.text(max_size=10), rnd=st.randoms())
def test_population_order_does_not_matter(
    pop: dict[str, str], choice: tuple[float, int, float], seed: str, rnd: random.Random
) -> None:
    items = list(pop.items())
    rnd.shuffle(items)
    strata = build_specs(choice)
    assert sample(pop, strata, seed, reserves=2) == sample(dict(items), strata, seed, reserves=2)


@given(pop=populations, seed=st.text(max_size=10), k=st.integers(0, 10), data=st.data())
def test_count_draw_is_consistent_on_sub_population(
    pop: dict[str, str], seed: str, k: int, data: st.DataObject
) -> None:
    # The selection restricted to a sub-population is a prefix of the sub-population's order.
    keep = data.draw(st.sets(st.sampled_from(sorted(pop)))) if pop else set()
    full = sample(dict.fromkeys(pop, None), [StratumSpec(None, count=k)], seed)
    sub = sample(dict.fromkeys(keep, None), [StratumSpec(None, count=k)], seed)
    chosen_in_sub = [p for p in full.strata[0].selected if p[0] in keep]
    assert list(sub.strata[0].selected[: len(chosen_in_sub)]) == chosen_in_sub


def test_lowest_tickets_equals_a_full_sort_when_prefixes_tie() -> None:
    # 20,000 ids on 10,000 four-digit prefixes: many cuts fall inside a shared prefix, where
    # the exact tie-break on full tickets decides, not just the fast path.
    ids = [f"9144011400{i:08d}" for i in range(20_000)]
    full = ordered("tie-seed", ids)
    cut_inside_a_prefix = [k for k in range(1, len(full)) if full[k - 1][1][:6] == full[k][1][:6]]
    assert len(cut_inside_a_prefix) > 100
    for k in [*cut_inside_a_prefix[:3], *cut_inside_a_prefix[-3:], 1, 999, 19_999, 20_000]:
        assert lowest_tickets(ids, k, "tie-seed") == full[:k], k
    assert lowest_tickets(ids, 0, "tie-seed") == []


def test_lowest_tickets_rejects_duplicate_ids() -> None:
    with pytest.raises(ValueError, match="duplicate id"):
        lowest_tickets(["a", "b", "a"], 1, "s")


def test_inclusion_frequency_is_uniform() -> None:
    """2,000 seeds, 50 ids, ratio 0.2: each id is drawn ~Binomial(2000, 0.2) times."""
    pop = {f"9144011400000{i:05d}": None for i in range(50)}
    seeds = 2000
    counts: Counter[str] = Counter()
    for s in range(seeds):
        result = sample(pop, [StratumSpec(None, ratio=0.2)], f"seed-{s}")
        assert len(result.selected_in_ticket_order) == 10
        counts.update(i for i, _ in result.selected_in_ticket_order)
    mean = seeds * 0.2
    sd = math.sqrt(seeds * 0.2 * 0.8)
    # 5 sd per id: a false alarm is ~1e-5 over all 50 ids; a bias of a few % is caught.
    for target_id in pop:
        assert abs(counts[target_id] - mean) < 5 * sd, (target_id, counts[target_id])
    chi2 = sum((counts[i] - mean) ** 2 / mean for i in pop)
    # Sampling without replacement: variance is (1-p) of Poisson's, so E[chi2] ~ 0.8 * 49.
    assert chi2 < 100


def test_first_place_is_uniform() -> None:
    """Which id gets the lowest ticket, over 3,000 seeds and 6 ids: ~500 each."""
    ids = ["a", "b", "c", "d", "e", "f"]
    firsts = Counter(min(ids, key=lambda i, s=s: ticket(f"s{s}", i)) for s in range(3000))
    for i in ids:
        assert abs(firsts[i] - 500) < 5 * math.sqrt(3000 * (1 / 6) * (5 / 6))


def test_population_digest_byte_format() -> None:
    ids = ["b", "a", "花都", "C"]
    expected = b"C\na\nb\n" + "花都\n".encode()
    assert population_bytes(ids) == expected
    assert population_digest(ids) == hashlib.sha256(expected).hexdigest()
    assert population_digest(reversed(ids)) == population_digest(ids)
    assert population_bytes([]) == b""


@pytest.mark.parametrize("bad", [["a", "a"], ["a\nb"], [" a"], [""]])
def test_population_digest_rejects_unwritable_ids(bad: list[str]) -> None:
    with pytest.raises(ValueError):
        population_digest(bad)
