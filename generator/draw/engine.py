"""A task's draw from the records: commitment before the seed, the draw after it.

Pure: takes a `RecordSet` (the records as of some commit) and returns plain dicts — the
commitment record, the draw record and the population files. Git, files and the clock stay in
`spotcheck.draw.service`. The draw record is a function of (records at the commitment, seed):
`verify` recomputes it and compares.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from spotcheck import model
from spotcheck.draw.assignment import (
    AssignmentRules,
    Candidate,
    TargetSlotRequest,
    assign,
)
from spotcheck.draw.population import PastInspection, Population, eligible_population
from spotcheck.draw.sampling import (
    Sample,
    StratumSpec,
    group_by_stratum,
    population_bytes,
    sample_groups,
)
from spotcheck.draw.tickets import ALGORITHM_VERSION
from spotcheck.errors import SpotcheckError
from spotcheck.model import TaskRef
from spotcheck.records import Record, RecordSet

POPULATIONS_DIR = "records/draws/populations"

# The fields of a target and of a result a draw reads (scope, status, strata, jurisdiction;
# exclusions): the draw steps load only these (`spotcheck.records.load(fields=...)`), a city's
# 3 million targets and 1.5 million results in a third of the memory of the whole records.
DRAW_FIELDS: dict[str, tuple[str, ...]] = {
    "target": (
        "uscc",
        "status",
        "industry",
        "region",
        "entity_type",
        "credit_class",
        "lists",
        "office",
    ),
    "result": ("task", "target", "inspection_date", "items"),
}

CHINA = dt.timezone(dt.timedelta(hours=8))

#: How the commitment counts population ids whose stratum value matches no stratum.
REASON_NO_STRATUM = "不属于任何分层"


class DrawError(SpotcheckError):
    """A draw that must not happen; nothing has been written."""


def find_task(records: RecordSet, task_id: str) -> TaskRef:
    found = model.find_task(records, task_id)
    if found is None:
        raise DrawError(
            f"找不到抽查任务 {task_id}：请检查任务编号是否已写入 records/plans/ 中的年度计划"
        )
    return found


def draw_folder(task: TaskRef) -> str:
    return f"records/draws/{task.year}/{task.id}"


def attempt_suffix(attempt: int) -> str:
    return "" if attempt == 1 else f"-{attempt}"


def population_file(digest: str) -> str:
    return f"{POPULATIONS_DIR}/{digest}.txt"


# --- history: what earlier draws and results say ------------------------------------------


def inspection_history(
    records: RecordSet, task: TaskRef, before: str | None = None
) -> list[PastInspection]:
    """Earlier inspections that can exclude targets from `task` (docs/protocol.md §2.1 step 3):
    targets drawn by other live draws, and results, that share an item with the task.

    With `before` (the commitment's time) only draws made, and inspections done, before it
    count: honest history holds nothing later at the commitment's commit, but records written
    all at once (benchmark data) do.
    """
    cutoff = _moment(before) if before else None
    cutoff_day = cutoff.astimezone(CHINA).date().isoformat() if cutoff else None
    wanted = frozenset(task.items)
    everything = model.all_tasks(records)
    history: list[PastInspection] = []
    for draw in model.live_draws(records):
        other = everything.get(str(draw.data.get("task")))
        if other is None or other.id == task.id or not wanted.intersection(other.items):
            continue
        if cutoff is not None:
            when = _moment(str(draw.data.get("drawn_at", "")))
            if when is None or when >= cutoff:
                continue
        items = frozenset(other.items)
        start = str((other.task.get("window") or {}).get("start", ""))
        for stratum in draw.data.get("strata") or []:
            for chosen in stratum.get("selected") or []:
                history.append(PastInspection(str(chosen["target"]), items, start))
    for result in records.of("result"):
        entries = result.data.get("items") or []
        for entry in entries:  # a loop, not any(): this runs over every result of the district
            if entry.get("item") in wanted:
                break
        else:
            continue
        date = str(result.data.get("inspection_date", ""))
        if cutoff_day is not None and date >= cutoff_day:
            continue
        items = frozenset(str(entry.get("item")) for entry in entries)
        history.append(PastInspection(str(result.data.get("target")), items, date))
    return history


def previous_officers(
    records: RecordSet, excluding_task: str, targets: set[str], before: str | None = None
) -> dict[str, frozenset[str]]:
    """For rotation (docs/protocol.md §3.5): the officers of each of `targets`' latest draw made
    before `before` (the commitment's time; an ISO date-time), by any department.

    Honest history never holds a later draw at the commitment's commit; records written all at
    once (benchmark data) do, and "last time" must not look into the future there either.
    """
    cutoff = _moment(before) if before else None
    latest: dict[str, tuple[tuple[dt.datetime, str], frozenset[str]]] = {}
    for draw in model.live_draws(records):
        task_id = str(draw.data.get("task"))
        if task_id == excluding_task:
            continue
        when = _moment(str(draw.data.get("drawn_at", "")))
        if when is None or (cutoff is not None and when >= cutoff):
            continue
        # Two draws at the same moment: the later task id counts, whatever the records' order.
        order = (when, task_id)
        for assignment in draw.data.get("assignments") or []:
            target = assignment.get("target")
            if target not in targets:
                continue
            if target not in latest or latest[target][0] < order:
                officers = frozenset(
                    str(o.get("inspector")) for o in assignment.get("officers") or []
                )
                latest[target] = (order, officers)
    return {target: officers for target, (_, officers) in latest.items()}


def _moment(text: str) -> dt.datetime | None:
    """An ISO date-time as an aware datetime (China time when no offset is written)."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)


# --- commitment ----------------------------------------------------------------------------


def stratum_specs(task: Mapping[str, Any]) -> list[StratumSpec]:
    groups = (task.get("strata") or {}).get("groups") or []
    if groups:
        return [
            StratumSpec(str(g["value"]), ratio=_ratio(g.get("ratio")), count=g.get("count"))
            for g in groups
        ]
    return [StratumSpec(None, ratio=_ratio(task.get("ratio")), count=task.get("count"))]


def _ratio(value: Any) -> str | None:
    # The plan's written decimal decides (0.03 → "0.03"), never a binary float.
    return None if value is None else repr(value) if isinstance(value, float) else str(value)


def task_population(records: RecordSet, task: TaskRef, before: str | None = None) -> Population:
    """The eligible population of `task`, with the history known before `before`."""
    # The history only matters to a task that excludes recent inspections (0.08 s over 100,000
    # results otherwise spent for nothing).
    excludes = (task.task.get("exclusions") or {}).get("inspected_within_months")
    history = inspection_history(records, task, before) if excludes else []
    return eligible_population(task.task, (t.data for t in records.of("target")), history)


@dataclass(frozen=True)
class StratifiedPopulation:
    """A task's population as its commitment publishes it: each stratum's ids, sorted (the
    order of the population files), and how many targets each rule removed."""

    specs: tuple[StratumSpec, ...]
    strata: dict[str | None, list[str]]
    removed: dict[str, int]

    @property
    def ids(self) -> list[str]:
        """Every id in a stratum, sorted (one sort merging the sorted strata)."""
        return sorted(i for ids in self.strata.values() for i in ids)


def stratified_population(
    records: RecordSet, task: TaskRef, before: str | None = None
) -> StratifiedPopulation:
    """The population of `task` in `records` as of `before`, split by the plan's strata."""
    population = task_population(records, task, before)
    specs = tuple(stratum_specs(task.task))
    strata, outside = group_by_stratum(population.members, specs)
    for ids in strata.values():
        ids.sort()
    removed = {**population.removed, REASON_NO_STRATUM: outside}
    return StratifiedPopulation(specs, strata, removed)


def population_file_and_digest(ids: Iterable[str]) -> tuple[bytes, str]:
    """A population file's bytes and their digest (docs/protocol.md §5.1)."""
    data = population_bytes(ids)
    return data, hashlib.sha256(data).hexdigest()


def candidates_for(records: RecordSet, departments: Iterable[str]) -> list[Candidate]:
    wanted = set(departments)
    found = []
    for inspector in records.of("inspector"):
        data = inspector.data
        if data.get("department") not in wanted:
            continue
        certificate = data.get("certificate") or {}
        found.append(
            Candidate(
                id=str(data["id"]),
                department=str(data["department"]),
                office=data.get("office"),
                active=data.get("active") is not False,
                valid_from=certificate.get("valid_from"),
                valid_until=certificate.get("valid_until"),
                expert=bool(data.get("expert")),
                conflicts=frozenset(str(c.get("target")) for c in data.get("conflicts") or []),
            )
        )
    return sorted(found, key=lambda c: c.id)


def pool_digest(candidates: Iterable[Candidate]) -> str:
    """SHA-256 of the inspector pool as the draw sees it (conflicts included, as a hash);
    the byte-exact serialisation is docs/protocol.md §5.2."""
    rows = [
        [
            c.id,
            c.department,
            c.office,
            c.active,
            c.valid_from,
            c.valid_until,
            c.expert,
            sorted(c.conflicts),
        ]
        for c in sorted(candidates, key=lambda c: c.id)
    ]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def build_commitment(
    records: RecordSet,
    task: TaskRef,
    *,
    attempt: int,
    seed_source: dict[str, Any],
    committed_at: str,
    committed_by: str,
    tool_version: str,
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The commitment record and the population files it points to (path → bytes)."""
    population = stratified_population(records, task, committed_at)
    files: dict[str, bytes] = {}
    strata = []
    for spec in population.specs:
        ids = population.strata[spec.value]
        data, digest = population_file_and_digest(ids)
        files[population_file(digest)] = data
        entry: dict[str, Any] = {"value": spec.value, "population": len(ids)}
        entry["ratio" if spec.ratio is not None else "count"] = (
            spec.ratio if spec.ratio is not None else spec.count
        )
        entry.update(
            {
                "sample_size": spec.size_for(len(ids)),
                "digest": digest,
                "file": population_file(digest),
            }
        )
        strata.append(entry)
    all_ids = population.ids
    departments = task.departments
    candidates = candidates_for(records, departments)
    window = task.task.get("window") or {}
    commitment = {
        "task": task.id,
        "attempt": attempt,
        "plan": task.plan.id,
        "plan_version": _plan_version(task.plan),
        "algorithm": ALGORITHM_VERSION,
        "tool_version": tool_version,
        "committed_at": committed_at,
        "committed_by": committed_by,
        "population": {
            "size": len(all_ids),
            "digest": population_file_and_digest(all_ids)[1],
            "stratum_field": (task.task.get("strata") or {}).get("field", "credit_class")
            if (task.task.get("strata") or {}).get("groups")
            else None,
            "removed": population.removed,
        },
        "strata": strata,
        "reserves": int(task.task.get("reserves") or 0),
        "inspectors": {
            "departments": departments,
            "officers_per_target": int(task.task.get("officers_per_target") or 2),
            "cross_jurisdiction": bool(task.task.get("cross_jurisdiction")),
            "window": {"start": str(window.get("start")), "end": str(window.get("end"))},
            "pool_size": len(candidates),
            "pool_digest": pool_digest(candidates),
        },
        "seed_source": seed_source,
    }
    return commitment, files


def _plan_version(plan: Record) -> int:
    versions = [a.get("version") for a in plan.data.get("adjustments") or []]
    return max([v for v in versions if isinstance(v, int)], default=1)


# --- the draw ------------------------------------------------------------------------------


def compute_draw(
    records: RecordSet,
    commitment: Mapping[str, Any],
    seed: str,
    *,
    commitment_commit: str | None,
    names: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The draw record for a commitment and seed, from the records as of the commitment.

    Raises DrawError when the records no longer give the population the commitment names.
    """
    task = find_task(records, str(commitment["task"]))
    committed_at = str(commitment.get("committed_at") or "") or None
    population = stratified_population(records, task, committed_at)
    reserves = int(task.task.get("reserves") or 0)
    outcome = sample_groups(population.strata, population.specs, seed, reserves=reserves)
    strata = _drawn_strata(task, population, outcome, commitment)
    assignments, recusals = _officers_for(records, task, outcome, seed, committed_at, names)
    return {
        "task": task.id,
        "attempt": int(commitment.get("attempt", 1)),
        "algorithm": ALGORITHM_VERSION,
        "pre_committed": commitment_commit is not None,
        "commitment_commit": commitment_commit,
        "seed": seed,
        "population": {
            "size": outcome.population_size,
            # the ids in the strata, as in the commitment (targets outside every stratum never
            # take part in the draw)
            "digest": population_file_and_digest(population.ids)[1],
        },
        "strata": strata,
        "recusals": recusals,
        "assignments": assignments,
    }


def _drawn_strata(
    task: TaskRef, population: Population, outcome: Sample, commitment: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Each stratum's entry of the draw record; refused when its population is not the one
    the commitment named."""
    committed_strata = {s.get("value"): s for s in commitment.get("strata") or []}
    strata = []
    for stratum in outcome.strata:
        digest = population_file_and_digest(population.strata[stratum.value])[1]
        promised = committed_strata.get(stratum.value, {})
        if promised.get("digest") != digest:
            raise DrawError(
                f"任务 {task.id} 分层 {stratum.value or '全部'} 的总体与承诺不一致："
                f"承诺 {promised.get('digest', '无')[:12]}…，按承诺时的记录重建为 {digest[:12]}…"
            )
        strata.append(
            {
                "value": stratum.value,
                "population": stratum.population_size,
                "sample_size": stratum.sample_size,
                "digest": digest,
                "threshold": stratum.threshold,
                "selected": [{"target": t, "ticket": k} for t, k in stratum.selected],
                "reserves": [{"target": t, "ticket": k} for t, k in stratum.reserves],
            }
        )
    return strata


def _officers_for(
    records: RecordSet,
    task: TaskRef,
    outcome: Sample,
    seed: str,
    committed_at: str | None,
    names: Mapping[str, str] | None,
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The draw record's assignments (officers per selected target) and recusals."""
    tickets = dict(outcome.selected_in_ticket_order)
    selected = set(tickets)
    departments = task.departments
    candidates = candidates_for(records, departments)
    window = task.task.get("window") or {}
    requests = [
        TargetSlotRequest(target, _office_of(records, target))
        for target, _ in outcome.selected_in_ticket_order
    ]
    rules = AssignmentRules(
        departments=departments,
        window_start=str(window.get("start")),
        window_end=str(window.get("end")),
        officers_per_target=int(task.task.get("officers_per_target") or 2),
        cross_jurisdiction=bool(task.task.get("cross_jurisdiction")),
        previous=previous_officers(records, task.id, selected, before=committed_at),
    )
    assignments = assign(requests, candidates, rules, seed, names=names)
    recusals = sorted({(target, c.id) for c in candidates for target in c.conflicts & selected})
    entries = [
        {
            "target": a.target_id,
            "ticket": tickets[a.target_id],
            "officers": [
                {
                    "inspector": o.inspector_id,
                    "department": o.department,
                    "role": o.role,
                    "ticket": o.ticket,
                }
                for o in a.officers
            ],
        }
        for a in assignments
    ]
    return entries, [{"target": t, "inspector": i} for t, i in recusals]


def _office_of(records: RecordSet, target_id: str) -> str | None:
    found = records.get("target", target_id)
    return found.data.get("office") if found else None


# Fields of a draw record that are facts about the run rather than results of the draw.
RUN_FIELDS = ("drawn_at", "drawn_by", "tool_version")


def draw_differences(recorded: Mapping[str, Any], recomputed: Mapping[str, Any]) -> list[str]:
    """Top-level fields where a recorded draw differs from its recomputation."""
    keys = (set(recorded) | set(recomputed)) - set(RUN_FIELDS)
    return sorted(k for k in keys if recorded.get(k) != recomputed.get(k))
