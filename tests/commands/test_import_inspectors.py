"""`spotcheck import inspectors`: a personnel export (CSV/XLSX) updates the inspector directory
with the guarantees of `import targets` — every row checked, nothing written unless all are
valid, errors name sheet, row and column, a second import changes nothing — and non-public
values (身份证号码, 联系电话) are never repeated in a message."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook

from spotcheck import yamlio
from spotcheck.importing.inspectors import COLUMNS
from tests.fixtures import make_district
from tests.results.fixture_repo import with_check_character

INSPECTORS = "records/inspectors/SCJG.yaml"


def spotcheck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spotcheck.cli", *args], capture_output=True, text=True, timeout=300
    )


def person(number: int, **changes: str) -> list[str]:
    cells = {
        "人员编号": f"SCJG-P{number:03d}",
        "姓名": f"检查员SCJG{number}",
        "性别": "女" if number % 2 else "男",
        "居民身份证号码": with_check_character(f"44011419800101{number:03d}"),
        "联系电话": f"137{number:08d}",
        "职务": "科员",
        "所属部门": "SCJG",
        "执法证号": f"SCJG440114{number:04d}",
        "执法证有效期起": "2020-01-01",
        "执法证有效期止": "2028-12-31",
        "执法领域": "企业监管、广告监管",
        "所属监管所": "SCJG-XH" if number % 2 else "SCJG-SL",
        "专家": "否",
        "在岗": "是",
        **changes,
    }
    return [cells[column] for column in COLUMNS]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(COLUMNS))
        writer.writerows(rows)
    return path


def test_import_adds_updates_keeps_conflicts_and_a_second_import_changes_nothing(
    tmp_path: Path,
) -> None:
    root = make_district(tmp_path / "d")
    path = root / INSPECTORS
    data = yamlio.parse(path.read_text(encoding="utf-8"), INSPECTORS)
    data[0]["conflicts"] = [{"target": "91440114MA00000000", "reason": "亲属经营"}]
    path.write_text(yamlio.dump(data), encoding="utf-8")
    rows = [person(n) for n in range(1, 7)]
    rows[1] = person(2, 职务="四级主任科员", 在岗="否")
    rows.append(person(7))
    sheet = write_csv(tmp_path / "人员.csv", rows)
    first = spotcheck("import", "inspectors", str(sheet), "--repo", str(root))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "新增 1 人" in first.stdout
    merged = {p["id"]: p for p in yamlio.parse(path.read_text(encoding="utf-8"), INSPECTORS)}
    assert merged["SCJG-P002"]["title"] == "四级主任科员"
    assert merged["SCJG-P002"]["active"] is False
    assert merged["SCJG-P007"]["expertise"] == ["企业监管", "广告监管"]
    assert merged["SCJG-P001"]["conflicts"] == data[0]["conflicts"]  # not in the export: kept
    before = path.read_bytes()
    second = spotcheck("import", "inspectors", str(sheet), "--repo", str(root))
    assert second.returncode == 0
    assert "新增 0 人，更新 0 人，写入 0 个文件" in second.stdout
    assert path.read_bytes() == before
    validated = spotcheck("validate", "--repo", str(root), "--today", "2026-03-01")
    assert "SCJG-P007" not in validated.stdout


def test_bad_rows_name_sheet_row_and_column_write_nothing_and_hide_private_values(
    tmp_path: Path,
) -> None:
    root = make_district(tmp_path / "d")
    before = (root / INSPECTORS).read_bytes()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "在编人员"
    sheet.append(list(COLUMNS))
    sheet.append(person(1))
    sheet.append(person(8, 居民身份证号码="44011419800101X123"))
    sheet.append(person(9, 联系电话="12-34", 所属监管所="SCJG-XX"))
    sheet.append(person(10, 在岗="也许", 所属部门="ABC"))
    sheet.append(person(1))
    workbook.save(tmp_path / "人员.xlsx")
    result = spotcheck("import", "inspectors", str(tmp_path / "人员.xlsx"), "--repo", str(root))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "工作表“在编人员”第 3 行“居民身份证号码”列" in output
    assert "工作表“在编人员”第 4 行“联系电话”列" in output
    assert "第 4 行“所属监管所”列：SCJG-XX 未在 config.yaml 的 offices 中登记" in output
    assert "第 5 行“在岗”列：也许 应为“是”或“否”" in output
    assert "第 5 行“所属部门”列" in output
    assert "第 6 行“人员编号”列：与第 2 行重复" in output
    assert "44011419800101X123" not in output and "12-34" not in output
    assert "未写入任何文件" in output
    assert (root / INSPECTORS).read_bytes() == before
    assert not (root / "records/inspectors/ABC.yaml").exists()


def test_missing_columns_are_named(tmp_path: Path) -> None:
    root = make_district(tmp_path / "d")
    path = tmp_path / "short.csv"
    path.write_text("人员编号,姓名\nSCJG-P001,张三\n", encoding="utf-8")
    result = spotcheck("import", "inspectors", str(path), "--repo", str(root))
    assert result.returncode != 0
    assert "第 1 行“职务、所属部门、执法证号" in result.stdout
