"""Fuzzing the doors hostile input comes through (issue 13): the YAML loader, the record checks,
the spreadsheet reader, the target and inspector importers and the task-sheet import. Whatever
arrives: no exception escapes (no traceback), every problem is a Chinese message with a
position, and a refused import has nothing to write.

Budget: each property runs FUZZ_EXAMPLES examples with a per-example deadline, ~20 s in all on
the CI machine (the suite's whole run is ~3 minutes). Hypothesis keeps the failing examples it
finds in its database, so a failure found once is retried first.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spotcheck import yamlio
from spotcheck.checks import CheckContext
from spotcheck.errors import SpotcheckError
from spotcheck.exports.tasksheet import SheetRow
from spotcheck.importing import COLUMNS, merge_targets, read_table
from spotcheck.importing.inspectors import COLUMNS as INSPECTOR_COLUMNS
from spotcheck.importing.inspectors import merge_inspectors
from spotcheck.layout import rule_for
from spotcheck.records import Record, RecordSet, load
from spotcheck.records.parsing import parse_file
from spotcheck.records.sources import SourceFile, blob_id
from spotcheck.results.importer import plan_import
from spotcheck.schemas import SchemaSet
from spotcheck.validation import validate_records
from tests.fixtures import make_district
from tests.results.fixture_repo import TASK, fresh_repo, selected

# SPOTCHECK_FUZZ_EXAMPLES=2000 for a longer hunt on a developer machine
FUZZ_EXAMPLES = int(os.environ.get("SPOTCHECK_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=dt.timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- text that looks like YAML, and text that does not -------------------------------------------

YAML_PIECES = st.sampled_from(
    [
        "a: 1\n",
        "- x\n",
        "  ",
        "- ",
        ": ",
        "[",
        "]",
        "{",
        "}",
        ",",
        '"',
        "'",
        "&a ",
        "*a",
        "#",
        "\n",
        "\t",
        "---\n",
        "...\n",
        "!!str ",
        "? ",
        "|\n",
        ">\n",
        "\ufeff",
        "\x00",
        "\x07",
        "名称: 区市场监管局\n",
        "id: SCJG\n",
        "uscc: 91440114MA59XXXXX1\n",
        "012",
        "no",
        "~",
        "\\",
        "\u2028",
        "%YAML 1.2\n",
    ]
)
YAML_TEXT = st.lists(YAML_PIECES, max_size=40).map("".join)
RAW_BYTES = st.binary(max_size=400)


def check_problems(problems: list[Any]) -> None:
    for problem in problems:
        assert chinese(problem.message), problem
        assert problem.line is not None and problem.line >= 1, problem
        assert problem.column is not None and problem.column >= 1, problem


@pytest.mark.parametrize(
    "relative", ["records/departments/X.yaml", "records/items/X.yaml", "records/rules/X.md"]
)
@FUZZ
@given(content=st.one_of(YAML_TEXT.map(str.encode), RAW_BYTES))
def test_the_yaml_loader_never_raises(relative: str, content: bytes) -> None:
    rule = rule_for(relative.removeprefix("records/"))
    assert rule is not None
    entries, problems = parse_file(SourceFile(relative, content, blob_id(content)), rule)
    check_problems(problems)
    if not entries:
        assert problems or content.strip() == b"[]"


@FUZZ
@given(text=YAML_TEXT)
def test_yamlio_parse_raises_only_its_own_located_error(text: str) -> None:
    try:
        yamlio.parse(text, "x.yaml")
    except yamlio.YamlSyntaxError as error:
        assert chinese(error.reason)


# --- the record checks ----------------------------------------------------------------------------

JSONISH = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-5, 10**6),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=12),
        st.sampled_from(["2026-03-01", "SCJG", "SCJG-001", "91440114MA59XXXXX1", "存续", "A"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@functools.cache
def district_records(folder: str) -> RecordSet:
    return load(make_district(Path(folder) / "d", commit=False), use_cache=False)


@FUZZ
@given(data=st.data())
def test_the_record_checks_never_raise(data: st.DataObject, tmp_path_factory: Any) -> None:
    base = district_records(str(tmp_path_factory.getbasetemp()))
    victim = data.draw(st.sampled_from(base.records))
    changed = dict(victim.data)
    key = data.draw(st.sampled_from([*changed, "extra"]))
    changed[key] = data.draw(JSONISH)
    records = RecordSet()
    for record in base.records:
        copy = record if record is not victim else Record(**{**vars(record), "data": changed})
        records.add(copy)
    records.files = base.files
    messages = validate_records(records, SchemaSet(), CheckContext(today=dt.date(2026, 3, 1)))
    for message in messages:
        assert chinese(message.text()), message


# --- spreadsheets --------------------------------------------------------------------------------

CELL = st.one_of(
    st.none(),
    st.text(max_size=10),
    st.integers(-10, 10**9),
    st.sampled_from(["91440114MA59XXXXX1", "440114001", "存续", "A", "H6210", "=1+1", "是"]),
)


def rows_of(columns: list[str]) -> st.SearchStrategy[list[list[Any]]]:
    return st.lists(st.lists(CELL, min_size=0, max_size=len(columns) + 2), max_size=6)


@FUZZ
@given(
    header=st.lists(st.sampled_from([*COLUMNS, "备注", ""]), max_size=14),
    rows=rows_of(list(COLUMNS)),
)
def test_the_target_import_never_raises(header: list[str], rows: list[list[Any]]) -> None:
    outcome = merge_targets(
        "表1",
        header,
        rows,
        {},
        SchemaSet(),
        today=dt.date(2026, 3, 1),
        offices={"SCJG-XH"},
        regions={"440114001"},
    )
    for problem in outcome.problems:
        assert chinese(problem.text("名录.csv")) and problem.row >= 1
    if outcome.problems:  # the command writes nothing when there is any problem
        assert not header or outcome.problems


@FUZZ
@given(
    header=st.lists(st.sampled_from([*INSPECTOR_COLUMNS, "备注"]), max_size=16),
    rows=rows_of(list(INSPECTOR_COLUMNS)),
)
def test_the_inspector_import_never_raises(header: list[str], rows: list[list[Any]]) -> None:
    outcome = merge_inspectors(
        "表1", header, rows, {}, SchemaSet(), departments={"SCJG"}, offices={"SCJG-XH"}
    )
    for problem in outcome.problems:
        assert chinese(problem.text("人员.csv")) and problem.row >= 1


@functools.cache
def small_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(list(COLUMNS))
    book.active.append(["91440114MA59XXXXX1", "甲公司"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@FUZZ
@given(
    data=st.data(),
    suffix=st.sampled_from([".csv", ".xlsx"]),
)
def test_reading_a_table_raises_only_a_chinese_error(
    data: st.DataObject, suffix: str, tmp_path_factory: Any
) -> None:
    original = small_xlsx()
    kind = data.draw(st.sampled_from(["bytes", "mutated", "member"]))
    if kind == "bytes":
        content = data.draw(RAW_BYTES)
    elif kind == "mutated":  # flip bytes of a real workbook
        content = bytearray(original)
        for _ in range(data.draw(st.integers(1, 8))):
            content[data.draw(st.integers(0, len(content) - 1))] = data.draw(st.integers(0, 255))
        content = bytes(content[: data.draw(st.integers(0, len(content)))])
    else:  # a valid zip with one member replaced by fuzz
        with zipfile.ZipFile(io.BytesIO(original)) as archive:
            members = {i.filename: archive.read(i) for i in archive.infolist()}
        name = data.draw(st.sampled_from(sorted(members)))
        members[name] = data.draw(st.one_of(RAW_BYTES, YAML_TEXT.map(str.encode)))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for member, value in members.items():
                archive.writestr(member, value)
        content = buffer.getvalue()
    path = tmp_path_factory.mktemp("fuzz") / f"表{suffix}"
    path.write_bytes(content)
    try:
        read_table(path)
    except SpotcheckError as error:
        assert chinese(str(error)) and str(path) in str(error), error


# --- the task-sheet import ------------------------------------------------------------------------


@functools.cache
def results_records(folder: str) -> RecordSet:
    root, _ = fresh_repo(Path(folder))
    return load(root, use_cache=False)


SHEET_KEYS = [
    "officers",
    "substitution_reason",
    "inspection_date",
    "methods",
    "codes:SCJG-001",
    "codes:SCJG-002",
    "findings:SCJG-001",
    "findings:SCJG-002",
    "follow_up",
    "follow_up_due",
    "follow_up_note",
    "published",
    "target",
]


@FUZZ
@given(data=st.data())
def test_the_task_sheet_import_never_raises(data: st.DataObject, tmp_path_factory: Any) -> None:
    records = results_records(str(tmp_path_factory.getbasetemp() / "results"))
    chosen = selected(
        next(d.data for d in records.of("draw") if d.data.get("task") == TASK)  # the live draw
    )
    rows = []
    for number in range(3, 3 + data.draw(st.integers(1, 3))):
        target = data.draw(st.sampled_from([*chosen, "91440114MA59XXXXX1", ""]))
        values: dict[str, Any] = {"key": data.draw(st.sampled_from([f"{TASK}|{target}", "x|y", 7]))}
        for key in data.draw(st.lists(st.sampled_from(SHEET_KEYS), max_size=6)):
            values[key] = data.draw(
                st.one_of(CELL, st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1)))
            )
        letters = {key: chr(65 + index) for index, key in enumerate(["key", *SHEET_KEYS])}
        rows.append(SheetRow("检查结果", number, values, letters, {}))
    plan = plan_import(rows, records, SchemaSet(), dt.date(2026, 11, 28))
    for problem in plan.problems:
        assert chinese(problem.message) and "工作表“检查结果”第" in problem.where, problem
    if not plan.ok:
        assert plan.files == {}  # nothing to write
