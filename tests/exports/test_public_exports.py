"""GSXT and open-data exports: the right rows, UTF-8 with BOM, and never a non-public value."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from spotcheck.exports.gsxt import COLUMNS, GSXT_FIELDS, write_gsxt
from spotcheck.exports.opendata import write_opendata
from spotcheck.records import RecordSet, load
from spotcheck.results.credit import credit_records
from spotcheck.schemas import SchemaSet
from tests.privacy import leaks, leaves, non_public_values
from tests.results.fixture_repo import TASK, fresh_repo, good_result, selected, write_result

REPO = Path(__file__).resolve().parents[2]


def assert_no_secret(out: Path, records: RecordSet, schemas: SchemaSet) -> None:
    found = leaks(out, non_public_values(records, schemas, min_length=2))
    assert not found, "导出文件含有不公开的值：\n" + "\n".join(found[:10])
    for path in sorted(out.rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8-sig")
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


def test_gsxt_of_the_directory_cut_down_to_names_equals_gsxt_of_every_field(
    published_repo: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """`spotcheck export gsxt` loads targets on GSXT_FIELDS: the same files, byte for byte."""
    root, _ = published_repo
    full = write_gsxt(load(root), tmp_path / "full")
    slim = write_gsxt(load(root, fields=GSXT_FIELDS), tmp_path / "slim")
    assert [p.read_bytes() for p in full] == [p.read_bytes() for p in slim]
    assert all(row["企业名称"] for row in json.loads(slim[0].read_text(encoding="utf-8")))


def test_opendata_fixture_has_no_secret(
    published_repo: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    root, _ = published_repo
    records, schemas = load(root, use_cache=False), SchemaSet()
    out = tmp_path / "open"
    written = write_opendata(records, schemas, out)
    names = {p.name for p in written}
    assert {"target.csv", "target.json", "result.json", "task.csv", "data-dictionary.csv"} <= names
    assert "secret1@example.com" in {v for t in records.of("target") for v in leaves(t.data)}
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
