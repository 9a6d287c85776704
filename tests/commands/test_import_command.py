"""`spotcheck import targets`: every row checked, nothing written unless all are valid."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook

from spotcheck import yamlio
from spotcheck.importing import COLUMNS
from tests.fixtures import git, make_district, target_code

HEADER = list(COLUMNS)


def row(
    code: str,
    status: str = "存续",
    region: str = "440114002",
    office: str = "SCJG-SL",
    date: str = "",
) -> list[str]:
    return [
        code,
        "广州市花都区新导入贸易有限公司",
        "广州市花都区狮岭镇新路1号",
        "李四",
        "13800001111",
        "有限责任公司",
        "F5211",
        region,
        office,
        status,
        "B",
        date,
    ]


def run(root: Path, source: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "spotcheck.cli",
            "import",
            "targets",
            str(source),
            "--repo",
            str(root),
            "--today",
            "2026-11-28",
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


def test_import_updates_and_adds_targets(tmp_path: Path) -> None:
    root = make_district(tmp_path / "d")
    existing = target_code(0)
    new = target_code(500)
    source = write_csv(
        tmp_path / "export.csv",
        [row(existing, "注销", "440114001", "SCJG-XH", "2026-10-09"), row(new)],
    )
    result = run(root, source)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "新增 1 户，更新 1 户" in result.stdout
    old_file = yamlio.parse(
        (root / "records/targets/440114001/001.yaml").read_text(encoding="utf-8"), "t"
    )
    updated = next(t for t in old_file if t["uscc"] == existing)
    assert updated["status"] == "注销"
    assert updated["status_history"][-1] == {"event": "注销", "date": "2026-10-09"}
    added = yamlio.parse(
        (root / "records/targets/440114002/001.yaml").read_text(encoding="utf-8"), "t"
    )
    assert [t["uscc"] for t in added] == [new]
    validate = subprocess.run(
        [
            sys.executable,
            "-m",
            "spotcheck.cli",
            "validate",
            "--repo",
            str(root),
            "--today",
            "2026-03-01",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert validate.returncode == 0, validate.stdout


def test_bad_rows_name_sheet_row_and_column_and_write_nothing(tmp_path: Path) -> None:
    root = make_district(tmp_path / "d")
    good = target_code(501)
    bad_code = good[:17] + ("0" if good[17] != "0" else "1")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名录"
    sheet.append(HEADER)
    sheet.append(row(good))
    sheet.append(row(bad_code))
    sheet.append(row(target_code(502), office="SCJG-NOPE"))
    source = tmp_path / "export.xlsx"
    workbook.save(source)
    before = git(root, "status", "--porcelain", "--untracked-files=all")
    result = run(root, source)
    assert result.returncode == 1
    assert "工作表“名录”第 3 行“统一社会信用代码”列" in result.stdout
    assert "第 4 行“属地监管所”列" in result.stdout
    assert "未写入任何文件" in result.stderr
    assert git(root, "status", "--porcelain", "--untracked-files=all") == before


def test_missing_columns_are_named(tmp_path: Path) -> None:
    root = make_district(tmp_path / "d")
    source = tmp_path / "bad.csv"
    source.write_text("统一社会信用代码,名称\n", encoding="utf-8")
    result = run(root, source)
    assert result.returncode == 1 and "表头缺少这些列" in result.stdout
