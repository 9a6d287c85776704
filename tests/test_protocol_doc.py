"""docs/protocol.md: its Python recomputes every published example draw, its reference
assignment agrees with the package's on random tasks, and every citation of it (and of
docs/domain.md) in the code leads to a real section."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spotcheck.draw.assignment import (
    AssignmentImpossible,
    AssignmentRules,
    Candidate,
    TargetSlotRequest,
    assign,
)

ROOT = Path(__file__).resolve().parents[1]
PROTOCOL = ROOT / "docs" / "protocol.md"
SNIPPET = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)
HEADING = re.compile(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", re.M)


def _snippets() -> list[str]:
    return SNIPPET.findall(PROTOCOL.read_text(encoding="utf-8"))


def _run(snippets: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.chdir(ROOT)  # the snippets read the example records through git
    namespace: dict[str, Any] = {"__name__": "protocol_doc"}
    for code in snippets:
        exec(compile(code, str(PROTOCOL), "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    """The document's definitions, without the final block that recomputes every draw."""
    patch = pytest.MonkeyPatch()
    try:
        return _run(_snippets()[:-1], patch)
    finally:
        patch.undo()


@pytest.mark.slow
def test_the_document_recomputes_every_published_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    namespace = _run(_snippets(), monkeypatch)
    published = list((ROOT / "records" / "draws").glob("*/*/draw*.yaml"))
    assert len(published) >= 17
    assert namespace["checked"] == len(published)


def test_the_reference_notices_a_wrong_seed_and_a_changed_pool(reference: dict[str, Any]) -> None:
    at = "dbf54e8786374a971cfbd98893c8208419911f4e"  # 2026-GAFJ-02's commitment commit
    draw = reference["read_yaml"]("HEAD", "records/draws/2026/2026-GAFJ-02/draw.yaml")
    commitment = reference["read_yaml"]("HEAD", "records/draws/2026/2026-GAFJ-02/commitment.yaml")
    task = reference["tasks_at"](at)["2026-GAFJ-02"]
    strata, _ = reference["population"](at, task, commitment["committed_at"])
    assert reference["sample"](strata, task, draw["seed"]) == draw["strata"]
    assert reference["sample"](strata, task, draw["seed"] + "0") != draw["strata"]
    people = reference["pool"](at, ["GAFJ"])
    assert reference["pool_digest"](people) == commitment["inspectors"]["pool_digest"]
    inactive = next(p for p in people if p.get("active") is False)
    changed = [{**p, "active": True} if p is inactive else p for p in people]
    assert reference["pool_digest"](changed) != commitment["inspectors"]["pool_digest"]


# --- the reference assignment against the package's, on random small tasks ---------------

OFFICES = ("X", "Y", None)


@st.composite
def assignment_cases(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]], ...]:
    departments = draw(st.sampled_from([["A"], ["A", "B"], ["B", "A"]]))
    targets = [f"T{n}" for n in range(draw(st.integers(1, 6)))]
    # Mostly qualified officers, so that most tasks can be staffed; the rest exercise the rules.
    valid = st.sampled_from(["2025-01-01"] * 8 + ["2026-05-01", None])
    until = st.sampled_from(["2030-01-01"] * 9 + ["2026-05-01"])
    people = []
    for department in ("A", "B"):
        for _ in range(draw(st.integers(1, 8))):
            people.append(
                {
                    "id": f"P{len(people)}",
                    "department": department,
                    "office": draw(st.sampled_from(OFFICES)),
                    "active": draw(st.sampled_from([True, True, True, None, False])),
                    "certificate": {"valid_from": draw(valid), "valid_until": draw(until)},
                    "expert": draw(st.integers(0, 9)) == 0,
                    "conflicts": [{"target": t} for t in targets if draw(st.integers(0, 9)) == 0],
                }
            )
    task = {
        "id": "2026-T-01",
        "lead_department": departments[0],
        "cooperating_departments": departments[1:],
        "officers_per_target": draw(st.integers(1, 3)),
        "cross_jurisdiction": draw(st.booleans()),
        "window": {"start": "2026-03-01", "end": "2026-06-30"},
    }
    office_of = {t: draw(st.sampled_from(OFFICES)) for t in targets}
    previous = {t: {p["id"] for p in people if draw(st.integers(0, 3)) == 0} for t in targets}
    seed = draw(st.text("0123456789", min_size=1, max_size=6))
    return task, people, office_of, previous, targets, seed


def _package_assign(
    task: dict[str, Any],
    people: list[dict[str, Any]],
    office_of: dict[str, str | None],
    previous: dict[str, set[str]],
    targets: list[str],
    seed: str,
) -> list[list[dict[str, str]]]:
    candidates = [
        Candidate(
            id=p["id"],
            department=p["department"],
            office=p["office"],
            active=p["active"] is not False,
            valid_from=p["certificate"]["valid_from"],
            valid_until=p["certificate"]["valid_until"],
            expert=bool(p["expert"]),
            conflicts=frozenset(c["target"] for c in p["conflicts"]),
        )
        for p in people
    ]
    rules = AssignmentRules(
        departments=[task["lead_department"], *task["cooperating_departments"]],
        window_start=task["window"]["start"],
        window_end=task["window"]["end"],
        officers_per_target=task["officers_per_target"],
        cross_jurisdiction=task["cross_jurisdiction"],
        previous={t: frozenset(ids) for t, ids in previous.items()},
    )
    requests = [TargetSlotRequest(t, office_of[t]) for t in targets]
    return [
        [
            {
                "inspector": o.inspector_id,
                "department": o.department,
                "role": o.role,
                "ticket": o.ticket,
            }
            for o in a.officers
        ]
        for a in assign(requests, candidates, rules, seed)
    ]


@settings(max_examples=300, deadline=None)
@given(case=assignment_cases())
def test_the_reference_assignment_is_the_packages(
    reference: dict[str, Any], case: tuple[Any, ...]
) -> None:
    task, people, office_of, previous, targets, seed = case
    pool = sorted(people, key=lambda p: p["id"])
    try:
        expected = _package_assign(task, pool, office_of, previous, targets, seed)
    except AssignmentImpossible:
        with pytest.raises(RuntimeError, match="the draw fails"):
            reference["assign"](task, pool, office_of, previous, targets, seed)
        return
    assert reference["assign"](task, pool, office_of, previous, targets, seed) == expected


# --- citations -----------------------------------------------------------------------------

CITATION = re.compile(r"docs/protocol\.md §(\d+(?:\.\d+)?)")


def _sections() -> set[str]:
    return set(HEADING.findall(PROTOCOL.read_text(encoding="utf-8")))


def _sources() -> list[Path]:
    folders = ("generator", "tests", "benchmarks", "schemas")
    found = [p for f in folders for p in (ROOT / f).rglob("*") if p.suffix in (".py", ".json")]
    return [p for p in found if p != Path(__file__).resolve()]


def test_sections_are_numbered_in_order() -> None:
    numbers = HEADING.findall(PROTOCOL.read_text(encoding="utf-8"))
    top = [int(n) for n in numbers if "." not in n]
    assert top == list(range(len(top))) and len(top) >= 8


def test_every_citation_of_the_protocol_leads_to_a_section() -> None:
    sections = _sections()
    cited = 0
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        # the old names of the document lead nowhere
        assert "draw-protocol" not in text and "draw protocol section" not in text, path
        assert "(draw protocol," not in text, path
        for number in CITATION.findall(text):
            assert number in sections, f"{path}: docs/protocol.md §{number}"
            cited += 1
    assert cited >= 5


def test_every_citation_of_the_domain_document_leads_to_it() -> None:
    assert (ROOT / "docs" / "domain.md").is_file()
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"(\S*)domain\.md", text):
            assert match.group(1).endswith("docs/"), f"{path}: {match.group(0)}"
