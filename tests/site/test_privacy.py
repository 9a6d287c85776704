"""No non-public value may reach the website: every output file is scanned for every value
of every field the schemas mark `"x-public": false`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from spotcheck.records import load
from spotcheck.schemas import SchemaSet
from spotcheck.site.public import public_records, strip
from tests.privacy import leaks, non_public_values

# values this short (a gender: 男/女) occur in any Chinese text; they are checked where the
# record is shown instead (the inspector rows), see test_site_build
SHORT = 4


def private_values(root: Path) -> set[str]:
    """Every non-public value in the records that is not also a public value somewhere."""
    return non_public_values(load(root, use_cache=False), SchemaSet(), min_length=SHORT)


def assert_no_private_values(root: Path, site: Path) -> None:
    found = leaks(site, private_values(root))
    assert not found, "non-public values on the site:\n" + "\n".join(found[:20])


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
    # each copy is the original but for its data (it is built field by field, for speed)
    assert len(stripped.records) == len(records.records)
    for original, copied in zip(records.records, stripped.records, strict=True):
        assert copied == replace(original, data=copied.data)


def test_strip_walks_lists() -> None:
    data = {"a": [{"b": 1, "c": 2}, {"b": 3}], "d": {"e": 4}}
    assert strip(data, [("a", "b"), ("d",)]) == {"a": [{"c": 2}, {}]}
