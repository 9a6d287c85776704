"""`draw commit`'s checks: a task whose assignment could fail, and invalid records, are refused.

The property: the check passes exactly when every selection the seed can give is staffed by
the assignment itself (`spotcheck.draw.assignment.assign`), and when it refuses, the target it
names really cannot be staffed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spotcheck import yamlio
from spotcheck.draw.assignment import AssignmentImpossible, TargetSlotRequest, assign
from spotcheck.draw.engine import candidates_for
from spotcheck.draw.preflight import AssignmentNotGuaranteed, require_assignable, rules_for
from spotcheck.model import TaskRef
from spotcheck.records import Record, RecordSet
from tests.fixtures import git, make_district

OFFICES = ("X", "Y", None)


@st.composite
def districts(draw: st.DrawFn) -> tuple[RecordSet, TaskRef, list[str]]:
    departments = draw(st.sampled_from([["A"], ["A", "B"]]))
    targets = [f"T{n}" for n in range(draw(st.integers(1, 6)))]
    valid = st.sampled_from(["2025-01-01"] * 6 + ["2026-05-01", None])
    records = RecordSet()
    for target in targets:
        data = {"uscc": target, "office": draw(st.sampled_from(OFFICES)), "status": "存续"}
        records.add(Record("target", target, data, "records/targets/t.yaml"))
    count = 0
    for department in ("A", "B"):
        for _ in range(draw(st.integers(0, 5))):
            person = {
                "id": f"P{count}",
                "department": department,
                "office": draw(st.sampled_from(OFFICES)),
                "active": draw(st.sampled_from([True, True, True, False])),
                "certificate": {"valid_from": draw(valid), "valid_until": "2030-01-01"},
                "expert": draw(st.integers(0, 9)) == 0,
                "conflicts": [{"target": t} for t in targets if draw(st.integers(0, 4)) == 0],
            }
            count += 1
            records.add(Record("inspector", person["id"], person, "records/inspectors/p.yaml"))
    task = {
        "id": "2026-T-01",
        "lead_department": departments[0],
        "cooperating_departments": departments[1:],
        "officers_per_target": draw(st.integers(1, 3)),
        "cross_jurisdiction": draw(st.booleans()),
        "window": {"start": "2026-03-01", "end": "2026-06-30"},
    }
    plan = Record("plan", "2026-T", {"id": "2026-T", "year": 2026, "department": "A"}, "p.yaml")
    return records, TaskRef(plan, 0, task), targets


def staffed(records: RecordSet, task: TaskRef, targets: list[str], seed: str) -> bool:
    requests = [
        TargetSlotRequest(
            t, (records.get("target", t) or Record("", "", {}, "")).data.get("office")
        )
        for t in targets
    ]
    try:
        assign(requests, candidates_for(records, task.departments), rules_for(task), seed)
    except AssignmentImpossible:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(case=districts(), seed=st.text("0123456789", min_size=1, max_size=4), data=st.data())
def test_the_check_passes_exactly_when_every_selection_is_staffed(
    case: tuple[RecordSet, TaskRef, list[str]], seed: str, data: st.DataObject
) -> None:
    records, task, targets = case
    try:
        require_assignable(records, task, targets)
    except AssignmentNotGuaranteed as refused:
        named = [t for t in targets if f"若抽中 {t}" in str(refused)]
        # the target named (or, for a whole department, any target) cannot be staffed alone
        assert not staffed(records, task, named or targets[:1], seed)
        return
    selection = data.draw(st.permutations(targets))[: data.draw(st.integers(1, len(targets)))]
    assert staffed(records, task, selection, seed)
    assert staffed(records, task, targets, seed)


def test_nothing_selectable_needs_nobody() -> None:
    plan = Record("plan", "2026-T", {"id": "2026-T", "year": 2026, "department": "A"}, "p.yaml")
    task = TaskRef(plan, 0, {"id": "2026-T-01", "lead_department": "A", "window": {}})
    require_assignable(RecordSet(), task, [])  # a task drawing 0 targets can always be drawn


# --- on a git repository: nothing is committed ---------------------------------------------

COMMIT_TIME = "2026-03-20T10:00:00+08:00"
SEED_TIME = "2026-03-25T15:00:00+08:00"


def commit(root: Path, task: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "spotcheck.cli",
            "draw",
            "commit",
            task,
            "--seed-source",
            "beacon",
            "--beacon",
            "drand-quicknet",
            "--round",
            "4242",
            "--available-at",
            SEED_TIME,
            "--repo",
            str(root),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "SPOTCHECK_NOW": COMMIT_TIME},
        check=False,
    )


def state(root: Path) -> tuple[str, str]:
    return git(root, "rev-parse", "HEAD"), git(root, "status", "--porcelain")


def edit(root: Path, relative: str, change: Any) -> None:
    path = root / "records" / relative
    data = yamlio.parse(path.read_text(encoding="utf-8"), relative)
    change(data)
    path.write_text(yamlio.dump(data), encoding="utf-8")
    git(root, "commit", "-qam", f"Edit {relative}")


@pytest.fixture
def district(tmp_path: Path) -> Path:
    return make_district(tmp_path / "district")


def test_own_jurisdiction_emptying_a_pool_is_refused(district: Path) -> None:
    # 2026-SCJG-01 is cross-jurisdiction: with every SCJG officer in office SCJG-XH, a target of
    # SCJG-XH has nobody left
    edit(
        district,
        "inspectors/SCJG.yaml",
        lambda people: [p.update(office="SCJG-XH") for p in people],
    )
    before = state(district)
    result = commit(district, "2026-SCJG-01")
    assert result.returncode == 1
    assert "清空人选的规则：回避（本辖区）" in result.stderr and "区市场监管局" in result.stderr
    assert "若抽中 9" in result.stderr and "户同样情形" in result.stderr
    assert f"人员名录 records/inspectors/SCJG.yaml（提交 {before[0][:10]}）" in result.stderr
    assert state(district) == before


def test_a_department_without_qualified_officers_is_refused_by_validation_first(
    district: Path,
) -> None:
    # experts fill no enforcement slot (docs/protocol.md §3.3 rule 3); the plan check of
    # `validate` already says so, naming the plan's line
    edit(district, "inspectors/SPYP.yaml", lambda people: [p.update(expert=True) for p in people])
    before = state(district)
    result = commit(district, "2026-SCJG-02")
    assert result.returncode == 1
    assert "records/plans/2026/SCJG.yaml:41" in result.stderr
    assert "区食品药品监管局" in result.stderr and "只有 0 人" in result.stderr
    assert state(district) == before


def test_a_department_without_qualified_officers_names_the_rules() -> None:
    records = RecordSet()
    for number, (active, expert) in enumerate([(False, False), (True, True), (True, True)]):
        person = {
            "id": f"B{number}",
            "department": "B",
            "active": active,
            "expert": expert,
            "certificate": {"valid_from": "2020-01-01", "valid_until": "2030-12-31"},
        }
        records.add(Record("inspector", person["id"], person, "records/inspectors/B.yaml"))
    plan = Record("plan", "2026-B", {"id": "2026-B", "year": 2026, "department": "B"}, "p.yaml")
    window = {"start": "2026-03-01", "end": "2026-06-30"}
    task = TaskRef(plan, 0, {"id": "2026-B-01", "lead_department": "B", "window": window})
    with pytest.raises(AssignmentNotGuaranteed) as refused:
        require_assignable(records, task, ["T1"], {"B": "区某局"})
    message = str(refused.value)
    assert "区某局每户需要 2 名执法人员" in message and "合格仅 0 人" in message
    assert "未在岗 1 人，专家 2 人" in message and "清空人选的规则：未在岗、专家" in message


def test_records_failing_validation_are_refused(district: Path) -> None:
    edit(district, "inspectors/SPYP.yaml", lambda people: people[0].pop("name"))
    before = state(district)
    result = commit(district, "2026-SCJG-01")  # another department's task: still refused
    assert result.returncode == 1
    assert f"提交 {before[0][:10]} 中的记录有 1 个校验错误" in result.stderr
    assert "records/inspectors/SPYP.yaml:" in result.stderr and "（规则 schema-" in result.stderr
    assert "spotcheck validate" in result.stderr
    assert state(district) == before


def test_a_demo_history_made_afterwards_may_hold_records_dated_after_the_simulated_clock(
    district: Path,
) -> None:
    """In a demo repository, a task added to a history made after the fact is committed with the
    simulated clock before results already committed: those results are errors on the simulated
    day only (inspected "after today"), so they do not refuse; errors on both days still do
    (test_records_failing_validation_are_refused)."""
    assert commit(district, "2026-SCJG-01").returncode == 0
    run = subprocess.run(
        [sys.executable, "-m", "spotcheck.cli", "draw", "run", "2026-SCJG-01", "--repo",
         str(district), "--seed", "12345678901234567890"],
        capture_output=True, text=True, check=False,
        env={**os.environ, "SPOTCHECK_NOW": "2026-03-25T15:30:00+08:00"},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    draw = yamlio.parse(
        (district / "records/draws/2026/2026-SCJG-01/draw.yaml").read_text(encoding="utf-8"), "d"
    )
    first = draw["assignments"][0]
    target, officers = first["target"], [o["inspector"] for o in first["officers"]]
    made = subprocess.run(
        [sys.executable, "-m", "spotcheck.cli", "result", "new", "2026-SCJG-01", target,
         "--repo", str(district)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    path = district / f"records/results/2026/2026-SCJG-01/{target}.yaml"
    result = yamlio.parse(path.read_text(encoding="utf-8"), "r")
    result.update(
        inspection_date="2026-04-10",
        officers=officers,
        methods=["书面检查"],
        items=[{"item": e["item"], "codes": ["未发现问题"]} for e in result["items"]],
        published="2026-04-20",
    )
    path.write_text(yamlio.dump(result), encoding="utf-8")
    git(district, "add", "records")
    git(district, "commit", "-qm", "A result inspected on 2026-04-10")
    # the clock set back to 2026-03-20, before that result: an error on that day only
    later = commit(district, "2026-SCJG-02")
    assert later.returncode == 0, later.stderr
    assert "已提交抽取承诺 2026-SCJG-02" in later.stdout
