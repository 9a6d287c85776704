"""The seed-source table of the model against the schemas, which define the allowed kinds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spotcheck.model import SEED_SOURCE_NAMES, SEED_SOURCES

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


@pytest.mark.parametrize("kind", ["commitment", "draw"])
def test_the_table_names_exactly_the_kinds_the_schema_allows(kind: str) -> None:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    seed_source = schema["properties"]["seed_source"]
    assert list(SEED_SOURCES) == seed_source["properties"]["kind"]["enum"]
    for source in SEED_SOURCES.values():
        assert set(source.required) <= set(seed_source["properties"])


def test_every_kind_has_a_chinese_name() -> None:
    assert {kind: source.name for kind, source in SEED_SOURCES.items()} == SEED_SOURCE_NAMES
    assert all(name and not name.isascii() for name in SEED_SOURCE_NAMES.values())
