"""Random assignment of inspectors to selected targets (docs/protocol.md §3).

Pure: plain data in, plain data out.  Deterministic from the draw's seed, so anyone can verify
it.  The rules, exactly:

* Targets are processed in the order given (the caller passes them in ticket order).
* Slots per target: one per participating department in the order of `rules.departments`
  (lead department first), then extra slots from the lead department until
  `officers_per_target` is reached; total = max(officers_per_target, len(departments)).
  Slots are filled in that order; the first officer (the lead's first slot) is 组长.
* A candidate for a slot of department D on target T must
  1. be in department D and active;
  2. hold a certificate valid for the whole window (valid_from <= start and
     valid_until >= end; ISO date strings, a missing date fails);
  3. not be an expert (experts join beyond the minimum; they fill no enforcement slot);
  4. not be recused: T is in their declared conflicts, or — when the task asks for
     cross-jurisdiction — their office is T's office (a missing office never matches);
  5. not already be on T;
  6. be under D's balanced load cap: ceil(slots D fills in this task / number of D's officers
     passing rules 1-3).  Load counts slots already given in this task.
     The cap is lifted only when it would leave the slot empty: if every officer passing rules
     1-5 has reached it, the candidates are those of them with the lowest load.  Without this,
     a task whose slots divide evenly among the officers (e.g. 4 officers, 10 targets,
     2 slots; or 800 officers, 4,000 targets) fails about half of the time near its last
     targets, when the only officers left under the cap are already on the target.  Whenever a
     strict cap succeeds, the result is identical to the strict cap's.
* Among the candidates, prefer (rotation) those not in `previous[T]` when there is any such;
  then take the lowest assignment ticket U(H(seed) + "|assign|" + T + "|" + inspector_id),
  ties (never seen) by inspector id.
* A slot without a candidate (rules 1-5 removed every officer of D) fails the whole draw with
  `AssignmentImpossible`, which counts how many of D's officers each rule removed (each
  officer counted under the first rule, in the order above, that removes them; the load-cap
  count is therefore always 0 and kept only for a stable message format).

Because U's first digit after "0." is the units digit of int(H(x)), comparing the first four
decimals (from int(H(x)) % 10,000) first is exact; the full decimal ticket is only computed for
the few candidates that tie on them (measured: ~0.5 µs per candidate instead of ~1.8 µs).  See
"ranking" below: the hashing is done for all targets first, on every core when it is large.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
from array import array
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from spotcheck.draw.tickets import FIRST_FOUR_DECIMALS, sha256_hex, uniform
from spotcheck.errors import SpotcheckError

LEADER = "组长"
MEMBER = "组员"

# Rule names as shown in `AssignmentImpossible`, in the order the rules are applied.
RULE_INACTIVE = "未在岗"
RULE_CERTIFICATE = "执法证在检查期内无效"
RULE_EXPERT = "专家"
RULE_CONFLICT = "回避（利益冲突）"
RULE_JURISDICTION = "回避（本辖区）"
RULE_ON_TARGET = "已在本对象"
RULE_LOAD = "达到均衡工作量上限"
RULES = (
    RULE_INACTIVE,
    RULE_CERTIFICATE,
    RULE_EXPERT,
    RULE_CONFLICT,
    RULE_JURISDICTION,
    RULE_ON_TARGET,
    RULE_LOAD,
)


@dataclass(frozen=True)
class Candidate:
    """An inspector as the draw sees them (from the inspector directory)."""

    id: str
    department: str
    office: str | None
    active: bool
    valid_from: str | None
    valid_until: str | None
    expert: bool = False
    conflicts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TargetSlotRequest:
    """A selected target needing officers; `office` is its 属地监管所 (for cross-jurisdiction)."""

    target_id: str
    office: str | None


@dataclass(frozen=True)
class AssignmentRules:
    """The task's assignment parameters."""

    departments: Sequence[str]  # lead department first, then cooperating ones
    window_start: str
    window_end: str
    officers_per_target: int = 2
    cross_jurisdiction: bool = False
    # target id -> inspectors who inspected it last time (rotation)
    previous: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class AssignedOfficer:
    inspector_id: str
    department: str
    role: str  # LEADER or MEMBER
    ticket: str


@dataclass(frozen=True)
class Assignment:
    target_id: str
    officers: tuple[AssignedOfficer, ...]


class AssignmentImpossible(SpotcheckError):
    """No candidate is left for a slot; the draw fails and nothing may be written."""

    def __init__(
        self,
        target_id: str,
        department: str,
        removed: dict[str, int],
        total: int,
        department_name: str | None = None,
    ) -> None:
        self.target_id = target_id
        self.department = department
        self.removed = removed
        self.total = total
        self.department_name = department_name or department
        super().__init__(str(self))

    def __str__(self) -> str:
        # No space after a full-width bracket: "回避（本辖区）3 人", "专家 1 人".
        counts = "，".join(
            f"{rule}{'' if rule.endswith('）') else ' '}{count} 人"
            for rule, count in self.removed.items()
        )
        return (
            f"无法为检查对象 {self.target_id} 选派 {self.department_name} 的执法人员："
            f"共 {self.total} 人，{counts}"
        )


def assignment_ticket(seed: str, target_id: str, inspector_id: str) -> str:
    """U(H(seed) + "|assign|" + target_id + "|" + inspector_id)."""
    return uniform(sha256_hex(seed) + "|assign|" + target_id + "|" + inspector_id)


def slot_departments(rules: AssignmentRules) -> list[str]:
    """The department of each slot of one target, in filling order."""
    departments = list(rules.departments)
    extra = max(0, rules.officers_per_target - len(departments))
    return departments + [departments[0]] * extra


def _certificate_valid(candidate: Candidate, rules: AssignmentRules) -> bool:
    return (
        candidate.valid_from is not None
        and candidate.valid_until is not None
        and candidate.valid_from <= rules.window_start
        and candidate.valid_until >= rules.window_end
    )


def qualification_failure(candidate: Candidate, rules: AssignmentRules) -> str | None:
    """The first of rules 1-3 (which do not depend on the target) that `candidate` fails
    for the department they belong to, or None when they count as qualified (合格)."""
    if not candidate.active:
        return RULE_INACTIVE
    if not _certificate_valid(candidate, rules):
        return RULE_CERTIFICATE
    if candidate.expert:
        return RULE_EXPERT
    return None


def _qualified(candidate: Candidate, rules: AssignmentRules) -> bool:
    """Rules 1-3: independent of the target, checked once per officer."""
    return candidate.active and _certificate_valid(candidate, rules) and not candidate.expert


def assign(
    requests: Sequence[TargetSlotRequest],
    candidates: Sequence[Candidate],
    rules: AssignmentRules,
    seed: str,
    names: Mapping[str, str] | None = None,
) -> list[Assignment]:
    """Assign officers to every request (see the module docstring for the exact rules).

    `names` maps department ids to display names for the error message.
    Raises `AssignmentImpossible` when a slot cannot be filled, `ValueError` on bad input.
    """
    _check_input(requests, candidates, rules)
    departments = list(rules.departments)
    slots = slot_departments(rules)
    per_target = {d: slots.count(d) for d in departments}
    # Rules 1-3 once per officer; the per-target loop only sees qualified officers.
    qualified: dict[str, list[Candidate]] = {d: [] for d in departments}
    for candidate in candidates:
        pool = qualified.get(candidate.department)
        if pool is not None and _qualified(candidate, rules):
            pool.append(candidate)
    caps = {
        d: -(-per_target[d] * len(requests) // len(pool)) if pool else 0
        for d, pool in qualified.items()
    }
    # Plain tuples, in id order (the position is the officer's index in the ranking).
    pools = {
        d: [(c.id, c.id.encode("utf-8"), c.conflicts, c.office) for c in sorted(pool, key=_by_id)]
        for d, pool in qualified.items()
    }
    load: dict[str, int] = {}
    base = hashlib.sha256((sha256_hex(seed) + "|assign|").encode("utf-8"))
    rankings = rank_all(requests, pools, rules, seed)

    result: list[Assignment] = []
    for request, ranking in zip(requests, rankings, strict=True):
        target_hasher = base.copy()
        target_hasher.update(f"{request.target_id}|".encode())
        on_target: set[str] = set()
        officers: list[AssignedOfficer] = []
        for department in slots:
            # Between a department's slots only the officers just placed change (rule 5).
            order, pool = ranking[department], pools[department]
            chosen = _pick(order, pool, on_target, load, range(caps[department]), target_hasher)
            if chosen is None:
                # Lift the cap for this slot: the least-loaded officers passing rules 1-5.
                spare = [
                    load.get(pool[c & _INDEX_MASK][0], 0)
                    for c in order
                    if pool[c & _INDEX_MASK][0] not in on_target
                ]
                if spare:
                    lowest = min(spare)
                    chosen = _pick(
                        order, pool, on_target, load, range(lowest, lowest + 1), target_hasher
                    )
            if chosen is None:
                raise _impossible(
                    request, department, candidates, rules, load, caps, on_target, names
                )
            chosen_id, chosen_ticket = chosen
            on_target.add(chosen_id)
            load[chosen_id] = load.get(chosen_id, 0) + 1
            officers.append(
                AssignedOfficer(
                    inspector_id=chosen_id,
                    department=department,
                    role=LEADER if not officers else MEMBER,
                    ticket=chosen_ticket,
                )
            )
        result.append(Assignment(target_id=request.target_id, officers=tuple(officers)))
    return result


def _check_input(
    requests: Sequence[TargetSlotRequest], candidates: Sequence[Candidate], rules: AssignmentRules
) -> None:
    """ValueError on input no assignment can be made from."""
    departments = list(rules.departments)
    if not departments:
        raise ValueError("a task needs at least one department")
    if len(set(departments)) != len(departments):
        raise ValueError("departments must be distinct")
    if rules.officers_per_target < 1:
        raise ValueError("officers_per_target must be >= 1")
    if len({c.id for c in candidates}) != len(candidates):
        raise ValueError("duplicate inspector id")
    if len({r.target_id for r in requests}) != len(requests):
        raise ValueError("duplicate target id")


def _by_id(candidate: Candidate) -> str:
    return candidate.id


# --- ranking: the officers of each department for each target, by assignment ticket ------
#
# A ranking is a list of ints `key << _INDEX_BITS | index`, ascending: `index` is the officer's
# position in the department's pool (id order), `key` the first four decimals of their
# assignment ticket (see FIRST_FOUR_DECIMALS), plus 10,000 for an officer on the target last
# time (rotation comes first).  Comparing keys is exact; officers that share the lowest eligible
# key are decided by full tickets in `_pick`.  Officers removed by rule 4 are left out.
#
# Ranking hashes every (target, officer) pair the protocol asks about; it does not depend on
# the officers' load, so it is computed for all targets first, on every core when the work is
# large, and the sequential walk over the targets then only reads it.

_INDEX_BITS = 32
_INDEX_MASK = (1 << _INDEX_BITS) - 1
_ROTATION = 10_000

Pool = list[tuple[str, bytes, frozenset[str], str | None]]
"""A department's qualified officers in id order: (id, id bytes, conflicts, office)."""

RankJob = tuple[str, str | None, frozenset[str]]
"""(target id, its office when the task excludes own jurisdiction, officers of last time)."""

# Below this many (target, officer) pairs, starting a second process costs more than it saves
# (measured: 236,000 pairs rank in ~0.2 s on one core).
PARALLEL_PAIRS = 1_000_000


def rank_all(
    requests: Sequence[TargetSlotRequest],
    pools: Mapping[str, Pool],
    rules: AssignmentRules,
    seed: str,
) -> list[dict[str, array[int]]]:
    """Each request's ranking per department, on every core when the work is large."""
    prefix = sha256_hex(seed) + "|assign|"
    jobs: list[RankJob] = [
        (
            r.target_id,
            r.office if rules.cross_jurisdiction else None,
            rules.previous.get(r.target_id, frozenset()),
        )
        for r in requests
    ]
    needed = {d: pools[d] for d in dict.fromkeys(rules.departments)}
    pairs = len(jobs) * sum(len(pool) for pool in needed.values())
    workers = _worker_count(pairs)
    if workers < 2:
        return rank_targets(prefix, jobs, needed)
    size = -(-len(jobs) // workers)
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(len(chunks) - 1, mp_context=context) as executor:
            others = [executor.submit(rank_targets, prefix, c, needed) for c in chunks[1:]]
            ranked = rank_targets(prefix, chunks[0], needed)  # this process takes a share too
            for future in others:
                ranked.extend(future.result())
        return ranked
    except (OSError, BrokenProcessPool):  # no second process here: rank on this one
        return rank_targets(prefix, jobs, needed)


def _worker_count(pairs: int) -> int:
    if pairs < PARALLEL_PAIRS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    # Forking while another thread holds a lock can hang the child: only a single thread forks.
    if threading.active_count() > 1:
        return 1
    return min(os.cpu_count() or 1, 4)


def rank_targets(
    prefix: str, jobs: Sequence[RankJob], pools: Mapping[str, Pool]
) -> list[dict[str, array[int]]]:
    """The rankings of `jobs` (pure; runs in worker processes too)."""
    base = hashlib.sha256(prefix.encode("utf-8"))
    from_bytes, first_four = int.from_bytes, FIRST_FOUR_DECIMALS
    found: list[dict[str, array[int]]] = []
    for target_id, target_office, last_time in jobs:
        target_hasher = base.copy()
        target_hasher.update(f"{target_id}|".encode())
        rankings: dict[str, array[int]] = {}
        for department, pool in pools.items():
            ranking: list[int] = []
            # This loop runs (targets x pool) times: it is the assignment's cost.
            for index, (inspector_id, id_bytes, conflicts, office) in enumerate(pool):
                if target_id in conflicts or (
                    target_office is not None and office == target_office
                ):
                    continue
                h = target_hasher.copy()
                h.update(id_bytes)
                key = first_four[from_bytes(h.digest(), "big") % 10_000]
                if inspector_id in last_time:
                    key += _ROTATION
                ranking.append(key << _INDEX_BITS | index)
            ranking.sort()
            rankings[department] = array("Q", ranking)  # compact, and cheap to send back
        found.append(rankings)
    return found


def _ticket_from(target_hasher: hashlib._Hash, id_bytes: bytes) -> str:
    h = target_hasher.copy()
    h.update(id_bytes)
    return "0." + f"{int(h.hexdigest(), 16):064d}"[::-1]


def _pick(
    ranking: array[int],
    pool: Pool,
    on_target: set[str],
    load: Mapping[str, int],
    loads: range,
    target_hasher: hashlib._Hash,
) -> tuple[str, str] | None:
    """(id, ticket) of the lowest-ticket officer of `ranking` not on the target whose load is
    in `loads`, rotation first; None if there is none.

    The walk stops after the first key that has an eligible officer, and full tickets are
    computed only for the eligible officers sharing that key.
    """
    best_key = -1
    finalists: list[tuple[str, str]] = []
    for entry in ranking:
        key = entry >> _INDEX_BITS
        if key != best_key and finalists:
            break
        inspector_id, id_bytes, _, _ = pool[entry & _INDEX_MASK]
        if inspector_id not in on_target and load.get(inspector_id, 0) in loads:
            best_key = key
            finalists.append((_ticket_from(target_hasher, id_bytes), inspector_id))
    if not finalists:
        return None
    ticket, inspector_id = min(finalists)
    return inspector_id, ticket


def _impossible(
    request: TargetSlotRequest,
    department: str,
    candidates: Sequence[Candidate],
    rules: AssignmentRules,
    load: Mapping[str, int],
    caps: Mapping[str, int],
    on_target: set[str],
    names: Mapping[str, str] | None,
) -> AssignmentImpossible:
    """Count, for the failing slot, how many of the department's officers each rule removed."""
    removed = dict.fromkeys(RULES, 0)
    total = 0
    for c in candidates:
        if c.department != department:
            continue
        total += 1
        if not c.active:
            rule = RULE_INACTIVE
        elif not _certificate_valid(c, rules):
            rule = RULE_CERTIFICATE
        elif c.expert:
            rule = RULE_EXPERT
        elif request.target_id in c.conflicts:
            rule = RULE_CONFLICT
        elif rules.cross_jurisdiction and request.office is not None and c.office == request.office:
            rule = RULE_JURISDICTION
        elif c.id in on_target:
            rule = RULE_ON_TARGET
        else:
            # Nothing else can leave a qualified officer out of the slot.
            rule = RULE_LOAD
        removed[rule] += 1
    return AssignmentImpossible(
        request.target_id,
        department,
        removed,
        total,
        department_name=(names or {}).get(department),
    )
