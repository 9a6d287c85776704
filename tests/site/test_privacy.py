"""No non-public value may reach the website: every output file is scanned for every value
of every field the schemas mark `"x-public": false`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.records import load
from generator.schemas import SchemaSet
from generator.site.public import public_records, strip

# values this short (a gender: 男/女) occur in any Chinese text; they are checked where the
# record is shown instead (the inspector rows), see test_site_build
SHORT = 4


def _values(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _values(value)
    elif isinstance(node, list):
        for value in node:
            yield from _values(value)
    elif node is not None and not isinstance(node, bool):
        yield str(node)


def _at(node: Any, path: tuple[str, ...]) -> Iterator[Any]:
    if isinstance(node, list):
        for element in node:
            yield from _at(element, path)
        return
    if not path:
        yield node
        return
    if isinstance(node, dict) and path[0] in node:
        yield from _at(node[path[0]], path[1:])


def private_values(root: Path) -> set[str]:
    """Every non-public value in the records that is not also a public value somewhere."""
    schemas = SchemaSet()
    records = load(root, use_cache=False)
    secret: set[str] = set()
    public: set[str] = set()
    for record in records.records:
        paths = schemas.non_public_paths(record.kind)
        for path in paths:
            for node in _at(record.data, path):
                secret.update(_values(node))
        public.update(_values(strip(record.data, paths)))
    # e.g. a conflict's target is a credit code, public on its own
    return {v for v in secret - public if len(v) >= SHORT}


def assert_no_private_values(root: Path, site: Path) -> None:
    secrets = private_values(root)
    assert secrets, "the records hold no non-public values: the scan would prove nothing"
    pattern = re.compile("|".join(re.escape(s) for s in sorted(secrets, key=len, reverse=True)))
    leaks = []
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="ignore")
            found = pattern.search(text)
            if found:
                leaks.append(f"{path.relative_to(site)}: {found.group(0)}")
    assert not leaks, "non-public values on the site:\n" + "\n".join(leaks[:20])


def test_no_private_value_in_any_output_file(fixture_root: Path, built_site: Path) -> None:
    secrets = private_values(fixture_root)
    # the fixture's distinctive secrets are all in the scan
    for marker in (
        "secret-mail-001@private.invalid",
        "13900000001",
        "13700000001",
        "私密回避原因1号配偶任职",
    ):
        assert marker in secrets
    assert_no_private_values(fixture_root, built_site)


def test_public_records_strip_every_non_public_field(fixture_root: Path) -> None:
    schemas = SchemaSet()
    records = load(fixture_root, use_cache=False)
    stripped = public_records(records, schemas)
    for record in stripped.of("inspector"):
        assert not {"gender", "id_number", "phone", "conflicts"} & set(record.data)
    for record in stripped.of("target"):
        assert "contact" not in record.data
    # the originals are untouched (the strip works on copies)
    assert any("contact" in t.data for t in records.of("target"))
    assert not stripped.files


def test_strip_walks_lists() -> None:
    data = {"a": [{"b": 1, "c": 2}, {"b": 3}], "d": {"e": 4}}
    assert strip(data, [("a", "b"), ("d",)]) == {"a": [{"c": 2}, {}]}
