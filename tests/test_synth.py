"""The synthetic district generator: deterministic, valid codes, unique ids, resolvable links."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml_rs

from benchmarks.synth import write_district
from spotcheck import yamlio
from spotcheck.industries import is_known
from spotcheck.uscc import is_valid


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text[4 : text.index("\n---\n", 4) + 1]
    return yaml_rs.loads(text, parse_datetime=False)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("synth") / "records"
    return root, write_district(root, "example", seed=7)


def test_deterministic(example: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    root, counts = example
    again = tmp_path / "records"
    assert write_district(again, "example", seed=7) == counts
    assert _tree(again) == _tree(root)
    other = tmp_path / "other" / "records"
    write_district(other, "example", seed=8)
    assert _tree(other) != _tree(root)


def test_regenerates_the_shipped_example_byte_for_byte(tmp_path: Path) -> None:
    # records/ (but for draws/ and results/, made with the real commands) is this output.
    shipped = Path(__file__).resolve().parents[1] / "records"
    write_district(tmp_path / "records", "example")
    written = _tree(tmp_path / "records")
    assert len(written) == 43
    assert written == {path: (shipped / path).read_bytes() for path in written}


def test_counts(example: tuple[Path, dict[str, int]]) -> None:
    _root, counts = example
    assert counts["targets"] == 2000
    assert 55 <= counts["inspectors"] <= 65
    assert counts["departments"] == 7
    assert counts["files"] == sum(1 for p in example[0].rglob("*") if p.is_file())


def _collect(root: Path) -> dict[str, list[dict[str, Any]]]:
    kinds: dict[str, list[dict[str, Any]]] = {}
    for folder in ("departments", "items", "targets", "inspectors", "plans", "rules"):
        for path in sorted((root / folder).rglob("*.*")):
            data = _load(path)
            kinds.setdefault(folder, []).extend(data if isinstance(data, list) else [data])
    kinds["config"] = [_load(root / "config.yaml")]
    return kinds


def test_codes_ids_and_references(example: tuple[Path, dict[str, int]]) -> None:
    kinds = _collect(example[0])
    config = kinds["config"][0]
    targets, inspectors = kinds["targets"], kinds["inspectors"]
    items = {i["id"]: i for i in kinds["items"]}
    depts = {d["id"] for d in kinds["departments"]}
    offices = {o["id"] for o in config["offices"]}
    regions = {r["code"] for r in config["regions"]}

    usccs = [t["uscc"] for t in targets]
    assert len(set(usccs)) == len(usccs)
    assert all(is_valid(code) and code[2:8] == "440114" for code in usccs)
    assert len({t["name"] for t in targets}) == len(targets)
    assert len(items) == len(kinds["items"])
    assert len({p["id"] for p in inspectors}) == len(inspectors)

    for target in targets:
        assert target["region"] in regions and target["office"] in offices
        assert is_known(target["industry"]), target["industry"]
        assert target["uscc"][1] == {"个体工商户": "2", "农民专业合作社": "3"}.get(
            target["entity_type"], "1"
        )
        events = [e["event"] for e in target["status_history"]]
        assert events[0] == "设立"
        assert target["status"] == ("存续" if events[-1] in ("设立", "迁入") else events[-1])
    live = {t["uscc"] for t in targets}
    for person in inspectors:
        assert person["department"] in depts and person["office"] in offices
        assert all(c["target"] in live for c in person["conflicts"])
    for item in items.values():
        assert item["department"] in depts and item["legal_review"]["reviewer"] in depts
    for office in config["offices"]:
        assert office["department"] in depts and set(office["regions"]) <= regions
    assert config["legal_office"] in depts
    for plan in kinds["plans"]:
        assert plan["department"] in depts
        for task in plan["tasks"]:
            assert task["id"].startswith(plan["id"] + "-")
            assert all(i in items and items[i]["active"] for i in task["items"])
            assert {task["lead_department"], *task["cooperating_departments"]} <= depts
            for prefix in task["scope"].get("industries", []):
                assert is_known(prefix), prefix
    for rules in kinds["rules"]:
        assert rules["department"] in depts


def test_example_mix_is_realistic(example: tuple[Path, dict[str, int]]) -> None:
    kinds = _collect(example[0])
    targets = kinds["targets"]
    credit = Counter(t["credit_class"] for t in targets)
    assert 0.33 < credit["A"] / len(targets) < 0.47
    assert 0.38 < credit["B"] / len(targets) < 0.52
    abnormal = sum(any(x["list"] == "经营异常名录" for x in t["lists"]) for t in targets)
    assert 0.02 < abnormal / len(targets) < 0.06
    assert Counter(t["status"] for t in targets)["存续"] / len(targets) > 0.85
    joint = [t for p in kinds["plans"] for t in p["tasks"] if t["cooperating_departments"]]
    assert len(joint) >= 2
    scjg = next(p for p in kinds["plans"] if p["department"] == "SCJG")
    assert scjg["adjustments"] and scjg["adjustments"][0]["version"] == 2


def test_every_yaml_file_starts_with_modeline(example: tuple[Path, dict[str, int]]) -> None:
    for path in example[0].rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path


@pytest.mark.parametrize(
    "value",
    [
        {"a": "no", "b": "012", "c": "2026-01-01", "d": "a: b # c", "e": 'q"uote\n'},
        [{"x": [], "y": {}, "z": [1, 2.5, True, None]}, [["nested"]], "", 0],
        {"中文": "“双随机、一公开”", "list": [{"k": [{"deep": "v"}]}]},
    ],
)
def test_emitter_round_trips(value: Any) -> None:
    assert yaml_rs.loads(yamlio.dump(value), parse_datetime=False) == value


@pytest.fixture
def small_city(monkeypatch: pytest.MonkeyPatch) -> None:
    """The city preset at 2,200 targets (20 a street) and the district's inspectors."""
    from benchmarks.synth import SIZES

    monkeypatch.setitem(SIZES, "city", {**SIZES["city"], "targets": 2200, "inspector_factor": 1})


@pytest.mark.usefixtures("small_city")
def test_city_is_reproducible_and_valid(tmp_path: Path) -> None:
    import datetime as dt

    from benchmarks.synth import write_activity
    from spotcheck.validation import validate

    trees = []
    for name in ("a", "b"):
        counts = write_district(tmp_path / name / "records", "city", seed=3)
        activity = write_activity(tmp_path / name, seed=3, today=dt.date(2026, 12, 31))
        trees.append(_tree(tmp_path / name / "records"))
    assert trees[0] == trees[1]
    assert counts["targets"] == 2200 and activity["results"] > 0
    config = _load(tmp_path / "a" / "records" / "config.yaml")
    assert len(config["regions"]) == 110
    assert config["limits"]["records_per_file"] == 20000
    targets = [
        t
        for p in sorted((tmp_path / "a" / "records" / "targets").rglob("*.yaml"))
        for t in _load(p)
    ]
    # eleven districts' division codes, each target under its own district's streets
    divisions = Counter(t["uscc"][2:8] for t in targets)
    assert len(divisions) == 11 and min(divisions.values()) == 200
    assert all(t["region"].startswith(t["uscc"][2:8]) for t in targets)
    assert len({t["uscc"] for t in targets}) == len({t["name"] for t in targets}) == 2200
    validation = validate(tmp_path / "a", today=dt.date(2027, 1, 31), use_cache=False)
    assert [m for m in validation.messages if m.level == "error"] == []
