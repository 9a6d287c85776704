"""Assignment rules (docs/protocol.md §3), generator/draw/assignment.py.

Each rule of the protocol pinned on its own, on both sides of its boundary, then the whole
protocol read literally (`protocol`) against the fast implementation on fixed random
scenarios, and the ranking step on several processes and in its single-process fallbacks.
"""

from __future__ import annotations

import math
import random
import threading
from collections import Counter
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest

from spotcheck.draw import assignment as assignment_module
from spotcheck.draw.assignment import (
    LEADER,
    MEMBER,
    RULES,
    AssignedOfficer,
    Assignment,
    AssignmentImpossible,
    AssignmentRules,
    Candidate,
    TargetSlotRequest,
    assign,
    assignment_ticket,
    slot_departments,
)
from spotcheck.draw.tickets import sha256_hex, uniform

START, END = "2026-03-01", "2026-05-31"
VALID = ("2020-01-01", "2030-12-31")


def officer(
    officer_id: str, department: str = "A", office: str | None = None, **kw: Any
) -> Candidate:
    fields: dict[str, Any] = {"valid_from": VALID[0], "valid_until": VALID[1], "active": True}
    fields.update(kw)
    return Candidate(officer_id, department, office, **fields)


def officers(department: str, n: int, office: str | None = None) -> list[Candidate]:
    return [officer(f"{department}-P{i:02d}", department, office) for i in range(n)]


def rules_for(departments: Sequence[str], **kwargs: Any) -> AssignmentRules:
    return AssignmentRules(departments, START, END, **kwargs)


def targets(n: int, office: str | None = None) -> list[TargetSlotRequest]:
    return [TargetSlotRequest(f"T{i:02d}", office) for i in range(n)]


def chosen(result: Sequence[Assignment]) -> list[list[str]]:
    return [[o.inspector_id for o in a.officers] for a in result]


def by_ticket(seed: str, target_id: str, ids: Sequence[str]) -> list[str]:
    return sorted(ids, key=lambda i: (assignment_ticket(seed, target_id, i), i))


def test_rule_names_are_the_published_chinese_terms() -> None:
    assert (LEADER, MEMBER) == ("组长", "组员")
    assert RULES == (
        "未在岗",
        "执法证在检查期内无效",
        "专家",
        "回避（利益冲突）",
        "回避（本辖区）",
        "已在本对象",
        "达到均衡工作量上限",
    )


def test_assignment_ticket_is_uniform_of_hashed_seed_assign_target_inspector() -> None:
    assert assignment_ticket("s", "T", "P") == uniform(sha256_hex("s") + "|assign|T|P")


# --- slots -----------------------------------------------------------------------------------


def test_one_slot_per_department_then_extra_lead_slots() -> None:
    assert slot_departments(rules_for(["L", "C"], officers_per_target=4)) == ["L", "C", "L", "L"]
    assert slot_departments(rules_for(["L", "C", "D"], officers_per_target=2)) == ["L", "C", "D"]
    assert slot_departments(rules_for(["L"], officers_per_target=1)) == ["L"]
    assert slot_departments(rules_for(["L"])) == ["L", "L"]  # two officers by default


def test_slots_are_filled_in_order_and_the_first_officer_leads() -> None:
    candidates = officers("L", 4) + officers("C", 2)
    [a] = assign(targets(1), candidates, rules_for(["L", "C"], officers_per_target=3), "s")
    assert [o.department for o in a.officers] == ["L", "C", "L"]
    assert [o.role for o in a.officers] == [LEADER, MEMBER, MEMBER]
    for o in a.officers:
        assert o.ticket == assignment_ticket("s", "T00", o.inspector_id)


def test_lowest_assignment_ticket_wins() -> None:
    candidates = officers("A", 6)
    [a] = assign(targets(1), candidates, rules_for(["A"]), "seed")
    assert [o.inspector_id for o in a.officers] == by_ticket(
        "seed", "T00", [c.id for c in candidates]
    )[:2]


# --- rules 1-3: who qualifies ------------------------------------------------------------------


def only_eligible(candidates: list[Candidate], department: str = "A") -> list[str]:
    """Who fills a single one-officer target."""
    [a] = assign(targets(1), candidates, rules_for([department], officers_per_target=1), "s")
    return [o.inspector_id for o in a.officers]


def test_an_officer_must_be_active() -> None:
    assert only_eligible([officer("X", active=False), officer("Y")]) == ["Y"]


def test_an_officer_must_be_of_the_slots_department() -> None:
    assert only_eligible([officer("X", "B"), officer("Y", "A")]) == ["Y"]


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "qualifies"),
    [
        (START, END, True),  # valid exactly for the window
        ("2026-03-02", END, False),  # valid from the day after the window starts
        (START, "2026-05-30", False),  # expires the day before the window ends
        (None, END, False),
        (START, None, False),
    ],
)
def test_the_certificate_must_be_valid_for_the_whole_window(
    valid_from: str | None, valid_until: str | None, qualifies: bool
) -> None:
    candidate = officer("X", valid_from=valid_from, valid_until=valid_until)
    if qualifies:
        assert only_eligible([candidate]) == ["X"]
    else:
        with pytest.raises(AssignmentImpossible) as raised:
            only_eligible([candidate])
        assert raised.value.removed[RULES[1]] == 1


def test_an_expert_fills_no_enforcement_slot() -> None:
    assert only_eligible([officer("X", expert=True), officer("Y")]) == ["Y"]


# --- rules 4-5: recusal and one slot per officer ---------------------------------------------


def test_a_declared_conflict_recuses() -> None:
    assert only_eligible([officer("X", conflicts=frozenset({"T00"})), officer("Y")]) == ["Y"]
    assert only_eligible([officer("X", conflicts=frozenset({"T99"}))]) == ["X"]


def test_cross_jurisdiction_recuses_the_targets_own_office() -> None:
    candidates = [officer("X", office="所1"), officer("Y", office="所2")]
    rules = rules_for(["A"], officers_per_target=1, cross_jurisdiction=True)
    for _ in range(2):
        [a] = assign([TargetSlotRequest("T00", "所1")], candidates, rules, "s")
        assert [o.inspector_id for o in a.officers] == ["Y"]
        candidates.reverse()


def test_without_cross_jurisdiction_the_own_office_may_inspect() -> None:
    candidates = [officer("X", office="所1")]
    rules = rules_for(["A"], officers_per_target=1)
    assert chosen(assign([TargetSlotRequest("T00", "所1")], candidates, rules, "s")) == [["X"]]


def test_a_missing_office_never_matches() -> None:
    rules = rules_for(["A"], officers_per_target=1, cross_jurisdiction=True)
    without_office = [officer("X", office=None)]
    assert chosen(assign([TargetSlotRequest("T00", None)], without_office, rules, "s")) == [["X"]]
    assert chosen(assign([TargetSlotRequest("T00", "所1")], without_office, rules, "s")) == [["X"]]
    target_without = [officer("X", office="所1")]
    assert chosen(assign([TargetSlotRequest("T00", None)], target_without, rules, "s")) == [["X"]]


def test_an_officer_takes_one_slot_per_target() -> None:
    result = assign(targets(3), officers("A", 2), rules_for(["A"]), "s")
    for names in chosen(result):
        assert sorted(names) == ["A-P00", "A-P01"]


# --- rule 6: balanced load -------------------------------------------------------------------


def test_load_is_capped_at_the_even_share() -> None:
    # 4 officers, 4 targets, 1 slot: cap 1, so everyone inspects exactly once
    for seed in map(str, range(10)):
        result = assign(targets(4), officers("A", 4), rules_for(["A"], officers_per_target=1), seed)
        assert sorted(n for names in chosen(result) for n in names) == [
            f"A-P0{i}" for i in range(4)
        ]


def test_cap_counts_only_qualified_officers() -> None:
    # 2 qualified of 4 officers, 4 targets, 1 slot: cap 2 each (not 1)
    candidates = [*officers("A", 2), officer("X", active=False), officer("Y", expert=True)]
    for seed in map(str, range(10)):
        result = assign(targets(4), candidates, rules_for(["A"], officers_per_target=1), seed)
        assert Counter(n for names in chosen(result) for n in names) == {"A-P00": 2, "A-P01": 2}


def test_cap_is_lifted_to_the_least_loaded_rather_than_fail() -> None:
    # cap 1; T01's only officers not recused are P0 (already used on T00) and P1 (free), or
    # just P0: the draw goes on with the least-loaded officer left
    recused = officer("A-P01", conflicts=frozenset({"T01"}))
    candidates = [officer("A-P00"), recused]
    result = assign(targets(2), candidates, rules_for(["A"], officers_per_target=1), "s")
    assert chosen(result)[1] == ["A-P00"]


def test_lifted_cap_prefers_the_least_loaded() -> None:
    # 3 officers, 6 targets, 1 slot: cap 2.  P2 is recused from T00-T03, so P0 and P1 take
    # those two each and reach the cap; T04 and T05 then must go to P2 (load 0, then 1).
    p2 = officer("A-P02", conflicts=frozenset({f"T0{i}" for i in range(4)}))
    candidates = [officer("A-P00"), officer("A-P01"), p2]
    for seed in map(str, range(10)):
        result = assign(targets(6), candidates, rules_for(["A"], officers_per_target=1), seed)
        assert chosen(result)[4:] == [["A-P02"], ["A-P02"]]


# --- rotation --------------------------------------------------------------------------------


def test_officers_of_last_time_are_avoided_when_others_are_free() -> None:
    candidates = officers("A", 4)
    ranked = by_ticket("s", "T00", [c.id for c in candidates])
    rules = rules_for(["A"], previous={"T00": frozenset(ranked[:2])})
    [a] = assign(targets(1), candidates, rules, "s")
    assert [o.inspector_id for o in a.officers] == ranked[2:]


def test_last_times_officer_returns_when_no_one_else_can() -> None:
    candidates = officers("A", 3)
    ranked = by_ticket("s", "T00", [c.id for c in candidates])
    rules = rules_for(["A"], previous={"T00": frozenset(ranked[:2])})
    [a] = assign(targets(1), candidates, rules, "s")
    assert [o.inspector_id for o in a.officers] == [ranked[2], ranked[0]]


def test_rotation_is_per_target() -> None:
    candidates = officers("A", 4)
    ranked = by_ticket("s", "T01", [c.id for c in candidates])
    rules = rules_for(["A"], officers_per_target=1, previous={"T00": frozenset(ranked[:1])})
    result = assign([TargetSlotRequest("T01", None)], candidates, rules, "s")
    assert chosen(result) == [[ranked[0]]]


# --- ties on the first four decimals ---------------------------------------------------------


def sharing_first_four(seed: str, target_id: str, count: int) -> list[str]:
    """`count` officer ids whose assignment tickets for the target share the first four
    decimals, and whose full tickets are not in id order (so id order cannot stand in)."""
    base = sha256_hex(seed) + "|assign|" + target_id + "|"
    seen: dict[str, list[str]] = {}
    n = 0
    while True:
        officer_id = f"P{n:05d}"
        group = seen.setdefault(uniform(base + officer_id)[2:6], [])
        group.append(officer_id)
        if len(group) == count and by_ticket(seed, target_id, group) != sorted(group):
            return group
        if len(group) == count:
            group.pop(0)
        n += 1


def test_officers_sharing_the_first_four_decimals_are_decided_by_the_full_ticket() -> None:
    tied = sharing_first_four("tie", "T00", 3)
    expected = by_ticket("tie", "T00", tied)
    for order in (tied, list(reversed(tied))):
        candidates = [officer(i) for i in order]
        [a] = assign(targets(1), candidates, rules_for(["A"], officers_per_target=3), "tie")
        assert [o.inspector_id for o in a.officers] == expected
    [a] = assign(
        targets(1), [officer(i) for i in tied], rules_for(["A"], officers_per_target=1), "tie"
    )
    assert [o.inspector_id for o in a.officers] == expected[:1]


def test_a_tied_officer_of_last_time_still_comes_after_the_others() -> None:
    tied = sharing_first_four("tie", "T00", 2)
    first, second = by_ticket("tie", "T00", tied)
    rules = rules_for(["A"], officers_per_target=1, previous={"T00": frozenset({first})})
    result = assign(targets(1), [officer(first), officer(second)], rules, "tie")
    assert chosen(result) == [[second]]


# --- failure ---------------------------------------------------------------------------------


def test_a_slot_without_a_candidate_fails_the_draw_and_counts_each_rule() -> None:
    target = "914401140000000001"
    candidates = [
        officer("Q1", "B", office="所2"),  # another department: not counted
        officer("P1", office="所1", active=False),
        officer("P2", office="所2", valid_from="2026-04-01"),
        officer("P3", office="所2", valid_until="2026-04-30"),
        officer("P4", office="所2", expert=True),
        officer("P5", office="所2", conflicts=frozenset({target})),
        officer("P6", office="所1"),  # own office
        officer("P7", office="所2"),  # takes the first slot
        officer("Q2", "B", office="所2"),
    ]
    with pytest.raises(AssignmentImpossible) as raised:
        assign(
            [TargetSlotRequest(target, "所1")],
            candidates,
            rules_for(["A"], cross_jurisdiction=True),
            "s",
            names={"A": "区市场监管局"},
        )
    error = raised.value
    assert (error.target_id, error.department, error.total) == (target, "A", 7)
    assert error.args == (str(error),)
    assert error.department_name == "区市场监管局"
    assert error.removed == dict(zip(RULES, [1, 2, 1, 1, 1, 1, 0], strict=True))
    assert str(error) == (
        f"无法为检查对象 {target} 选派 区市场监管局 的执法人员：共 7 人，"
        "未在岗 1 人，执法证在检查期内无效 2 人，专家 1 人，回避（利益冲突）1 人，"
        "回避（本辖区）1 人，已在本对象 1 人，达到均衡工作量上限 0 人"
    )


def test_without_a_display_name_the_department_id_is_shown() -> None:
    with pytest.raises(AssignmentImpossible) as raised:
        assign(targets(1), officers("A", 3), rules_for(["A", "B"]), "s")
    assert raised.value.department == "B" and raised.value.department_name == "B"
    assert raised.value.total == 0
    assert str(raised.value).startswith(
        "无法为检查对象 T00 选派 B 的执法人员：共 0 人，未在岗 0 人，"
    )


def test_own_office_is_counted_only_under_cross_jurisdiction() -> None:
    candidates = [officer("P1", office="所1"), officer("P2", office=None)]
    with pytest.raises(AssignmentImpossible) as raised:
        assign(
            [TargetSlotRequest("T", "所1")],
            candidates,
            rules_for(["A"], officers_per_target=3),
            "s",
        )
    assert raised.value.removed[RULES[4]] == 0 and raised.value.removed[RULES[5]] == 2
    with pytest.raises(AssignmentImpossible) as raised:
        assign(
            [TargetSlotRequest("T", None)],
            candidates,
            rules_for(["A"], officers_per_target=3, cross_jurisdiction=True),
            "s",
        )
    assert raised.value.removed[RULES[4]] == 0


@pytest.mark.parametrize(
    ("requests", "candidates", "rules", "message"),
    [
        (targets(1), officers("A", 3), rules_for([]), "a task needs at least one department"),
        (targets(1), officers("A", 3), rules_for(["A", "A"]), "departments must be distinct"),
        (
            targets(1),
            officers("A", 3),
            rules_for(["A"], officers_per_target=0),
            "officers_per_target must be >= 1",
        ),
        (targets(1), officers("A", 3) * 2, rules_for(["A"]), "duplicate inspector id"),
        (targets(1) * 2, officers("A", 3), rules_for(["A"]), "duplicate target id"),
    ],
)
def test_bad_input_is_refused(
    requests: list[TargetSlotRequest],
    candidates: list[Candidate],
    rules: AssignmentRules,
    message: str,
) -> None:
    with pytest.raises(ValueError) as error:
        assign(requests, candidates, rules, "s")
    assert str(error.value) == message


def test_no_targets_no_assignments() -> None:
    assert assign([], officers("A", 2), rules_for(["A"]), "s") == []


# --- the whole protocol, read literally --------------------------------------------------------


def protocol(
    requests: Sequence[TargetSlotRequest],
    candidates: Sequence[Candidate],
    rules: AssignmentRules,
    seed: str,
) -> list[Assignment] | str:
    """Draw protocol section 3 transcribed step by step (slow); a failure as its target|dept."""
    departments = list(rules.departments)
    slots = departments + [departments[0]] * max(0, rules.officers_per_target - len(departments))

    def qualified(c: Candidate) -> bool:
        return (
            c.active
            and c.valid_from is not None
            and c.valid_until is not None
            and c.valid_from <= rules.window_start
            and c.valid_until >= rules.window_end
            and not c.expert
        )

    caps = {}
    for d in departments:
        eligible = sum(1 for c in candidates if c.department == d and qualified(c))
        caps[d] = math.ceil(slots.count(d) * len(requests) / eligible) if eligible else 0
    load: Counter[str] = Counter()
    out = []
    for r in requests:
        placed: list[AssignedOfficer] = []
        for d in slots:
            passing = [
                c
                for c in candidates
                if c.department == d
                and qualified(c)
                and r.target_id not in c.conflicts
                and not (rules.cross_jurisdiction and r.office and c.office == r.office)
                and c.id not in {o.inspector_id for o in placed}
            ]
            if not passing:
                return f"{r.target_id}|{d}"
            pool = [c for c in passing if load[c.id] < caps[d]]
            if not pool:
                lowest = min(load[c.id] for c in passing)
                pool = [c for c in passing if load[c.id] == lowest]
            fresh = [c for c in pool if c.id not in rules.previous.get(r.target_id, frozenset())]
            best = min(
                fresh or pool, key=lambda c: (assignment_ticket(seed, r.target_id, c.id), c.id)
            )
            load[best.id] += 1
            ticket = assignment_ticket(seed, r.target_id, best.id)
            placed.append(AssignedOfficer(best.id, d, MEMBER if placed else LEADER, ticket))
        out.append(Assignment(r.target_id, tuple(placed)))
    return out


def scenario(
    rng: random.Random,
) -> tuple[list[TargetSlotRequest], list[Candidate], AssignmentRules]:
    departments = [f"D{i}" for i in range(rng.randint(1, 3))]
    offices = ["所1", "所2", "所3", None]
    requests = [
        TargetSlotRequest(f"T{i:02d}", rng.choice(offices)) for i in range(rng.randint(1, 10))
    ]
    ids = [r.target_id for r in requests]
    dates = ["2024-01-01", START, "2026-04-01", END, "2027-12-31", None]
    candidates = []
    for i in range(rng.randint(4, 24)):
        valid = VALID if rng.random() < 0.8 else (rng.choice(dates), rng.choice(dates))
        candidates.append(
            Candidate(
                f"P{i:03d}",
                rng.choice([*departments, departments[0], "OTHER"]),
                rng.choice(offices),
                rng.random() < 0.9,
                *valid,
                expert=rng.random() < 0.1,
                conflicts=frozenset(rng.sample(ids, rng.randint(0, min(3, len(ids))))),
            )
        )
    previous = {
        t: frozenset(rng.sample([c.id for c in candidates], 2)) for t in ids if rng.random() < 0.4
    }
    rules = rules_for(
        departments,
        officers_per_target=rng.randint(1, 4),
        cross_jurisdiction=rng.random() < 0.5,
        previous=previous,
    )
    return requests, candidates, rules


def outcome(
    requests: list[TargetSlotRequest],
    candidates: list[Candidate],
    rules: AssignmentRules,
    seed: str,
) -> list[Assignment] | str:
    try:
        return assign(requests, candidates, rules, seed)
    except AssignmentImpossible as error:
        return f"{error.target_id}|{error.department}"


def test_the_assignment_follows_the_protocol_read_literally() -> None:
    rng = random.Random(20261129)
    outcomes = Counter()
    for n in range(60):
        requests, candidates, rules = scenario(rng)
        expected = protocol(requests, candidates, rules, f"seed-{n}")
        assert outcome(requests, candidates, rules, f"seed-{n}") == expected
        outcomes[isinstance(expected, str)] += 1
    assert outcomes[True] and outcomes[False]  # both successful and failing draws were tried


def test_candidate_order_does_not_matter() -> None:
    candidates = officers("A", 12) + officers("B", 5)
    rules = rules_for(["A", "B"], officers_per_target=3)
    first = assign(targets(8), candidates, rules, "x")
    assert first == assign(targets(8), list(reversed(candidates)), rules, "x")
    assert first != assign(targets(8), candidates, rules, "y")


# --- ranking on several processes, and its single-process fallbacks ---------------------------


def big_draw() -> tuple[list[TargetSlotRequest], list[Candidate], AssignmentRules]:
    b_officers = [officer(f"B-P{i:02d}", "B", "所2" if i % 2 else "所3") for i in range(12)]
    candidates = officers("A", 30, "所1") + b_officers + officers("C", 3, None)
    requests = [TargetSlotRequest(f"T{i:02d}", "所2" if i % 2 else None) for i in range(23)]
    rules = rules_for(
        ["A", "B"],
        officers_per_target=3,
        cross_jurisdiction=True,
        previous={"T01": frozenset({"A-P00"})},
    )
    return requests, candidates, rules


def one_process(monkeypatch: pytest.MonkeyPatch) -> list[Assignment]:
    with monkeypatch.context() as patch:
        patch.setattr(assignment_module, "PARALLEL_PAIRS", 10**12)
        return assign(*big_draw(), "fork-seed")


@pytest.mark.parametrize("workers", [2, 3, 4])
def test_ranking_on_several_processes_gives_the_same_assignment(
    monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    expected = one_process(monkeypatch)
    assert expected == protocol(*big_draw(), "fork-seed")
    monkeypatch.setattr(assignment_module, "_worker_count", lambda pairs: workers)
    assert assign(*big_draw(), "fork-seed") == expected


class NoProcesses:
    """A process pool that cannot start, as on a machine that forbids fork."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise OSError("no processes here")


class BrokenPool:
    """A process pool whose workers die."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def __enter__(self) -> BrokenPool:
        return self

    def __exit__(self, *args: object) -> None:
        return None

    def submit(self, *args: object) -> BrokenPool:
        return self

    def result(self) -> object:
        raise BrokenProcessPool("a worker died")


@pytest.mark.parametrize("pool", [NoProcesses, BrokenPool])
def test_ranking_falls_back_to_one_process_when_processes_fail(
    monkeypatch: pytest.MonkeyPatch, pool: type
) -> None:
    expected = one_process(monkeypatch)
    monkeypatch.setattr(assignment_module, "_worker_count", lambda pairs: 3)
    monkeypatch.setattr(assignment_module, "ProcessPoolExecutor", pool)
    assert assign(*big_draw(), "fork-seed") == expected


def test_small_draws_rank_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assignment_module.os, "cpu_count", lambda: 8)
    threshold = assignment_module.PARALLEL_PAIRS
    assert threshold == 1_000_000
    assert assignment_module._worker_count(threshold - 1) == 1
    assert assignment_module._worker_count(threshold) == 4  # never more than four processes


@pytest.mark.parametrize(("cores", "workers"), [(None, 1), (1, 1), (2, 2), (3, 3), (64, 4)])
def test_large_draws_rank_on_up_to_four_cores(
    monkeypatch: pytest.MonkeyPatch, cores: int | None, workers: int
) -> None:
    monkeypatch.setattr(assignment_module.os, "cpu_count", lambda: cores)
    assert assignment_module._worker_count(10**7) == workers


def test_without_fork_ranking_stays_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assignment_module.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(
        assignment_module.multiprocessing, "get_all_start_methods", lambda: ["spawn"]
    )
    assert assignment_module._worker_count(10**7) == 1


def test_a_threaded_caller_ranks_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assignment_module.os, "cpu_count", lambda: 8)
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert assignment_module._worker_count(10**7) == 1
    finally:
        release.set()
        thread.join()
    assert assignment_module._worker_count(10**7) == 4
