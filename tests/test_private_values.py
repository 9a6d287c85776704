"""No non-public value (`"x-public": false` in the schemas) in any message: a bad value for EVERY
such field, discovered from the schemas, and every output of `validate` (text, json, github,
gitlab) and of the importers scanned for it. A pull request's annotations are public."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from spotcheck import idcard, yamlio
from spotcheck.cli import main
from spotcheck.importing import COLUMNS
from spotcheck.schemas import SchemaSet
from tests.fixtures import make_district

FILES = {
    "target": "records/targets/440114001/001.yaml",
    "inspector": "records/inspectors/SCJG.yaml",
}
FORMATS = ("text", "json", "github", "gitlab")


def private_leaves(schemas: SchemaSet, kind: str) -> Iterator[tuple[str | int, ...]]:
    """Every scalar field at or under an `"x-public": false` path (list items as index 0)."""

    def leaves(path: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
        schema = schemas.field_schema(kind, path) or {}
        if schema.get("type") == "object":
            for name in schema.get("properties") or {}:
                yield from leaves((*path, name))
        elif schema.get("type") == "array":
            yield from leaves((*path, 0))
        else:
            yield path

    for path in schemas.non_public_paths(kind):
        yield from leaves(path)


def put(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node: Any = data
    for step, following in itertools.pairwise(path):
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(step, int):
            while len(node) <= step:
                node.append(empty)
            node = node[step]
        else:
            node = node.setdefault(step, empty)
            if isinstance(following, int) and not node:
                node.append({})
    node[path[-1]] = value


def test_every_non_public_field_is_found() -> None:
    found = {kind: set(private_leaves(SchemaSet(), kind)) for kind in FILES}
    assert found == {
        "target": {("contact", "phone"), ("contact", "email")},
        "inspector": {
            ("gender",),
            ("id_number",),
            ("phone",),
            ("conflicts", 0, "target"),
            ("conflicts", 0, "reason"),
        },
    }
    assert all(not SchemaSet().non_public_paths(k) for k in SchemaSet().kinds() if k not in FILES)


def bad_values(round_: str) -> Iterator[tuple[str, tuple[str | int, ...], Any, str]]:
    """(kind, path, bad value, the text that must never be shown)."""
    schemas = SchemaSet()
    for kind in FILES:
        for number, path in enumerate(private_leaves(schemas, kind)):
            if round_ == "shape":  # wrong type or pattern: the schema explains it
                if path[-1] == "reason":
                    yield kind, path, 4242424242 + number, str(4242424242 + number)
                else:
                    marker = f"机密值{number}{kind}"
                    yield kind, path, marker, marker
            elif path == ("id_number",):  # right shape, wrong meaning: the checks explain it
                body = "44011419800101123"
                wrong = body + ("0" if idcard.check_character(body) != "0" else "1")
                yield kind, path, wrong, wrong
            elif path == ("conflicts", 0, "target"):
                yield kind, path, "91440114MA00000000", "91440114MA00000000"
            elif path[-1] == "phone":
                yield kind, path, "020-8888777766", "8888777766"


@pytest.mark.parametrize("round_", ["shape", "meaning"])
def test_validate_never_shows_a_non_public_value(
    round_: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_district(tmp_path / "d", commit=False)
    secrets = []
    changes: dict[str, list[Any]] = {}
    for kind, path, value, secret in bad_values(round_):
        relative = FILES[kind]
        data = changes.setdefault(
            relative, yamlio.parse((root / relative).read_text(encoding="utf-8"), relative)
        )
        put(data[0], path, value)
        secrets.append(secret)
    for relative, data in changes.items():
        (root / relative).write_text(yamlio.dump(data), encoding="utf-8")
    for format_ in FORMATS:
        capsys.readouterr()
        code = main(["validate", "--repo", str(root), "--format", format_, "--no-cache"])
        output = "".join(capsys.readouterr())
        assert code == 1, output
        assert "不公开" in output  # the field is named, its value masked
        leaked = [secret for secret in secrets if secret in output]
        assert not leaked, f"{format_}: {leaked}\n{output}"


def test_the_target_import_never_shows_a_non_public_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_district(tmp_path / "d", commit=False)
    first = yamlio.parse((root / FILES["target"]).read_text(encoding="utf-8"), "t")[0]
    row = {header: first.get(field, "") for header, field in COLUMNS.items()}
    row["联系电话"] = "机密电话ABC"
    sheet = tmp_path / "名录.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerow({k: v for k, v in row.items() if k in COLUMNS})
    before = (root / FILES["target"]).read_bytes()
    assert main(["import", "targets", str(sheet), "--repo", str(root)]) == 1
    output = "".join(capsys.readouterr())
    assert "联系电话" in output and "机密电话ABC" not in output, output
    assert (root / FILES["target"]).read_bytes() == before  # nothing written
