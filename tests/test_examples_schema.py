"""The shipped example records parse as YAML 1.2 and match their schemas; schemas follow the
project conventions (Chinese title and description on every property, non-public markers)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import referencing
import yaml_rs
from jsonschema import Draft202012Validator

from spotcheck.layout import rule_for

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
RECORDS = ROOT / "records"
MODELINE = "# yaml-language-server: $schema="


def _load_schemas() -> dict[str, dict[str, Any]]:
    return {
        path.relative_to(SCHEMAS).as_posix(): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(SCHEMAS.rglob("*.schema.json"))
    }


SCHEMA_DOCS = _load_schemas()
# Schemas have no absolute $id: each is known by its file's URI, like check-jsonschema does.
REGISTRY = referencing.Registry().with_resources(
    ((SCHEMAS / name).as_uri(), referencing.Resource.from_contents(doc))
    for name, doc in SCHEMA_DOCS.items()
)


def _validator(kind: str) -> Draft202012Validator:
    name = f"{kind}.schema.json"
    return Draft202012Validator(
        {"$id": (SCHEMAS / name).as_uri(), **SCHEMA_DOCS[name]}, registry=REGISTRY
    )


def _record_files() -> list[Path]:
    return sorted(
        p
        for p in RECORDS.rglob("*")
        if p.is_file() and p.suffix in (".yaml", ".yml", ".md") and p.name != "README.md"
    )


def _front_matter(text: str) -> str:
    assert text.startswith("---\n"), "Markdown 记录应以 --- 开头"
    return text[4 : text.index("\n---\n", 4) + 1]


@pytest.mark.parametrize("name", sorted(SCHEMA_DOCS))
def test_schema_is_valid_2020_12(name: str) -> None:
    doc = SCHEMA_DOCS[name]
    Draft202012Validator.check_schema(doc)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    # no absolute $id: relative $refs resolve from wherever the files are (checkout, wheel,
    # the published site), so standard tools work offline (tests/test_standard_tools.py)
    assert "$id" not in doc


def _walk_properties(node: Any, path: str, missing: list[str]) -> None:
    if isinstance(node, dict):
        for key, sub in (node.get("properties") or {}).items():
            for attr in ("title", "description"):
                if not sub.get(attr) or not any("\u4e00" <= c <= "\u9fff" for c in sub[attr]):
                    missing.append(f"{path}.{key}: {attr}")
        for key, sub in node.items():
            _walk_properties(sub, f"{path}.{key}", missing)
    elif isinstance(node, list):
        for index, sub in enumerate(node):
            _walk_properties(sub, f"{path}[{index}]", missing)


@pytest.mark.parametrize("name", sorted(SCHEMA_DOCS))
def test_every_property_has_chinese_title_and_description(name: str) -> None:
    missing: list[str] = []
    _walk_properties(SCHEMA_DOCS[name], name, missing)
    assert not missing


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("target", ("contact",)),
        ("inspector", ("gender",)),
        ("inspector", ("id_number",)),
        ("inspector", ("phone",)),
        ("inspector", ("conflicts",)),
    ],
)
def test_non_public_fields_are_marked(kind: str, path: tuple[str, ...]) -> None:
    node = SCHEMA_DOCS[f"{kind}.schema.json"]
    for key in path:
        node = node["properties"][key]
    assert node["x-public"] is False


def test_public_fields_are_not_marked() -> None:
    target = SCHEMA_DOCS["target.schema.json"]["properties"]
    assert all("x-public" not in target[key] for key in ("uscc", "name", "address"))


def test_example_has_every_kind() -> None:
    kinds = {rule.kind for p in _record_files() if (rule := rule_for(_rel(p)))}
    assert {
        "config",
        "department",
        "item",
        "target",
        "inspector",
        "rules",
        "plan",
        "calendar",
    } <= kinds


def _rel(path: Path) -> str:
    return path.relative_to(RECORDS).as_posix()


@pytest.mark.parametrize("path", _record_files(), ids=_rel)
def test_example_record_file_matches_schema(path: Path) -> None:
    rule = rule_for(_rel(path))
    assert rule is not None, f"{_rel(path)} 不在目录约定中"
    text = path.read_text(encoding="utf-8")
    header = _front_matter(text) if rule.markdown else text
    first_line = header.splitlines()[0]
    assert first_line.startswith(MODELINE)
    schema_path = (path.parent / first_line.removeprefix(MODELINE)).resolve()
    assert schema_path.is_file(), f"modeline points to a missing schema: {first_line}"
    data = yaml_rs.loads(header, parse_datetime=False)
    records = data if rule.is_list else [data]
    assert isinstance(records, list) and records
    validator = _validator(rule.kind)
    for record in records:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(record)]
        assert not errors, f"{_rel(path)} {record.get(rule.id_field)}: {errors[:5]}"


def test_result_schema_accepts_a_typical_result_and_rejects_mixed_codes() -> None:
    result = {
        "task": "2026-SCJG-02",
        "target": "9144030071526726XG",
        "inspection_date": "2026-06-12",
        "officers": ["SCJG-P003", "SPYP-P002"],
        "substitutions": [{"original": "SCJG-P001", "replacement": "SCJG-P003", "reason": "病假"}],
        "methods": ["实地检查"],
        "items": [
            {"item": "SCJG-004", "codes": ["未发现问题"], "findings": ""},
            {"item": "SPYP-003", "codes": ["发现问题已责令改正"], "findings": "餐具消毒记录缺失"},
        ],
        "follow_up": [{"action": "责令改正", "due": "2026-06-30", "note": "限期整改"}],
        "published": "2026-06-20",
        "corrections": [],
    }
    validator = _validator("result")
    assert not list(validator.iter_errors(result))
    result["items"][0]["codes"] = ["未发现问题", "发现问题已责令改正"]
    assert list(validator.iter_errors(result))


def test_plan_task_needs_exactly_one_sampling_rule() -> None:
    validator = _validator("plan")
    task = {
        "id": "2026-SCJG-09",
        "name": "测试",
        "type": "定向",
        "items": ["SCJG-001"],
        "window": {"start": "2026-03-01", "end": "2026-03-31"},
        "lead_department": "SCJG",
    }
    plan = {
        "id": "2026-SCJG",
        "year": 2026,
        "department": "SCJG",
        "title": "计划",
        "published": "2026-01-10",
        "tasks": [task],
    }
    assert list(validator.iter_errors(plan))  # no ratio, count or strata
    task["ratio"] = 0.05
    assert not list(validator.iter_errors(plan))
    task["count"] = 10
    assert list(validator.iter_errors(plan))  # both
    del task["count"]
    task["officers_per_target"] = 1
    assert list(validator.iter_errors(plan))
