"""A broken record of every kind, in a copy of the shipped example, is rejected with file,
line and the Chinese title of what is missing."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from spotcheck import yamlio
from spotcheck.layout import FILE_RULES, rule_for
from spotcheck.validation import validate

ROOT = Path(__file__).resolve().parent.parent


def _first_file(kind: str) -> Path | None:
    for path in sorted((ROOT / "records").rglob("*")):
        rule = rule_for(path.relative_to(ROOT / "records").as_posix())
        if rule is not None and rule.kind == kind:
            return path
    return None


def test_every_kind_rejects_a_missing_required_field(tmp_path: Path) -> None:
    copy = tmp_path / "district"
    shutil.copytree(ROOT / "records", copy / "records")
    expected: dict[str, tuple[str, str, int]] = {}
    kinds = list(dict.fromkeys(rule.kind for rule in FILE_RULES))  # results have two rules
    for kind in kinds:
        source = _first_file(kind)
        if source is None:
            continue  # a kind with no example record (reveal) is covered by the draw tests
        rule = rule_for(source.relative_to(ROOT / "records").as_posix())
        assert rule is not None
        schema = json.loads((ROOT / "schemas" / f"{rule.kind}.schema.json").read_text("utf-8"))
        relative = source.relative_to(ROOT).as_posix()
        target = copy / relative
        text = target.read_text(encoding="utf-8")
        if rule.markdown:
            header, body, _ = yamlio.split_front_matter(text, relative)
            data = yamlio.parse(header, relative)
        else:
            data = yamlio.parse(text, relative)
        record = data[0] if rule.is_list else data
        field = next(name for name in schema["required"] if name != rule.id_field)
        del record[field]
        dumped = yamlio.dump(data)
        target.write_text(
            f"---\n{dumped}---\n{body}" if rule.markdown else dumped, encoding="utf-8"
        )
        line = 2 if rule.markdown else 1
        expected[rule.kind] = (relative, schema["properties"][field]["title"], line)
    messages = validate(copy, today=dt.date(2026, 11, 28), use_cache=False).messages
    for kind, (relative, title, line) in expected.items():
        found = [m for m in messages if m.path == relative and m.code == "schema-required"]
        assert found, f"{kind}: no message for {relative}"
        assert title in found[0].message, (kind, found[0].text())
        assert found[0].line == line, (kind, found[0].text())
    assert len(expected) >= len(kinds) - 1
