"""GSXT and open-data exports: the right rows, UTF-8 with BOM, and never a non-public value."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.exports.gsxt import COLUMNS, write_gsxt
from generator.exports.opendata import write_opendata
from generator.records import RecordSet, load
from generator.results.credit import credit_records
from generator.schemas import SchemaSet
from tests.results.fixture_repo import TASK, fresh_repo, good_result, selected, write_result

REPO = Path(__file__).resolve().parents[2]


def _values_at(node: Any, path: tuple[str, ...]) -> Iterator[Any]:
    if isinstance(node, list):
        for element in node:
            yield from _values_at(element, path)
    elif isinstance(node, dict) and path and path[0] in node:
        if len(path) == 1:
            yield node[path[0]]
        else:
            yield from _values_at(node[path[0]], path[1:])


def _leaves(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    elif value is not None:
        yield str(value)


def secrets(records: RecordSet, schemas: SchemaSet) -> set[str]:
    """Every non-public value, less those that are also public elsewhere (e.g. a conflict's
    target code is public as a target) and less one-character values (性别 男/女)."""
    hidden: set[str] = set()
    for record in records.records:
        for path in schemas.non_public_paths(record.kind):
            for value in _values_at(record.data, path):
                hidden.update(_leaves(value))
    shown: set[str] = set()
    for record in records.records:
        stripped = json.loads(json.dumps(record.data, ensure_ascii=False))
        for path in schemas.non_public_paths(record.kind):
            _drop(stripped, path)
        shown.update(_leaves(stripped))
    return {v for v in hidden - shown if len(v) >= 2}


def _drop(node: Any, path: tuple[str, ...]) -> None:
    if isinstance(node, list):
        for element in node:
            _drop(element, path)
    elif isinstance(node, dict) and path:
        if len(path) == 1:
            node.pop(path[0], None)
        elif path[0] in node:
            _drop(node[path[0]], path[1:])


def assert_no_secret(out: Path, records: RecordSet, schemas: SchemaSet) -> None:
    hidden = secrets(records, schemas)
    assert hidden, "测试数据中应有不公开的值"
    for path in sorted(out.rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8-sig")
            leaked = [v for v in hidden if v in text]
            assert not leaked, f"{path.name} 含有不公开的值：{leaked[:5]}"
            for field in ("id_number", "gender", "conflicts", "contact", "phone"):
                assert f'"{field}"' not in text and not text.startswith(f"{field},"), (
                    path.name,
                    field,
                )


@pytest.fixture
def published_repo(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    root, draws = fresh_repo(tmp_path)
    chosen = selected(draws[TASK])
    data = good_result(draws[TASK], chosen[0], published="2026-11-25")
    data["items"][1]["codes"] = ["发现问题已责令改正", "公示信息隐瞒真实情况、弄虚作假"]
    data["follow_up"] = [{"action": "责令改正", "due": "2026-12-20"}]
    write_result(root, data)
    write_result(root, good_result(draws[TASK], chosen[1]))  # not published: not exported
    return root, draws


def test_gsxt_rows_and_bom(published_repo: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    root, draws = published_repo
    json_path, csv_path = write_gsxt(load(root, use_cache=False), tmp_path / "gsxt")
    rows = json.loads(json_path.read_text(encoding="utf-8"))
    assert len(rows) == 2  # one published result × two items
    first = rows[0]
    assert list(first) == list(COLUMNS)
    assert first["抽查计划编号"] == "2026-SCJG" and first["抽查任务编号"] == TASK
    assert first["抽查类型"] == "不定向" and first["抽查机关"] == "广州市花都区市场监督管理局"
    assert first["抽查完成日期"] == "2026-11-20" and first["检查事项"] == "企业公示信息的检查"
    assert rows[1]["检查结果"] == "发现问题已责令改正；公示信息隐瞒真实情况、弄虚作假"
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert parsed == rows
    assert {r["统一社会信用代码"] for r in rows} == {selected(draws[TASK])[0]}


def test_opendata_fixture_has_no_secret(
    published_repo: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    root, _ = published_repo
    records, schemas = load(root, use_cache=False), SchemaSet()
    out = tmp_path / "open"
    written = write_opendata(records, schemas, out)
    names = {p.name for p in written}
    assert {"target.csv", "target.json", "result.json", "task.csv", "data-dictionary.csv"} <= names
    assert "secret1@example.com" in {v for t in records.of("target") for v in _leaves(t.data)}
    assert_no_secret(out, records, schemas)
    results = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert len(results) == 2
    dictionary = json.loads((out / "data-dictionary.json").read_text(encoding="utf-8"))
    fields = {(e["kind"], e["field"]) for e in dictionary}
    assert ("result", "items[].codes") in fields and ("target", "name") in fields
    assert not {
        f
        for f in fields
        if f[0] == "inspector"
        and f[1].split(".")[0].split("[")[0] in ("gender", "id_number", "phone", "conflicts")
    }
    assert ("target", "contact") not in fields and ("target", "contact.phone") not in fields
    titles = {(e["kind"], e["field"]): e["title"] for e in dictionary}
    assert titles[("result", "published")] == "公示日期"


@pytest.mark.skipif(not (REPO / "records" / "targets").is_dir(), reason="还没有示例记录")
def test_opendata_and_gsxt_of_the_example_district_have_no_secret(tmp_path: Path) -> None:
    records, schemas = load(REPO, use_cache=False), SchemaSet()
    write_opendata(records, schemas, tmp_path / "open")
    write_gsxt(records, tmp_path / "gsxt")
    assert_no_secret(tmp_path, records, schemas)


def test_credit_record(published_repo: tuple[Path, dict[str, Any]]) -> None:
    root, draws = published_repo
    chosen = selected(draws[TASK])
    credit = credit_records(load(root, use_cache=False))
    assert list(credit) == [chosen[0]]  # only published results
    entry = credit[chosen[0]][0]
    assert entry["task"] == TASK and entry["published"] == "2026-11-25"
    assert entry["departments"] == ["广州市花都区市场监督管理局"]
    assert entry["items"][1]["codes"] == ["发现问题已责令改正", "公示信息隐瞒真实情况、弄虚作假"]
    assert entry["problems_found"] is True
