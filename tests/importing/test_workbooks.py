"""Spreadsheets from the field (issue 13): refused from their first bytes, zip directory or stated
dimension before any cell is parsed; formulas and a changed header said plainly; nothing
written on failure."""

from __future__ import annotations

import dataclasses
import time
import zipfile
from pathlib import Path

import openpyxl.xml
import pytest
from openpyxl import Workbook, load_workbook

from spotcheck.cli import main
from spotcheck.errors import SpotcheckError
from spotcheck.importing import read_table, workbooks
from spotcheck.importing.workbooks import SpreadsheetError
from spotcheck.limits import DEFAULT, MIB
from tests.exports.test_tasksheet import export, fill, import_, result_files
from tests.results.fixture_repo import fresh_repo

SHEET_XML = "xl/worksheets/sheet1.xml"


def small_xlsx(path: Path) -> Path:
    book = Workbook()
    book.active.append(["统一社会信用代码", "名称"])
    book.active.append(["91440114MA59XXXXX1", "甲公司"])
    book.save(path)
    return path


def rewrite(path: Path, member: str, change: object) -> None:
    """Replace one member of a zip (`change`: old bytes → new bytes)."""
    with zipfile.ZipFile(path) as archive:
        contents = {info.filename: archive.read(info) for info in archive.infolist()}
    contents[member] = change(contents[member])  # type: ignore[operator]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


def test_openpyxl_parses_with_defusedxml() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


def test_an_xlsx_renamed_csv_is_named_for_what_it_is(tmp_path: Path) -> None:
    renamed = small_xlsx(tmp_path / "名录.xlsx").rename(tmp_path / "名录.csv")
    with pytest.raises(SpreadsheetError, match=r"这是 XLSX 文件，扩展名却是 \.csv"):
        read_table(renamed)


def test_a_csv_renamed_xlsx_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "名录.xlsx"
    path.write_text("统一社会信用代码,名称\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError, match="不是 zip 格式"):
        read_table(path)


def test_a_zip_bomb_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    path = small_xlsx(tmp_path / "bomb.xlsx")
    rewrite(
        path, SHEET_XML, lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * (60 * MIB))
    )
    assert path.stat().st_size < MIB
    started = time.perf_counter()
    with pytest.raises(SpreadsheetError, match=r"压缩比为 \d+ 倍.*limits.compression_ratio"):
        read_table(path)
    assert time.perf_counter() - started < 1


def test_the_total_uncompressed_size_is_limited(tmp_path: Path) -> None:
    path = small_xlsx(tmp_path / "big.xlsx")
    rewrite(
        path, SHEET_XML, lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * (2 * MIB))
    )
    tight = dataclasses.replace(DEFAULT, sheet_bytes=MIB)
    with pytest.raises(SpreadsheetError, match=r"解压后共 \d+ 字节.*limits.sheet_bytes"):
        read_table(path, tight)


def test_one_cell_at_the_last_row_is_refused_from_the_dimension(tmp_path: Path) -> None:
    path = tmp_path / "far.xlsx"
    book = Workbook()
    book.active.append(["统一社会信用代码", "名称"])
    book.active.cell(1_048_576, 1, "远处的单元格")
    book.save(path)
    started = time.perf_counter()
    with pytest.raises(SpreadsheetError, match=r"到第 1048576 行，超过表格最多行数 300000 行"):
        read_table(path)
    assert time.perf_counter() - started < 2


def test_a_lying_dimension_still_stops_at_the_row_limit(tmp_path: Path) -> None:
    path = tmp_path / "lying.xlsx"
    book = Workbook()
    for number in range(1, 1202):
        book.active.cell(number, 1, number)
    book.save(path)
    rewrite(path, SHEET_XML, lambda xml: xml.replace(b'ref="A1:A1201"', b'ref="A1:A2"'))
    tight = dataclasses.replace(DEFAULT, sheet_rows=1000)
    with pytest.raises(SpreadsheetError, match="超过表格最多行数 1000 行"):
        read_table(path, tight)


def test_an_xml_entity_bomb_is_refused(tmp_path: Path) -> None:
    path = small_xlsx(tmp_path / "entities.xlsx")
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    rewrite(path, "xl/workbook.xml", lambda xml: bomb + xml.split(b"?>", 1)[-1])
    with pytest.raises(SpreadsheetError, match="不是有效的 XLSX 文件"):
        read_table(path)


def test_a_formula_is_refused_not_silently_valued(tmp_path: Path) -> None:
    path = small_xlsx(tmp_path / "formula.xlsx")
    book = load_workbook(path)
    book.active["B2"] = '=CONCAT("甲","公司")'
    book.save(path)
    with pytest.raises(SpreadsheetError, match="第 2 行第 2 列是公式"):
        read_table(path)


def test_a_csv_with_nul_or_bad_bytes_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "名录.csv"
    path.write_bytes("统一社会信用代码,名称\n1,甲\n2,乙\x00\n".encode())
    with pytest.raises(SpotcheckError, match="第 3 行有 NUL"):
        read_table(path)
    path.write_bytes("统一社会信用代码,名称\n1,甲\n".encode() + b"2,\xff\n")
    with pytest.raises(SpotcheckError, match=r"第 3 行.*不是 UTF-8"):
        read_table(path)


# --- the task sheet ------------------------------------------------------------------------------


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Path, Path]:
    root, _ = fresh_repo(tmp_path)
    path = export(root, tmp_path / "sheet.xlsx")
    fill(
        path,
        {
            row: {
                "inspection_date": "2026-11-10",
                "methods": "实地检查",
                "codes:SCJG-001": "未发现问题",
                "codes:SCJG-002": "发现问题已责令改正",
                "findings:SCJG-002": "部分商品无中文标签",
                "follow_up": "责令改正",
            }
            for row in (3, 4)
        },
    )
    return root, path


def test_a_formula_in_a_findings_cell_is_an_error_and_nothing_is_written(
    filled: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root, path = filled
    fill(path, {4: {"findings:SCJG-002": '=CONCAT("部分","商品")'}})
    assert import_(root, path) == 1
    output = capsys.readouterr()
    assert "第 4 行" in output.err and "是公式" in output.err and "检查情况" in output.err
    assert result_files(root) == []


def edit_columns(path: Path, change: object) -> None:
    book = load_workbook(path)
    change(book["检查结果"])  # type: ignore[operator]
    book.save(path)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda sheet: sheet.delete_cols(10), "缺少列 “检查方式（可多项，以“；”分隔）”"),
        (lambda sheet: sheet.insert_cols(5), "多出 E 列"),
        (
            lambda sheet: (
                sheet.move_range("I1:I20", cols=20),
                sheet.move_range("J1:J20", cols=-1),
                sheet.move_range("AC1:AC20", cols=-19),
            ),
            "列的位置改变",
        ),
        (lambda sheet: sheet.cell(1, 9, "检查方式"), "I 列的表头是“检查方式”，应为“检查完成日期”"),
    ],
)
def test_a_changed_header_is_one_error_naming_the_columns(
    filled: tuple[Path, Path], capsys: pytest.CaptureFixture[str], change: object, says: str
) -> None:
    root, path = filled
    edit_columns(path, change)
    assert import_(root, path) == 1
    output = capsys.readouterr()
    errors = [line for line in output.err.splitlines() if line.strip()]
    assert len(errors) == 1, output.err
    assert "表头与任务表模板不符" in errors[0] and says in errors[0]
    assert result_files(root) == []


def test_a_far_away_cell_in_the_task_sheet_is_refused_fast(
    filled: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root, path = filled
    book = load_workbook(path)
    book["检查结果"].cell(1_048_576, 1, "x")
    book.save(path)
    started = time.perf_counter()
    assert main(["result", "import", str(path), "--repo", str(root)]) == 1
    assert time.perf_counter() - started < 10
    assert "1048576 行" in capsys.readouterr().err
    assert result_files(root) == []


def test_workbooks_module_reads_rows_within_the_limits(tmp_path: Path) -> None:
    path = small_xlsx(tmp_path / "ok.xlsx")
    book = workbooks.open_xlsx(path)
    rows = [
        [c.value for c in cells]
        for _, cells in workbooks.rows(path, book, book.sheetnames[0], DEFAULT)
    ]
    book.close()
    assert rows == [["统一社会信用代码", "名称"], ["91440114MA59XXXXX1", "甲公司"]]
