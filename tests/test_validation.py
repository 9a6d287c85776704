"""`spotcheck validate`: every check rejects a broken record with file, line and Chinese title."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spotcheck import yamlio
from spotcheck.report import Message
from spotcheck.validation import validate
from tests.fixtures import make_district

TODAY = dt.date(2026, 3, 1)
TARGETS = "records/targets/440114001/001.yaml"
PLAN = "records/plans/2026/SCJG.yaml"
ITEMS = "records/items/SCJG.yaml"
INSPECTORS = "records/inspectors/SCJG.yaml"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_district(tmp_path_factory.mktemp("pristine") / "d", commit=False)


@pytest.fixture
def district(pristine: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "d"
    shutil.copytree(pristine, target)
    return target


def edit(root: Path, relative: str, change: Callable[[Any], None]) -> None:
    path = root / relative
    data = yamlio.parse(path.read_text(encoding="utf-8"), relative)
    change(data)
    path.write_text(yamlio.dump(data), encoding="utf-8")


def messages(root: Path) -> list[Message]:
    return validate(root, today=TODAY, use_cache=False).messages


def only(found: list[Message], code: str) -> Message:
    matching = [m for m in found if m.code == code]
    assert matching, f"no {code} in {[m.text() for m in found]}"
    return matching[0]


def line_of(root: Path, relative: str, needle: str, occurrence: int = 1) -> int:
    lines = (root / relative).read_text(encoding="utf-8").splitlines()
    hits = [number for number, line in enumerate(lines, 1) if needle in line]
    return hits[occurrence - 1]


def test_the_fixture_is_valid(district: Path) -> None:
    assert messages(district) == []


def test_schema_error_names_file_line_and_title(district: Path) -> None:
    edit(district, TARGETS, lambda d: d[3].update(credit_class="E"))
    message = only(messages(district), "schema-enum")
    assert message.path == TARGETS
    assert message.line == line_of(
        district, TARGETS, '"credit_class": "E"'.replace('"credit_class"', "credit_class")
    )
    assert message.field == "信用风险分类"
    assert "A" in message.expected


def test_unquoted_code_gets_a_quoting_hint(district: Path) -> None:
    path = district / "records/config.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('code: "440114"', "code: 440114"), encoding="utf-8"
    )
    message = only(messages(district), "schema-type")
    assert message.path == "records/config.yaml" and message.line == 3
    assert "引号" in message.hint


def test_missing_required_field(district: Path) -> None:
    edit(district, ITEMS, lambda d: d[0].pop("legal_basis"))
    message = only(messages(district), "schema-required")
    assert "检查依据" in message.message
    assert message.record == "SCJG-001"


def test_duplicate_key_is_reported_with_line(district: Path) -> None:
    path = district / "records/departments/SCJG.yaml"
    path.write_text(path.read_text(encoding="utf-8") + 'name: "又一个名字"\n', encoding="utf-8")
    message = only(messages(district), "yaml-syntax")
    assert message.path == "records/departments/SCJG.yaml"
    assert message.line == len(path.read_text(encoding="utf-8").splitlines())
    assert "重复的键" in message.message


def test_duplicate_ids_across_files(district: Path) -> None:
    copy = yamlio.parse((district / TARGETS).read_text(encoding="utf-8"), "t")[:1]
    (district / "records/targets/440114002").mkdir(parents=True)
    (district / "records/targets/440114002/001.yaml").write_text(
        yamlio.dump(copy), encoding="utf-8"
    )
    message = only(messages(district), "duplicate-id")
    assert "重复" in message.message and TARGETS in message.hint


def test_unresolved_references(district: Path) -> None:
    edit(district, PLAN, lambda d: d["tasks"][0]["items"].append("SCJG-999"))
    edit(district, INSPECTORS, lambda d: d[0].update(office="SCJG-NOPE"))
    found = messages(district)
    missing_item = [
        m for m in found if m.code == "unresolved-reference" and "SCJG-999" in m.message
    ]
    assert missing_item and missing_item[0].path == PLAN
    assert missing_item[0].field == "抽查事项"
    assert missing_item[0].line == line_of(district, PLAN, '"SCJG-999"')
    assert any(m.path == INSPECTORS and "SCJG-NOPE" in m.message for m in found)


def test_credit_code_check_character(district: Path) -> None:
    def corrupt(data: Any) -> None:
        code = data[5]["uscc"]
        data[5]["uscc"] = code[:17] + ("1" if code[17] != "1" else "2")

    edit(district, TARGETS, corrupt)
    message = only(messages(district), "uscc-check-character")
    assert message.field == "统一社会信用代码"
    assert "校验位" in message.message and "应为" in message.expected


def test_industry_code_must_exist(district: Path) -> None:
    edit(district, TARGETS, lambda d: d[2].update(industry="H6288"))
    message = only(messages(district), "industry-code")
    assert message.field == "行业"


def test_status_must_match_history(district: Path) -> None:
    edit(district, TARGETS, lambda d: d[0].update(status="吊销"))
    message = only(messages(district), "status-history-mismatch")
    assert message.field == "登记状态"


def test_plans_use_only_reviewed_active_items(district: Path) -> None:
    def unreview(data: Any) -> None:
        data[0]["legal_review"]["status"] = "待审核"
        data[0]["active"] = False

    edit(district, ITEMS, unreview)
    found = messages(district)
    assert only(found, "item-not-reviewed").path == PLAN
    assert only(found, "item-inactive").field == "抽查事项"


def test_item_reviewer_must_be_the_legal_office(district: Path) -> None:
    edit(district, ITEMS, lambda d: d[0]["legal_review"].update(reviewer="SPYP"))
    message = only(messages(district), "item-reviewer")
    assert "区法制办" in message.expected


def test_certificates_must_cover_the_window(district: Path) -> None:
    def expire(data: Any) -> None:
        for inspector in data:
            inspector["certificate"]["valid_until"] = "2026-05-01"

    edit(district, "records/inspectors/SPYP.yaml", expire)
    message = only(messages(district), "certificate-window")
    assert message.path == PLAN and "区食品药品监管局" in message.message


def test_at_least_two_officers(district: Path) -> None:
    edit(district, PLAN, lambda d: d["tasks"][0].update(officers_per_target=1))
    found = messages(district)
    assert any(
        (m.path == PLAN and m.field == "每户检查人数") or "两" in m.expected
        for m in found
        if m.level == "error"
    )


def test_joint_task_names_two_departments(district: Path) -> None:
    edit(district, PLAN, lambda d: d["tasks"][1].update(cooperating_departments=["SCJG"]))
    message = only(messages(district), "joint-departments")
    assert message.field == "配合部门"


def test_ratio_must_be_within_zero_and_one(district: Path) -> None:
    edit(district, PLAN, lambda d: d["tasks"][0]["strata"]["groups"][0].update(ratio=1.5))
    found = messages(district)
    assert any(m.path == PLAN and m.field == "抽查比例" for m in found)


def test_adjustment_outside_last_week_of_quarter_warns(district: Path) -> None:
    edit(
        district,
        PLAN,
        lambda d: d.update(
            adjustments=[{"version": 2, "date": "2026-02-10", "summary": "调整任务"}]
        ),
    )
    message = only(messages(district), "adjustment-publication")
    assert message.level == "warning"


def test_formats_and_exit_codes(district: Path) -> None:
    edit(district, TARGETS, lambda d: d[3].update(credit_class="E"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "spotcheck.cli", "validate", "--repo", str(district), *args],
            capture_output=True,
            text=True,
            check=False,
        )

    text = run("--today", "2026-03-01")
    assert text.returncode == 1
    assert f"{TARGETS}:" in text.stdout and "信用风险分类" in text.stdout
    as_json = json.loads(run("--format", "json").stdout)
    assert as_json["errors"] == 1 and as_json["messages"][0]["path"] == TARGETS
    github = run("--format", "github").stdout
    assert github.startswith(f"::error file={TARGETS},line=")


def test_cache_gives_the_same_messages(district: Path) -> None:
    edit(district, TARGETS, lambda d: d[3].update(credit_class="E"))
    cold = validate(district, today=TODAY).messages
    warm = validate(district, today=TODAY)
    assert warm.records is None  # served from the report cache
    assert warm.messages == cold
    edit(district, TARGETS, lambda d: d[3].update(credit_class="A"))
    assert validate(district, today=TODAY).messages == []


yaml_noise = st.text(
    alphabet=st.sampled_from([*list("abc:- \n\t'\"[]{}#&*!|>%@`,?0123456789名称"), "\u3000"]),
    max_size=120,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(noise=yaml_noise)
def test_random_yaml_never_produces_a_traceback(
    pristine: Path, noise: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import shutil

    root = tmp_path_factory.mktemp("noise") / "d"
    shutil.copytree(pristine, root)
    for relative in (TARGETS, PLAN, "records/config.yaml"):
        (root / relative).write_text(noise, encoding="utf-8")
        validate(root, today=TODAY, use_cache=False)


EXAMPLE_RESULT = "records/results/2026/2026-AJJ-01/914401141509283735.yaml"


def test_result_checks_kept_by_task_give_the_messages_of_a_full_run(tmp_path: Path) -> None:
    """The result checks' messages are kept task by task (checks.results.TASK_CHECKS): after a
    result changes, only its task is checked again, and the messages are those of a run
    without any cache, in the same order."""
    import shutil

    repo = Path(__file__).resolve().parents[1]
    root = tmp_path / "district"
    shutil.copytree(repo / "records", root / "records")
    today = dt.date(2026, 11, 30)

    def same_as_uncached() -> list[Message]:
        cached = validate(root, today=today).messages
        assert cached == validate(root, today=today, use_cache=False).messages
        return cached

    first = same_as_uncached()
    assert list((root / ".spotcheck-cache").rglob("task-checks/*.json"))
    result = root / EXAMPLE_RESULT
    text = result.read_text(encoding="utf-8")
    # an officer who was not assigned, and an inspection date before the draw
    changed = text.replace('"AJJ-P006"  #', '"AJJ-P001"  #').replace(
        'inspection_date: "2026-03-26"', 'inspection_date: "2026-01-02"'
    )
    assert changed != text
    result.write_text(changed, encoding="utf-8")
    after = same_as_uncached()
    new = [m for m in after if m not in first]
    assert {m.path for m in new} == {EXAMPLE_RESULT}
    assert any(m.code.startswith("result-officer") for m in new), new
    # back as it was: the other tasks' kept messages and this task's first ones
    result.write_text(text, encoding="utf-8")
    assert same_as_uncached() == first
    # the target checks are kept by the directory's files (validation.FOLDER_CHECKS)
    directory = root / "records" / "targets" / "440114005" / "001.yaml"
    listing = directory.read_text(encoding="utf-8")
    assert "914401141509283735" in listing
    directory.write_text(listing.replace("914401141509283735", "914401141509283736"), "utf-8")
    assert any(m.code == "uscc-check-character" for m in same_as_uncached())
