"""The task sheet round trip: export, fill in with openpyxl, import, validate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from spotcheck.cli import main
from spotcheck.exports.tasksheet import LISTS_SHEET, SHEET, write_tasksheet
from spotcheck.records import load
from spotcheck.schemas import SchemaSet
from spotcheck.validation import validate
from tests.results.fixture_repo import TASK, assigned, fresh_repo, selected

TODAY = "2026-11-28"


def export(root: Path, out: Path) -> Path:
    return write_tasksheet(load(root, use_cache=False), SchemaSet(), TASK, out)


def columns(path: Path) -> dict[str, int]:
    sheet = load_workbook(path)[SHEET]
    return {str(c.value): c.column for c in sheet[2] if c.value}


def fill(path: Path, rows: dict[int, dict[str, Any]]) -> None:
    book = load_workbook(path)
    sheet = book[SHEET]
    keys = {str(c.value): c.column for c in sheet[2] if c.value}
    for row, values in rows.items():
        for key, value in values.items():
            sheet.cell(row, keys[key]).value = value
    book.save(path)


def result_files(root: Path) -> list[Path]:
    return sorted((root / "records" / "results").rglob("*.yaml"))


def import_(root: Path, path: Path, *extra: str) -> int:
    return main(["result", "import", str(path), "--repo", str(root), "--today", TODAY, *extra])


def test_sheet_layout(tmp_path: Path) -> None:
    root, draws = fresh_repo(tmp_path)
    path = export(root, tmp_path / "sheet.xlsx")
    book = load_workbook(path)
    sheet = book[SHEET]
    chosen = selected(draws[TASK])
    assert [sheet.cell(3 + i, 3).value for i in range(len(chosen))] == chosen
    assert sheet.column_dimensions["A"].hidden and sheet.row_dimensions[2].hidden
    assert sheet.protection.sheet
    assert sheet.cell(3, 1).protection.locked  # the key column is locked
    keys = columns(path)
    assert not sheet.cell(3, keys["inspection_date"]).protection.locked
    assert {"codes:SCJG-001", "codes:SCJG-002", "methods"} <= set(keys)
    assert book[LISTS_SHEET].sheet_state == "hidden"
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert any(f"'{LISTS_SHEET}'!$A$2" in f for f in formulas)  # result codes
    assert any(f"'{LISTS_SHEET}'!$B$2" in f for f in formulas)  # methods
    officers = " ".join(o["inspector"] for o in assigned(draws[TASK], chosen[0]))
    assert all(o in str(sheet.cell(3, keys["assigned"]).value) for o in officers.split())


def test_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, draws = fresh_repo(tmp_path)
    path = export(root, tmp_path / "sheet.xlsx")
    chosen = selected(draws[TASK])
    first_officers = [o["inspector"] for o in assigned(draws[TASK], chosen[1])]
    substitute = next(
        f"SCJG-P{n:03d}" for n in range(2, 9) if f"SCJG-P{n:03d}" not in first_officers
    )
    fill(
        path,
        {
            3: {
                "inspection_date": dt.datetime(2026, 11, 10),
                "methods": "实地检查；书面检查",
                "codes:SCJG-001": "未发现问题",
                "codes:SCJG-002": "发现问题已责令改正",
                "findings:SCJG-002": "部分商品无中文标签",
                "follow_up": "责令改正",
                "follow_up_due": "2026-12-10",
                "published": "2026/11/20",
            },
            4: {
                "inspection_date": "2026-11-12",
                "methods": "书面检查",
                "officers": f"{first_officers[0]}；{substitute}",
                "substitution_reason": "原人员病假",
                "codes:SCJG-001": "公示信息隐瞒真实情况、弄虚作假",
                "codes:SCJG-002": "未发现问题",
                "follow_up": "列入经营异常名录",
            },
        },
    )
    assert import_(root, path) == 0
    written = result_files(root)
    assert [p.stem for p in written] == sorted(chosen[:2])
    messages = validate(root, today=dt.date(2026, 11, 28), use_cache=False).messages
    assert [m.text() for m in messages if m.level == "error"] == []
    records = load(root, use_cache=False)
    first = records.get("result", f"{TASK}/{chosen[0]}")
    assert first is not None
    assert first.data["items"][1] == {
        "item": "SCJG-002",
        "codes": ["发现问题已责令改正"],
        "findings": "部分商品无中文标签",
    }
    assert first.data["published"] == "2026-11-20"
    second = records.get("result", f"{TASK}/{chosen[1]}")
    assert second is not None
    assert second.data["substitutions"] == [
        {"original": first_officers[1], "replacement": substitute, "reason": "原人员病假"}
    ]
    assert "导入完成：写入 2 个结果" in capsys.readouterr().out
    # a new export is pre-filled from the results: importing it again changes nothing
    again = export(root, tmp_path / "again.xlsx")
    before = [p.read_bytes() for p in written]
    assert import_(root, again) == 0
    assert [p.read_bytes() for p in written] == before
    assert "写入 0 个结果，2 个未变" in capsys.readouterr().out


def test_bad_rows_name_sheet_row_column_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = fresh_repo(tmp_path)
    path = export(root, tmp_path / "sheet.xlsx")
    keys = columns(path)
    letter = {k: chr(ord("A") + c - 1) for k, c in keys.items()}
    good = {
        "inspection_date": "2026-11-10",
        "methods": "实地检查",
        "codes:SCJG-001": "未发现问题",
        "codes:SCJG-002": "未发现问题",
    }
    fill(
        path,
        {
            3: good,  # valid, but must not be written while other rows are wrong
            4: {**good, "inspection_date": "2026-02-30"},
            5: {**good, "methods": "飞行检查", "codes:SCJG-002": "未发现问题；已注销"},
            6: {**good, "officers": "SCJG-P001；SCJG-P002；SCJG-P003"},
            7: {**good, "codes:SCJG-001": ""},
        },
    )
    assert import_(root, path) == 1
    assert result_files(root) == []
    err = capsys.readouterr().err
    assert f"工作表“{SHEET}”第 4 行 {letter['inspection_date']} 列（检查完成日期）" in err
    assert f"第 5 行 {letter['methods']} 列" in err and "飞行检查" in err
    assert f"第 5 行 {letter['codes:SCJG-002']} 列" in err
    assert (
        f"第 6 行 {letter['officers']} 列" in err
        or f"第 6 行 {letter['substitution_reason']} 列" in err
    )
    assert f"第 7 行 {letter['codes:SCJG-001']} 列" in err and "缺少检查结果" in err
    assert "第 3 行" not in err
    assert "未写入任何文件" in err


def test_blank_rows_are_skipped_and_existing_published_results_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = fresh_repo(tmp_path)
    path = export(root, tmp_path / "sheet.xlsx")
    fill(
        path,
        {
            3: {
                "inspection_date": "2026-11-10",
                "methods": "实地检查",
                "published": "2026-11-20",
                "codes:SCJG-001": "未发现问题",
                "codes:SCJG-002": "未发现问题",
            }
        },
    )
    assert import_(root, path) == 0
    assert "4 行留空" in capsys.readouterr().out
    fill(path, {3: {"codes:SCJG-002": "发现问题已责令改正", "follow_up": "责令改正"}})
    assert import_(root, path, "--replace") == 1
    assert "已于 2026-11-20 公示，不能用导入覆盖" in capsys.readouterr().err


def test_not_a_tasksheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = fresh_repo(tmp_path)
    bogus = tmp_path / "x.xlsx"
    bogus.write_bytes(b"not a workbook")
    assert import_(root, bogus) == 1
    assert "不是有效的 XLSX 文件" in capsys.readouterr().err
