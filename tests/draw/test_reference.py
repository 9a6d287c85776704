"""The reference implementation (`spotcheck.draw.reference`) is the document's, reproduces
every published draw, and gives exactly what the fast paths give on random small districts."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spotcheck.draw import engine, reference
from spotcheck.draw.assignment import AssignmentImpossible
from spotcheck.model import find_task
from spotcheck.records import Record, RecordSet

ROOT = Path(__file__).resolve().parents[2]
PROTOCOL = ROOT / "docs" / "protocol.md"
SNIPPET = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)
MODULE = ROOT / "generator" / "draw" / "reference.py"


def _statements(source: str) -> list[str]:
    body = ast.parse(source).body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the module's docstring
    return [ast.dump(statement) for statement in body]


def test_the_module_is_the_documents_code() -> None:
    snippets = SNIPPET.findall(PROTOCOL.read_text(encoding="utf-8"))
    document = _statements("\n".join(snippets))
    assert document[-1] == _statements('checked = check_published("HEAD")')[0]
    assert _statements(MODULE.read_text(encoding="utf-8")) == document[:-1]


@pytest.mark.slow
def test_the_reference_reproduces_every_published_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # it reads the example records through git
    published = list((ROOT / "records" / "draws").glob("*/*/draw*.yaml"))
    assert reference.check_published("HEAD") == len(published) >= 17


def test_the_reference_notices_a_wrong_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    folder = "records/draws/2026/2026-GAFJ-02"
    draw = reference.read_yaml("HEAD", f"{folder}/draw.yaml")
    commitment = reference.read_yaml("HEAD", f"{folder}/commitment.yaml")
    found = reference.recompute(draw["commitment_commit"], commitment, draw["seed"])
    assert found["strata"] == draw["strata"] and found["assignments"] == draw["assignments"]
    other = reference.recompute(draw["commitment_commit"], commitment, draw["seed"] + "0")
    assert other["strata"] != draw["strata"]


# --- the fast paths against the reference, on random small districts ---------------------

CUTOFF = "2026-05-20T10:00:00+08:00"
WINDOW = {"start": "2026-06-01", "end": "2026-08-31"}
OFFICES = ("X", "Y", None)
LIST = "经营异常名录"


def maybe(draw: st.DrawFn, record: dict[str, Any], key: str, values: st.SearchStrategy) -> None:
    """Set `key` to a drawn value, or leave it missing (None drawn)."""
    value = draw(values)
    if value is not None:
        record[key] = value


@st.composite
def target_records(draw: st.DrawFn, count: int) -> list[dict[str, Any]]:
    found = []
    for number in range(count):
        target: dict[str, Any] = {
            "uscc": f"91440114MA{number:07d}X",
            "status": draw(st.sampled_from(["存续"] * 5 + ["注销", "吊销"])),
        }
        maybe(draw, target, "region", st.sampled_from(["R1", "R2", "R1", None]))
        maybe(draw, target, "entity_type", st.sampled_from(["公司", "个体", None]))
        maybe(draw, target, "credit_class", st.sampled_from(["A", "A", "B", "C", 1, None]))
        if "region" not in target and draw(st.booleans()):
            target["region"] = "R1"
        maybe(draw, target, "office", st.sampled_from(["X", "Y", "X", None]))
        maybe(draw, target, "industry", st.sampled_from(["H6210", "H6220", "F5191", None]))
        if draw(st.integers(0, 3)) == 0:
            target["lists"] = [{"list": LIST}]
        found.append(target)
    return found


@st.composite
def inspector_records(draw: st.DrawFn, targets: list[str]) -> list[dict[str, Any]]:
    people = []
    for department in ("A", "B"):
        for _ in range(draw(st.integers(1, 8))):
            person: dict[str, Any] = {"id": f"P{len(people):02d}", "department": department}
            maybe(draw, person, "office", st.sampled_from(OFFICES))
            # mostly qualified (rules 1-3), so that most tasks can be staffed
            maybe(draw, person, "active", st.sampled_from([True, True, True, False, None, None]))
            maybe(draw, person, "expert", st.sampled_from([False, True, *[None] * 6]))
            certificate: dict[str, Any] = {}
            maybe(draw, certificate, "valid_from", st.sampled_from(["2024-01-01"] * 9 + [None]))
            maybe(
                draw,
                certificate,
                "valid_until",
                st.sampled_from(["2030-12-31"] * 9 + ["2026-07-31", None]),
            )
            person["certificate"] = certificate
            conflicts = [{"target": t} for t in targets if draw(st.integers(0, 9)) == 0]
            if conflicts:
                person["conflicts"] = conflicts
            people.append(person)
    return people


@st.composite
def task_under_test(draw: st.DrawFn) -> dict[str, Any]:
    departments = draw(st.sampled_from([["A"], ["A", "B"], ["B", "A"], ["A", "A"]]))
    task: dict[str, Any] = {
        "id": "2026-T-01",
        "items": draw(st.sampled_from([["I1"], ["I2"], ["I1", "I2"]])),
        "window": dict(WINDOW),
        "lead_department": departments[0],
        "cooperating_departments": departments[1:],
    }
    maybe(draw, task, "officers_per_target", st.sampled_from([1, 2, 3, 0, None]))
    maybe(draw, task, "cross_jurisdiction", st.sampled_from([True, False, None]))
    maybe(draw, task, "reserves", st.sampled_from([0, 1, 2, None]))
    scope: dict[str, Any] = {}
    # each scope key mostly absent, so that most tasks keep a population to draw from
    maybe(draw, scope, "regions", st.sampled_from([["R1"], ["R1", "R2"], [], None, None, None]))
    maybe(draw, scope, "entity_types", st.sampled_from([["公司"], *[None] * 5]))
    maybe(draw, scope, "offices", st.sampled_from([["X"], *[None] * 5]))
    maybe(draw, scope, "industries", st.sampled_from([["H62"], ["H6210", "F"], *[None] * 4]))
    maybe(draw, scope, "lists", st.sampled_from([[LIST], *[None] * 7]))
    if scope:
        task["scope"] = scope
    if draw(st.booleans()):
        task["exclusions"] = {"inspected_within_months": draw(st.integers(1, 12))}
    ratio = st.sampled_from([0.1, 0.25, 0.03, 0.5, 0.5, 1.0, 1.0, 0])
    if draw(st.booleans()):
        values = draw(st.lists(st.sampled_from(["A", "B", "C", "1"]), unique=True, min_size=1))
        groups = []
        for value in values:
            group: dict[str, Any] = {"value": value}
            if draw(st.booleans()):
                group["ratio"] = draw(ratio)
            else:
                group["count"] = draw(st.integers(0, 4))
            groups.append(group)
        task["strata"] = {"groups": groups}
        maybe(draw, task["strata"], "field", st.sampled_from(["credit_class", "region", None]))
    elif draw(st.booleans()):
        task["ratio"] = draw(ratio)
    else:
        task["count"] = draw(st.integers(0, 5))
    return task


@st.composite
def districts(draw: st.DrawFn) -> tuple[dict[str, list[tuple[str, dict[str, Any]]]], str]:
    """Records in memory (folder -> (path, record) pairs, as `reference.records` reads them),
    and a seed."""
    targets = draw(target_records(draw(st.integers(0, 16))))
    ids = [t["uscc"] for t in targets]
    people = draw(inspector_records(ids))
    task = draw(task_under_test())
    # Another task with earlier draws: recent inspections (§2.1 step 3) and "last time" (§3.5).
    others = []
    draws: list[tuple[str, dict[str, Any]]] = []
    for number in range(draw(st.integers(0, 3))):
        other_id = f"2026-O-{number:02d}"
        start = draw(st.sampled_from(["2025-09-01", "2026-01-10", "2026-05-31", "2024-01-01"]))
        others.append(
            {
                "id": other_id,
                "items": draw(st.sampled_from([["I1"], ["I3"]])),
                "window": {"start": start, "end": "2026-12-31"},
            }
        )
        chosen = draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
        officers = [p["id"] for p in people]
        record = {
            "task": other_id,
            "attempt": 1,
            "drawn_at": draw(
                st.sampled_from(
                    [
                        "2026-01-15T10:00:00+08:00",
                        "2026-03-15T10:00:00+08:00",
                        "2026-05-20T10:00:00+08:00",
                        "2026-05-20T02:00:00Z",
                        "2026-02-01T09:00:00",
                        "not a time",
                    ]
                )
            ),
            "strata": [{"selected": [{"target": t} for t in chosen]}],
            "assignments": [
                {
                    "target": t,
                    "officers": [
                        {"inspector": i}
                        for i in draw(st.lists(st.sampled_from(officers), unique=True, max_size=3))
                    ]
                    if officers
                    else [],
                }
                for t in chosen
            ],
        }
        folder = f"records/draws/2026/{other_id}"
        draws.append((f"{folder}/draw.yaml", record))
        if draw(st.integers(0, 3)) == 0:
            draws.append((f"{folder}/void-1.yaml", {"task": other_id, "attempt": 1}))
    results = []
    for number, target in enumerate(ids):
        if draw(st.integers(0, 3)) == 0:
            day = draw(st.sampled_from(["2025-10-01", "2026-05-19", "2026-05-20", "2024-03-01"]))
            items = draw(st.sampled_from([["I1"], ["I2"], ["I3"]]))
            results.append(
                (
                    f"records/results/2026/r{number}.yaml",
                    {
                        "target": target,
                        "inspection_date": day,
                        "items": [{"item": i} for i in items],
                    },
                )
            )
    plan = {"id": "2026-P", "year": 2026, "department": "A", "tasks": [task, *others]}
    snapshot = {
        "targets": [("records/targets/t.yaml", t) for t in targets],
        "inspectors": [(f"records/inspectors/{p['department']}.yaml", p) for p in people],
        "plans": [("records/plans/2026/A.yaml", plan)],
        "draws": draws,
        "results": results,
    }
    return snapshot, draw(st.text("0123456789abc", min_size=1, max_size=6))


KINDS = {"targets": "target", "inspectors": "inspector", "plans": "plan", "results": "result"}


def record_set(snapshot: dict[str, list[tuple[str, dict[str, Any]]]]) -> RecordSet:
    records = RecordSet()
    for folder, kind in KINDS.items():
        for number, (path, data) in enumerate(snapshot[folder]):
            key = {"target": "uscc"}.get(kind, "id")
            records.add(Record(kind, str(data.get(key, number)), data, path, index=number))
    for path, data in snapshot["draws"]:
        kind = "void" if "/void-" in path else "draw"
        records.add(Record(kind, f"{data['task']}/{kind}", data, path))
    return records


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=districts())
def test_the_fast_paths_give_what_the_reference_gives(case: tuple[dict[str, Any], str]) -> None:
    snapshot, seed = case
    records = record_set(snapshot)
    task_ref = find_task(records, "2026-T-01")
    assert task_ref is not None
    commitment, files = engine.build_commitment(
        records,
        task_ref,
        attempt=1,
        seed_source={"kind": "manual", "note": "测试", "available_at": "2026-05-21T10:00:00"},
        committed_at=CUTOFF,
        committed_by="测试员",
        tool_version="0",
    )
    task = reference.tasks_at(snapshot)["2026-T-01"]
    strata, removed = reference.population(snapshot, task, CUTOFF)
    assert commitment["population"]["removed"] == removed
    for entry, (value, ids) in zip(commitment["strata"], strata.items(), strict=True):
        data = reference.population_file(ids)
        assert (entry["value"], entry["population"]) == (value, len(ids))
        assert entry["digest"] == reference.digest(data) and files[entry["file"]] == data
    people = reference.pool(snapshot, reference.departments_of(task))
    assert commitment["inspectors"]["pool_size"] == len(people)
    assert commitment["inspectors"]["pool_digest"] == reference.pool_digest(people)
    sampled = reference.sample(strata, task, seed)
    assert [s["sample_size"] for s in commitment["strata"]] == [s["sample_size"] for s in sampled]
    try:
        drawn = engine.compute_draw(records, commitment, seed, commitment_commit=None)
    except AssignmentImpossible:
        with pytest.raises(RuntimeError, match="the draw fails"):
            reference.recompute(snapshot, commitment, seed)
        return
    found = reference.recompute(snapshot, commitment, seed)
    assert drawn["population"] == found["population"]
    for name in ("strata", "recusals", "assignments"):
        assert drawn[name] == found[name], name
