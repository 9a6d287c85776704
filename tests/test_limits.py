"""Hostile and broken record files (issue 13): limits enforced before the expensive work, and
messages that say what is wrong where. Every case runs the real validator on a real district."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from spotcheck import limits, yamlio
from spotcheck.report import Message
from spotcheck.schemas import schemas_dir
from spotcheck.validation import validate
from tests.fixtures import make_district

DAY = dt.date(2026, 3, 1)
DEPARTMENT = "records/departments/SCJG.yaml"


@pytest.fixture
def district(tmp_path: Path) -> Path:
    return make_district(tmp_path / "d", commit=False)


def run(root: Path) -> list[Message]:
    return validate(root, today=DAY, use_cache=False).messages


def write(root: Path, relative: str, data: bytes | str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)


def about(messages: list[Message], path: str) -> list[Message]:
    return [m for m in messages if m.path == path]


def only_error(messages: list[Message], path: str) -> Message:
    """The file's ONE message, and nothing else in the whole run is an error."""
    errors = [m for m in messages if m.level == "error"]
    assert len(errors) == 1, "\n".join(m.text() for m in errors)
    assert errors[0].path == path
    return errors[0]


# --- the limits and the config ------------------------------------------------------------------


def test_the_config_schema_states_every_limit_with_its_bounds() -> None:
    schema = json.loads((schemas_dir() / "config.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["limits"]["properties"] == limits.schema_properties()
    for bound in limits.BOUNDS.values():
        assert bound.low <= bound.default <= bound.high
        assert any("\u4e00" <= ch <= "\u9fff" for ch in bound.title)


def test_a_limit_outside_its_safe_bounds_is_clamped_and_reported() -> None:
    asked = limits.from_config({"limits": {"depth": 10_000, "file_bytes": 1}})
    assert asked.depth == limits.BOUNDS["depth"].high
    assert asked.file_bytes == limits.BOUNDS["file_bytes"].low
    assert limits.from_config({}) == limits.DEFAULT


def test_the_config_can_lower_a_limit(district: Path) -> None:
    config = district / "records/config.yaml"
    data = yamlio.parse(config.read_text(encoding="utf-8"), "config.yaml")
    data["limits"] = {"depth": 8}
    config.write_text(yamlio.dump(data), encoding="utf-8")
    nested = "extra:\n" + "".join("  " * (n + 1) + f"k{n}:\n" for n in range(9)) + "  " * 10 + "1\n"
    write(district, DEPARTMENT, (district / DEPARTMENT).read_text(encoding="utf-8") + nested)
    error = only_error(run(district), DEPARTMENT)
    assert (
        error.code == "yaml-depth" and "8 层" in error.message and "limits.depth" in error.message
    )

    data["limits"] = {"depth": 1000}
    config.write_text(yamlio.dump(data), encoding="utf-8")
    schema_errors = [m for m in run(district) if m.path == "records/config.yaml"]
    assert schema_errors and "不大于 64" in schema_errors[0].expected


# --- bounded work -------------------------------------------------------------------------------

BILLION_LAUGHS = 'a: &a ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def test_a_billion_laughs_is_refused_fast_at_its_first_anchor(district: Path) -> None:
    write(district, DEPARTMENT, BILLION_LAUGHS)
    started = time.perf_counter()
    messages = run(district)
    assert time.perf_counter() - started < 10  # the fixture's whole validation; it used to hang
    error = only_error(messages, DEPARTMENT)
    assert (error.code, error.line, error.column) == ("yaml-alias", 1, 4)
    assert "锚点或别名（&a）" in error.message


def test_positions_of_a_billion_laughs_are_found_in_linear_time() -> None:
    started = time.perf_counter()
    positions = yamlio.locate(BILLION_LAUGHS)
    assert time.perf_counter() - started < 1 and positions[("i",)].line == 9


def test_text_that_only_looks_like_an_anchor_is_fine() -> None:
    assert yamlio.parse('name: "A &B 公司"\nnote: 甲 &乙\n', "x") == {
        "name": "A &B 公司",
        "note": "甲 &乙",
    }


@pytest.mark.parametrize("levels", [40, 600])
def test_deep_block_nesting_is_refused_before_parsing(district: Path, levels: int) -> None:
    text = "name: x\nextra:\n" + "".join(" " * (n + 1) + f"k{n}:\n" for n in range(levels))
    write(district, DEPARTMENT, text + " " * (levels + 1) + "1\n")
    error = only_error(run(district), DEPARTMENT)
    assert error.code == "yaml-depth" and error.line == 34 and "32 层" in error.message


def test_nesting_that_crashes_the_parser_is_refused_before_it(district: Path) -> None:
    """30,000 levels in 60 KB crash the Rust parser (a segmentation fault, no exception)."""
    write(district, DEPARTMENT, "name: x\nextra:\n  " + "- " * 30_000 + "1\n")
    error = only_error(run(district), DEPARTMENT)
    assert error.code == "yaml-depth" and error.line == 3


def test_deep_flow_nesting_is_refused(district: Path) -> None:
    """The parser refuses flow nesting past ~256 levels itself (checking first would cost ~3%
    of a cold validate); the message is the same."""
    write(district, DEPARTMENT, "name: x\nextra: " + "[" * 2000 + "]" * 2000 + "\n")
    error = only_error(run(district), DEPARTMENT)
    assert error.code == "yaml-depth" and error.line == 2


def test_an_oversized_file_is_not_parsed(district: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import spotcheck.yamlio

    parse = spotcheck.yamlio.parse

    def never(text: str, path: str, *args: object, **kwargs: object) -> object:
        assert path != DEPARTMENT, "parsed an oversized file"
        return parse(text, path, *args, **kwargs)  # type: ignore[arg-type]

    write(district, DEPARTMENT, "name: x\n" + "# 注释\n" * 3_000_000)  # 27 MB
    monkeypatch.setattr(spotcheck.yamlio, "parse", never)
    messages = validate(district, today=DAY, use_cache=False).messages
    error = next(m for m in messages if m.path == DEPARTMENT)
    assert error.code == "file-too-large" and "16777216 字节" in error.message


def test_too_many_records_in_one_file(district: Path) -> None:
    items = yamlio.parse((district / "records/items/SCJG.yaml").read_text(encoding="utf-8"), "i")
    many = [dict(items[0], id=f"SCJG-{n:04d}") for n in range(5001)]
    write(district, "records/items/SCJG.yaml", yamlio.dump(many))
    error = next(m for m in run(district) if m.path == "records/items/SCJG.yaml")
    assert error.code == "file-too-many-records" and "5001 条记录" in error.message
    assert "limits.records_per_file" in error.message


# --- what is wrong, where -----------------------------------------------------------------------


def test_invalid_utf8_is_located_by_line_and_column(district: Path) -> None:
    write(
        district, DEPARTMENT, 'id: "SCJG"\nname: "区市场\xff监管局"\n'.encode("latin-1", "ignore")
    )
    write(
        district, DEPARTMENT, 'id: "SCJG"\nname: "区市场'.encode() + b"\xff" + '监管局"\n'.encode()
    )
    error = only_error(run(district), DEPARTMENT)
    assert (error.code, error.line, error.column) == ("file-encoding", 2, 11)
    assert "0xFF" in error.message and "第 28 字节" in error.message


def test_a_nul_byte_is_located(district: Path) -> None:
    text = (district / DEPARTMENT).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    lines[1] = lines[1][:3] + "\x00" + lines[1][3:]
    write(district, DEPARTMENT, "".join(lines))
    error = only_error(run(district), DEPARTMENT)
    assert (error.code, error.line, error.column) == ("file-encoding", 2, 4)
    assert "NUL" in error.message


def test_a_bom_is_a_warning_and_the_file_still_reads(district: Path) -> None:
    write(district, DEPARTMENT, b"\xef\xbb\xbf" + (district / DEPARTMENT).read_bytes())
    messages = run(district)
    assert not [m for m in messages if m.level == "error"], [m.text() for m in messages]
    (warning,) = about(messages, DEPARTMENT)
    assert warning.code == "file-encoding" and "BOM" in warning.message


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ('id: "SCJG"\nname: [区市场监管局,\nlegal: true\n\nnote: 1\n', 2, "“[”"),
        ('id: "SCJG"\nname: {a: 1,\n\n\nnote: 2\n', 2, "“{”"),
        ('id: "SCJG"\nname: "区市场监管局\nnote: 1\n\n', 2, "引号"),
    ],
)
def test_an_unclosed_bracket_or_quote_is_reported_where_it_opens(
    district: Path, text: str, line: int, what: str
) -> None:
    write(district, DEPARTMENT, text)
    error = only_error(run(district), DEPARTMENT)
    assert (error.code, error.line, error.column) == ("yaml-syntax", line, 7)
    assert what in error.message


@pytest.mark.parametrize(
    ("text", "says"), [("", "是空的"), ("# 待填写\n\n# 以后再说\n", "只有注释")]
)
def test_an_empty_file_is_one_clear_message(district: Path, text: str, says: str) -> None:
    """An empty departments file: not a cascade of "部门 SCJG 不存在" from every reference."""
    write(district, DEPARTMENT, text)
    error = only_error(run(district), DEPARTMENT)
    assert error.code == "file-empty" and says in error.message


def test_an_empty_config_is_one_clear_message(district: Path) -> None:
    write(district, "records/config.yaml", "# 以后再填\n")
    error = only_error(run(district), "records/config.yaml")
    assert error.code == "file-empty"


def test_no_config_is_not_a_pass(district: Path) -> None:
    (district / "records/config.yaml").unlink()
    messages = run(district)
    assert any(m.code == "config-missing" and m.level == "error" for m in messages)


def test_a_link_to_a_device_is_read_as_git_stores_it_not_followed(district: Path) -> None:
    (district / DEPARTMENT).unlink()
    (district / DEPARTMENT).symlink_to("/dev/zero")
    error = only_error(run(district), DEPARTMENT)
    assert error.code in ("file-shape", "yaml-syntax")
