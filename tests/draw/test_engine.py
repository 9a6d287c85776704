"""The engine's reading of history: which earlier draw counts as "last time" for rotation."""

from __future__ import annotations

import itertools

from spotcheck.draw.engine import inspection_history, previous_officers
from spotcheck.model import all_tasks
from spotcheck.records import Record, RecordSet


def draw(task: str, drawn_at: str, officers: dict[str, list[str]]) -> Record:
    data = {
        "task": task,
        "attempt": 1,
        "drawn_at": drawn_at,
        "assignments": [
            {"target": target, "officers": [{"inspector": i} for i in ids]}
            for target, ids in officers.items()
        ],
    }
    return Record("draw", f"{task}/1", data, f"records/draws/2026/{task}/draw.yaml")


def records_of(*draws: Record) -> RecordSet:
    records = RecordSet()
    for record in draws:
        records.add(record)
    return records


DRAWS = [
    draw("2026-A-01", "2026-03-01T10:00:00+08:00", {"T1": ["P1", "P2"], "T2": ["P3", "P4"]}),
    draw("2026-B-01", "2026-04-01T10:00:00+08:00", {"T1": ["P5", "P6"]}),
    # the same moment as B-01: the later task id is "last time", whatever the file order
    draw("2026-C-01", "2026-04-01T10:00:00+08:00", {"T1": ["P7", "P8"]}),
    # after the commitment below: never "last time"
    draw("2026-D-01", "2026-06-01T10:00:00+08:00", {"T1": ["P9"], "T2": ["P9"]}),
]


def test_last_time_is_the_latest_draw_before_the_commitment_in_any_order() -> None:
    for order in itertools.permutations(DRAWS):
        found = previous_officers(
            records_of(*order), "2026-X-01", {"T1", "T2", "T3"}, "2026-05-01T09:00:00+08:00"
        )
        assert found == {"T1": frozenset({"P7", "P8"}), "T2": frozenset({"P3", "P4"})}


def test_the_task_itself_and_unparsable_times_are_ignored() -> None:
    broken = draw("2026-E-01", "not a time", {"T1": ["P0"]})
    found = previous_officers(records_of(*DRAWS, broken), "2026-C-01", {"T1"})
    assert found == {"T1": frozenset({"P9"})}  # no cut-off: the latest of all but C-01


def test_exclusion_history_holds_only_what_was_known_at_the_commitment() -> None:
    plan = Record(
        "plan",
        "2026-A",
        {
            "id": "2026-A",
            "year": 2026,
            "tasks": [
                {"id": "2026-A-01", "items": ["I1"], "window": {"start": "2026-03-01"}},
                {"id": "2026-A-02", "items": ["I1"], "window": {"start": "2026-04-10"}},
                {"id": "2026-A-09", "items": ["I1"], "window": {"start": "2026-05-01"}},
            ],
        },
        "records/plans/2026/A.yaml",
    )
    selected = [{"target": "T1"}]
    earlier = draw("2026-A-01", "2026-02-20T10:00:00+08:00", {})
    earlier.data["strata"] = [{"selected": selected}]
    later = draw("2026-A-02", "2026-04-02T10:00:00+08:00", {})
    later.data["strata"] = [{"selected": [{"target": "T2"}]}]

    def result(target: str, day: str) -> Record:
        data = {"target": target, "inspection_date": day, "items": [{"item": "I1"}]}
        return Record("result", f"{target}-{day}", data, f"records/results/{target}.yaml")

    records = records_of(
        plan, earlier, later, result("T3", "2026-03-31"), result("T4", "2026-04-01")
    )
    task = all_tasks(records)["2026-A-09"]
    known = inspection_history(records, task, "2026-04-01T09:00:00+08:00")
    assert sorted(p.target for p in known) == ["T1", "T3"]
    assert sorted(p.target for p in inspection_history(records, task)) == ["T1", "T2", "T3", "T4"]
