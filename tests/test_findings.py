"""The table of finding codes (`spotcheck.findings`): every code the validator can report is in
it, is produced by a test here (one broken record per code, validated for real), is reported
no more severely than the table says, and is documented in docs/findings.md."""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from spotcheck import approvals, yamlio
from spotcheck.cli import main
from spotcheck.findings import (
    FINDINGS,
    SCHEMA_PREFIX,
    blocks_publication,
    finding_code,
    reference_markdown,
)
from spotcheck.idcard import check_character
from spotcheck.records import load
from spotcheck.report import Message
from spotcheck.schemas import SchemaSet, schemas_dir
from spotcheck.trust.history import HistoryFinding
from spotcheck.trust.history_check import finding_message
from spotcheck.validation import validate
from tests.fixtures import make_district
from tests.results.fixture_repo import (
    JOINT_TASK,
    TASK,
    assigned,
    code,
    commit_all,
    fresh_repo,
    good_result,
    selected,
    write_records,
    write_result,
    write_result_list,
)

ROOT = Path(__file__).resolve().parent.parent
DISTRICT_DAY = dt.date(2026, 3, 1)  # the small district's plans are ahead
RESULTS_DAY = dt.date(2026, 11, 28)  # the results fixture's task window ends on 11-30

Draws = dict[str, dict[str, Any]]


# --- the two fixtures, and small edits ---------------------------------------------------------


def district(tmp_path: Path) -> Path:
    return make_district(tmp_path / "d", commit=False)


def results_repo(tmp_path: Path, *, git: bool = False) -> tuple[Path, Draws]:
    return fresh_repo(tmp_path, git=git)


def edit(root: Path, relative: str, change: Callable[[Any], None]) -> None:
    path = root / "records" / relative
    data = yamlio.parse(path.read_text(encoding="utf-8"), relative)
    change(data)
    path.write_text(yamlio.dump(data), encoding="utf-8")


def run(root: Path, today: dt.date, schemas: SchemaSet | None = None) -> list[Message]:
    return validate(root, today=today, use_cache=False, schemas=schemas).messages


def on_district(change: Callable[[Path], None]) -> Callable[[Path], list[Message]]:
    def case(tmp_path: Path) -> list[Message]:
        root = district(tmp_path)
        change(root)
        return run(root, DISTRICT_DAY)

    return case


def on_result(
    change: Callable[[Draws, str], dict[str, Any]], today: dt.date = RESULTS_DAY
) -> Callable[[Path], list[Message]]:
    """A result for the first selected target of TASK, changed by `change`."""

    def case(tmp_path: Path) -> list[Message]:
        root, draws = results_repo(tmp_path)
        write_result(root, change(draws, selected(draws[TASK])[0]))
        return run(root, today)

    return case


def officers_of(draws: Draws, target: str) -> list[str]:
    return [o["inspector"] for o in assigned(draws[TASK], target)]


def spare_officer(draws: Draws, target: str) -> str:
    taken = officers_of(draws, target)
    return next(f"SCJG-P{n:03d}" for n in range(2, 9) if f"SCJG-P{n:03d}" not in taken)


def with_codes(*codes: str) -> Callable[[Draws, str], dict[str, Any]]:
    def change(draws: Draws, target: str) -> dict[str, Any]:
        data = good_result(draws[TASK], target)
        data["items"][0]["codes"] = list(codes)
        return data

    return change


# --- one broken record per code ----------------------------------------------------------------


def _append(relative: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / "records" / relative
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return change


def _write_text(relative: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / "records" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    return change


def _edit(relative: str, change: Callable[[Any], None]) -> Callable[[Path], None]:
    return lambda root: edit(root, relative, change)


TARGETS = "targets/440114001/001.yaml"
PLAN = "plans/2026/SCJG.yaml"
ITEMS = "items/SCJG.yaml"
INSPECTORS = "inspectors/SCJG.yaml"


def _duplicate_target(root: Path) -> None:
    first = yamlio.parse((root / "records" / TARGETS).read_text(encoding="utf-8"), "t")[:1]
    _write_text("targets/440114002/001.yaml", yamlio.dump(first))(root)


def _corrupt_check_character(data: Any) -> None:
    uscc = data[5]["uscc"]
    data[5]["uscc"] = uscc[:17] + ("1" if uscc[17] != "1" else "2")


def _task(index: int, **changes: Any) -> Callable[[Any], None]:
    return lambda plan: plan["tasks"][index].update(changes)


def _certificate(index: int, **changes: str) -> Callable[[Any], None]:
    return lambda people: people[index]["certificate"].update(changes)


def _schema_missing(tmp_path: Path) -> list[Message]:
    """An installation without the calendar schema, and a calendar record to check."""
    folder = tmp_path / "schemas"
    shutil.copytree(schemas_dir(), folder)
    (folder / "calendar.schema.json").unlink()
    root = district(tmp_path)
    write_records(root, {"calendars/2026.yaml": {"year": 2026, "source": "测试", "holidays": []}})
    return run(root, DISTRICT_DAY, SchemaSet(folder))


def _target_not_drawn(draws: Draws, target: str) -> dict[str, Any]:
    reserves = [r["target"] for s in draws[TASK]["strata"] for r in s["reserves"]]
    outsider = next(t for t in map(code, range(1, 11)) if t not in selected(draws[TASK]) + reserves)
    return {**good_result(draws[TASK], target), "target": outsider}


def _wrong_file_name(tmp_path: Path) -> list[Message]:
    root, draws = results_repo(tmp_path)
    chosen = selected(draws[TASK])
    path = root / "records/results/2026" / TASK / f"{chosen[1]}.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yamlio.dump(good_result(draws[TASK], chosen[0])), encoding="utf-8")
    return run(root, RESULTS_DAY)


def _result_list_as_mapping(tmp_path: Path) -> list[Message]:
    root, draws = results_repo(tmp_path)
    path = write_result_list(root, [])
    path.write_text(yamlio.dump(good_result(draws[TASK], selected(draws[TASK])[0])), "utf-8")
    return run(root, RESULTS_DAY)


def _result_list_out_of_order(tmp_path: Path) -> list[Message]:
    root, draws = results_repo(tmp_path)
    chosen = sorted(selected(draws[TASK]))[:2]
    write_result_list(root, [good_result(draws[TASK], t) for t in reversed(chosen)])
    return run(root, RESULTS_DAY)


def _substitute(draws: Draws, target: str, replacement: str) -> dict[str, Any]:
    officers = officers_of(draws, target)
    return good_result(
        draws[TASK],
        target,
        officers=[officers[0], replacement],
        substitutions=[{"original": officers[1], "replacement": replacement, "reason": "回避"}],
    )


def _officer_conflict(tmp_path: Path) -> list[Message]:
    root, draws = results_repo(tmp_path)
    target = selected(draws[TASK])[0]
    officer = officers_of(draws, target)[0]

    def declare(people: Any) -> None:
        for person in people:
            if person["id"] == officer:
                person["conflicts"] = [{"target": target, "reason": "亲属任职"}]

    edit(root, INSPECTORS, declare)
    write_result(root, good_result(draws[TASK], target))
    return run(root, RESULTS_DAY)


def _officer_certificate(tmp_path: Path) -> list[Message]:
    root, draws = results_repo(tmp_path)
    target = selected(draws[TASK])[0]
    officer = officers_of(draws, target)[0]

    def expire(people: Any) -> None:
        for person in people:
            if person["id"] == officer:
                person["certificate"]["valid_until"] = "2026-11-15"

    edit(root, INSPECTORS, expire)
    write_result(root, good_result(draws[TASK], target))
    return run(root, RESULTS_DAY)


def _edited_after_publication(tmp_path: Path) -> list[Message]:
    root, draws = results_repo(tmp_path, git=True)
    data = good_result(draws[TASK], selected(draws[TASK])[0], published="2026-11-25")
    write_result(root, data)
    commit_all(root, "publish")
    data["methods"] = ["书面检查"]
    write_result(root, data)
    return run(root, RESULTS_DAY)


def _no_results(today: dt.date) -> Callable[[Path], list[Message]]:
    def case(tmp_path: Path) -> list[Message]:
        root, _ = results_repo(tmp_path)
        return run(root, today)

    return case


def _joint_result_in_december(tmp_path: Path) -> list[Message]:
    """Its publication deadline falls in 2027, which has no calendar."""
    root, draws = results_repo(tmp_path)
    target = selected(draws[JOINT_TASK])[0]
    data = {
        "task": JOINT_TASK,
        "target": target,
        "inspection_date": "2026-12-10",
        "officers": [o["inspector"] for o in assigned(draws[JOINT_TASK], target)],
        "methods": ["实地检查"],
        "items": [
            {"item": "SCJG-001", "codes": ["未发现问题"]},
            {"item": "WJ-001", "codes": ["未发现问题"]},
        ],
    }
    write_result(root, data)
    return run(root, dt.date(2026, 12, 11))


def _calendar(**data: Any) -> Callable[[Path], list[Message]]:
    def case(tmp_path: Path) -> list[Message]:
        root, _ = results_repo(tmp_path)
        write_records(root, {"calendars/2027.yaml": {"year": 2027, "source": "测试", **data}})
        return run(root, RESULTS_DAY)

    return case


# --- hostile and broken files (issue 13) -------------------------------------------------------


def _with_limits(root: Path, **limits: int) -> None:
    edit(root, "config.yaml", lambda config: config.update(limits=limits))


def _oversized_department(root: Path) -> None:
    _with_limits(root, file_bytes=1024 * 1024)
    _append("departments/SCJG.yaml", "# " + "很长的注释" * 80_000 + "\n")(root)


def _too_many_items(root: Path) -> None:
    _with_limits(root, records_per_file=100)
    edit(
        root,
        ITEMS,
        lambda items: items.extend(dict(items[0], id=f"SCJG-{n}") for n in range(200, 301)),
    )


def _deep_department(root: Path) -> None:
    nested = "".join("  " * level + f"k{level}:\n" for level in range(40)) + "  " * 40 + "1\n"
    _append(
        "departments/SCJG.yaml",
        "extra:\n" + "".join("  " + line + "\n" for line in nested.splitlines()),
    )(root)


def _wrong_id_check_digit(people: Any) -> None:
    first17 = "44011419800101123"
    right = check_character(first17)
    people[0]["id_number"] = first17 + ("0" if right != "0" else "1")


def _ratio_changed_after_draw(tmp_path: Path) -> list[Message]:
    root, _ = results_repo(tmp_path)
    edit(root, "plans/2026/SCJG.yaml", lambda plan: plan["tasks"][0].update(count=6))
    return run(root, RESULTS_DAY)


BREAKS: dict[str, Callable[[Path], list[Message]]] = {
    # files and schemas
    "yaml-syntax": on_district(_append("departments/SCJG.yaml", 'name: "又一个名字"\n')),
    "yaml-key": on_district(_append("departments/SCJG.yaml", '2026: "没有字段名"\n')),
    "file-shape": on_district(_write_text("departments/SCJG.yaml", "- 区市场监管局\n")),
    "unknown-file": on_district(_write_text("notes/todo.yaml", "todo: 1\n")),
    f"{SCHEMA_PREFIX}*": on_district(_edit(TARGETS, lambda d: d[3].update(credit_class="E"))),
    "schema-missing": _schema_missing,
    "yaml-alias": on_district(_append("departments/SCJG.yaml", 'note: &n "一"\nnote2: *n\n')),
    "yaml-depth": on_district(_deep_department),
    "file-encoding": on_district(_append("departments/SCJG.yaml", 'note: "\x00"\n')),
    "file-empty": on_district(_write_text("departments/SCJG.yaml", "# 还没有填写\n")),
    "file-too-large": on_district(_oversized_department),
    "file-too-many-records": on_district(_too_many_items),
    "config-missing": on_district(lambda root: (root / "records" / "config.yaml").unlink()),
    # identities and references
    "duplicate-id": on_district(_duplicate_target),
    "unresolved-reference": on_district(
        _edit(PLAN, lambda d: d["tasks"][0]["items"].append("SCJG-999"))
    ),
    # targets
    "uscc-check-character": on_district(_edit(TARGETS, _corrupt_check_character)),
    "industry-code": on_district(_edit(TARGETS, lambda d: d[2].update(industry="H6288"))),
    "status-history-order": on_district(
        _edit(TARGETS, lambda d: d[9]["status_history"][1].update(date="2014-01-01"))
    ),
    "status-history-mismatch": on_district(_edit(TARGETS, lambda d: d[0].update(status="吊销"))),
    # items
    "item-reviewer": on_district(
        _edit(ITEMS, lambda d: d[0]["legal_review"].update(reviewer="SPYP"))
    ),
    "item-review-date": on_district(_edit(ITEMS, lambda d: d[0]["legal_review"].pop("date"))),
    "item-inactive": on_district(_edit(ITEMS, lambda d: d[0].update(active=False))),
    "item-not-reviewed": on_district(
        _edit(ITEMS, lambda d: d[0]["legal_review"].update(status="待审核"))
    ),
    # inspectors
    "certificate-duplicate": on_district(
        _edit(INSPECTORS, _certificate(1, number="SCJG4401140001"))
    ),
    "certificate-dates": on_district(_edit(INSPECTORS, _certificate(0, valid_from="2029-01-01"))),
    "certificate-expired": on_district(
        _edit(INSPECTORS, _certificate(0, valid_until="2026-02-01"))
    ),
    "id-number": on_district(_edit(INSPECTORS, _wrong_id_check_digit)),
    # plans and tasks
    "task-window": on_district(
        _edit(PLAN, _task(0, window={"start": "2026-04-01", "end": "2026-03-15"}))
    ),
    "task-window-year": on_district(
        _edit(PLAN, _task(0, window={"start": "2025-12-01", "end": "2026-06-30"}))
    ),
    "too-few-officers": on_district(_edit(PLAN, _task(0, officers_per_target=1))),
    "joint-departments": on_district(_edit(PLAN, _task(1, cooperating_departments=["SCJG"]))),
    "task-lead": on_district(_edit(PLAN, _task(0, lead_department="SPYP"))),
    "strata-duplicate": on_district(
        _edit(PLAN, lambda d: d["tasks"][0]["strata"]["groups"][1].update(value="A"))
    ),
    "task-size": on_district(_edit(PLAN, lambda d: d["tasks"][1].pop("count"))),
    "certificate-window": on_district(
        _edit(
            "inspectors/SPYP.yaml",
            lambda d: [p["certificate"].update(valid_until="2026-05-01") for p in d],
        )
    ),
    "adjustment-version": on_district(
        _edit(
            PLAN,
            lambda d: d.update(
                adjustments=[
                    {"version": 2, "date": "2026-03-25", "summary": "调整任务"},
                    {"version": 2, "date": "2026-03-26", "summary": "再次调整"},
                ]
            ),
        )
    ),
    "adjustment-publication": on_district(
        _edit(
            PLAN,
            lambda d: d.update(
                adjustments=[{"version": 2, "date": "2026-02-10", "summary": "调整任务"}]
            ),
        )
    ),
    "plan-changed-after-draw": _ratio_changed_after_draw,
    # results: which result, by whom
    "result-path": _wrong_file_name,
    "result-file-shape": _result_list_as_mapping,
    "result-list-order": _result_list_out_of_order,
    "result-task": on_result(lambda d, t: {**good_result(d[TASK], t), "task": "2026-SCJG-09"}),
    "result-not-drawn": on_result(_target_not_drawn),
    "result-reserve": on_result(
        lambda d, t: {
            **good_result(d[TASK], t),
            "target": d[TASK]["strata"][0]["reserves"][0]["target"],
        }
    ),
    "result-officer": on_result(
        lambda d, t: good_result(d[TASK], t, officers=[officers_of(d, t)[0], "SCJG-P099"])
    ),
    "result-officer-not-assigned": on_result(
        lambda d, t: good_result(d[TASK], t, officers=[officers_of(d, t)[0], spare_officer(d, t)])
    ),
    "result-officer-certificate": _officer_certificate,
    "result-officer-conflict": _officer_conflict,
    "result-officer-missing": on_result(
        lambda d, t: good_result(d[TASK], t, officers=[officers_of(d, t)[0], spare_officer(d, t)])
    ),
    "result-substitution": on_result(
        lambda d, t: good_result(
            d[TASK],
            t,
            substitutions=[
                {"original": spare_officer(d, t), "replacement": "SCJG-P008", "reason": "请假"}
            ],
        )
    ),
    "result-substitution-department": on_result(lambda d, t: _substitute(d, t, "WJ-P001")),
    # results: what they say
    "result-codes": on_result(with_codes("未发现问题", "发现问题已责令改正")),
    "result-item": on_result(
        lambda d, t: good_result(d[TASK], t, items=[{"item": "WJ-001", "codes": ["未发现问题"]}])
    ),
    "result-item-missing": on_result(
        lambda d, t: good_result(d[TASK], t, items=[{"item": "SCJG-001", "codes": ["未发现问题"]}])
    ),
    "result-method": on_result(lambda d, t: good_result(d[TASK], t, methods=["委托专业机构"])),
    "result-registration": on_result(with_codes("已注销")),
    "result-follow-up": on_result(with_codes("发现问题已责令改正")),
    # results: when
    "result-date": on_result(lambda d, t: good_result(d[TASK], t, inspection_date="2026-11-29")),
    "result-date-late": on_result(
        lambda d, t: good_result(d[TASK], t, inspection_date="2026-12-01"),
        today=dt.date(2026, 12, 2),
    ),
    "result-published-date": on_result(
        lambda d, t: good_result(d[TASK], t, published="2026-11-19")
    ),
    "result-correction": on_result(
        lambda d, t: good_result(
            d[TASK],
            t,
            corrections=[{"date": "2026-11-24", "reason": "录入错误", "changes": "更正"}],
        )
    ),
    "result-edited-after-publication": _edited_after_publication,
    "plan-burden": on_district(
        lambda root: edit(
            root, "config.yaml", lambda config: config.update(max_inspections_per_business=1)
        )
    ),
    # deadlines and calendars
    "deadline-publication-overdue": on_result(
        lambda d, t: good_result(d[TASK], t, inspection_date="2026-10-29")
    ),
    "deadline-publication-near": on_result(
        lambda d, t: good_result(d[TASK], t, inspection_date="2026-11-03")
    ),
    "deadline-published-late": on_result(
        lambda d, t: good_result(d[TASK], t, inspection_date="2026-10-08", published="2026-11-27")
    ),
    "deadline-inspection-overdue": _no_results(dt.date(2026, 12, 1)),
    "deadline-inspection-near": _no_results(RESULTS_DAY),
    "calendar-missing": _joint_result_in_december,
    "calendar-year": _calendar(holidays=["2027-01-01", "2028-01-01"], workdays=[]),
    "calendar-workday": _calendar(holidays=["2027-01-01"], workdays=["2027-01-04"]),
    "calendar-conflict": _calendar(holidays=["2027-01-02"], workdays=["2027-01-02"]),
}


def test_every_code_in_the_table_has_a_broken_record() -> None:
    assert sorted(BREAKS) == sorted(entry.code for entry in FINDINGS)


# Over the table, not over BREAKS: the cases of the last section of this file are added after
# this line runs; a table code without a case fails here (KeyError) and in the test above.
@pytest.mark.parametrize("code_", sorted(entry.code for entry in FINDINGS))
def test_the_broken_record_produces_its_code(code_: str, tmp_path: Path) -> None:
    messages = BREAKS[code_](tmp_path)
    wanted = finding_code(code_)
    found = [m for m in messages if finding_code(m.code) == wanted]
    assert found, f"没有 {code_}：" + "\n".join(m.text() for m in messages)
    for message in messages:  # whatever else the break set off is in the table too
        entry = finding_code(message.code)
        assert entry is not None, f"{message.code} 不在 generator/findings.py 的表中"
        assert message.level == "warning" or entry.level == "error", message.text()


def _codes_in_source() -> set[str]:
    """Every `code="…"` literal in the package, as an argument or a parameter's default
    (`schema-…` codes are made from the keyword),
    and every module-level `RULE_… = "…"` constant of generator/trust/ (the history and
    checkpoint rules, which reach the report as `Message.code` by way of `HistoryFinding.rule`)."""
    found = set()
    for path in (ROOT / "generator").rglob("*.py"):
        module = ast.parse(path.read_text(encoding="utf-8"))
        for statement in module.body:
            if (
                path.parent.name == "trust"
                and isinstance(statement, ast.Assign)
                and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name)
                and statement.targets[0].id.startswith("RULE_")
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)
            ):
                found.add(statement.value.value)
        for node in ast.walk(module):
            if isinstance(node, ast.arguments):  # `code: str = "yaml-syntax"` defaults
                positional = [*node.posonlyargs, *node.args]
                pairs = [
                    *zip(
                        positional[len(positional) - len(node.defaults) :],
                        node.defaults,
                        strict=True,
                    ),
                    *zip(node.kwonlyargs, node.kw_defaults, strict=True),
                ]
                found.update(
                    default.value
                    for argument, default in pairs
                    if argument.arg == "code"
                    and isinstance(default, ast.Constant)
                    and isinstance(default.value, str)
                )
            if isinstance(node, ast.keyword) and node.arg == "code":
                if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                    found.add(node.value.value)
                elif isinstance(node.value, ast.JoinedStr):
                    prefix = node.value.values[0]
                    assert isinstance(prefix, ast.Constant) and prefix.value == SCHEMA_PREFIX
                    found.add(f"{SCHEMA_PREFIX}*")
    return found


def test_the_table_lists_exactly_the_codes_the_package_reports() -> None:
    assert _codes_in_source() == {entry.code for entry in FINDINGS}


def test_the_table_is_consistent() -> None:
    codes = [entry.code for entry in FINDINGS]
    assert len(codes) == len(set(codes))
    for entry in FINDINGS:
        assert entry.description and entry.fix, entry.code
        if entry.level == "warning":
            assert not entry.blocks_publication, entry.code  # a warning never blocks
    not_blocking = {e.code for e in FINDINGS if e.level == "error" and not e.blocks_publication}
    assert not_blocking == {"deadline-publication-overdue", "deadline-inspection-overdue"}
    assert blocks_publication("schema-required") and blocks_publication("no-such-code")


def test_the_reference_document_is_generated_from_the_table() -> None:
    document = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    assert document == reference_markdown(), "运行 python -m spotcheck.findings > docs/findings.md"
    for entry in FINDINGS:
        assert f"`{entry.code}`" in document


# --- approvals, CODEOWNERS, the history and the checkpoint ---------------------------------------
# The review codes on the small district, validated for real; the history and checkpoint codes
# on small real git repositories, through `spotcheck audit --format json` (the command that
# reports all of them; `validate` reports the history rules too, without --require-signed).


def _require_approval(root: Path) -> None:
    edit(root, "config.yaml", lambda config: config.update(require_legal_approval=True))


def _approve_item(**changes: str) -> Callable[[Path], None]:
    """An approval of SCJG-001's current content by the legal office, changed by `changes`."""

    def change(root: Path) -> None:
        item = load(root, use_cache=False).get("item", "SCJG-001")
        assert item is not None
        data = approvals.approval_record(
            item, approver="区法制办审核员", role="法制审核员", department="FZB", date="2026-01-12"
        )
        data.update(changes)
        path = root / approvals.approval_path("item", "SCJG-001", data["digest"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yamlio.dump(data), encoding="utf-8")

    return change


def _stale_codeowners(root: Path) -> None:
    (root / "CODEOWNERS").write_text("/records/ @someone-else\n", encoding="utf-8")


def _git(root: Path, *args: str, day: int | None = None) -> None:
    env = dict(os.environ)
    if day is not None:
        when = f"2026-03-{day:02d}T10:00:00+08:00"
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


DRAWS = "records/draws/2026/2026-SCJG-01"


def _history(*steps: tuple[int, dict[str, str | None]]) -> Callable[[Path], Path]:
    """A git repository whose commits are `steps`: (day, {path: text, or None to remove})."""

    def make(tmp_path: Path) -> Path:
        root = tmp_path / "history"
        root.mkdir()
        _git(root, "init", "-q", "-b", "main")
        _git(root, "config", "user.name", "测试员")
        _git(root, "config", "user.email", "tester@example.org")
        _git(root, "config", "commit.gpgsign", "false")
        config = {"records/config.yaml": "district: {name: 花都区, code: '440114'}\n"}
        for day, files in [(1, config), *steps]:
            for relative, text in files.items():
                if text is None:
                    _git(root, "rm", "-q", relative)
                else:
                    (root / relative).parent.mkdir(parents=True, exist_ok=True)
                    (root / relative).write_text(text, encoding="utf-8")
            _git(root, "add", "-A")
            _git(root, "commit", "-q", "--allow-empty", "-m", f"day {day}", day=day)
        return root

    return make


def _spotcheck(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(list(argv))
    return out.getvalue()


def _audit(
    history: Callable[[Path], Path],
    *options: str,
    after: Callable[[Path, Path], None] | None = None,
) -> Callable[[Path], list[Message]]:
    """`spotcheck audit` of `history` (changed by `after(root, checkpoint)` once a checkpoint
    of it is written), its findings as the validator's messages."""

    def case(tmp_path: Path) -> list[Message]:
        root = history(tmp_path)
        checkpoint = tmp_path / "checkpoint.json"
        if after is not None:
            _spotcheck("checkpoint", "--repo", str(root), "-o", str(checkpoint))
            after(root, checkpoint)
            options_ = [*options, "--checkpoint", str(checkpoint)]
        else:
            options_ = list(options)
        report = json.loads(_spotcheck("audit", "--repo", str(root), *options_, "--format", "json"))
        return [finding_message(HistoryFinding(**found)) for found in report["findings"]]

    return case


COMMITMENT = yamlio.dump({"task": "2026-SCJG-01", "seed_source": {"available_at": "2026-03-10"}})
DRAWN = _history((2, {f"{DRAWS}/draw.yaml": "seed: a\n"}))


def _reset_and_redraw(root: Path, checkpoint: Path) -> None:
    _git(root, "reset", "-q", "--hard", "HEAD~1")
    (root / DRAWS).mkdir(parents=True)
    (root / DRAWS / "draw.yaml").write_text("seed: b\n", encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "drawn again", day=3)


def _remove_the_draw(root: Path, checkpoint: Path) -> None:
    _git(root, "rm", "-q", f"{DRAWS}/draw.yaml")
    _git(root, "commit", "-q", "-m", "removed", day=3)


def _rewrite_the_draw(root: Path, checkpoint: Path) -> None:
    (root / DRAWS / "draw.yaml").write_text("seed: b\n", encoding="utf-8")
    _git(root, "commit", "-q", "-a", "-m", "rewritten", day=3)


def _tamper(root: Path, checkpoint: Path) -> None:
    data = json.loads(checkpoint.read_text(encoding="utf-8"))
    data["files"].clear()  # hide the draw from the evidence; the digest no longer matches
    checkpoint.write_text(json.dumps(data), encoding="utf-8")


BREAKS.update(
    {
        # approvals and CODEOWNERS
        "approval-missing": on_district(_require_approval),
        "approval-department": on_district(_approve_item(department="SCJG")),
        "approval-approver": on_district(_approve_item(approver="王五")),
        "approval-subject": on_district(_approve_item(subject="SCJG-999")),
        "codeowners-missing": on_district(_require_approval),
        "codeowners-stale": on_district(_stale_codeowners),
        # the history
        "history.deleted": _audit(
            _history(
                (2, {f"{DRAWS}/void-1.yaml": "reason: 测试\n"}), (3, {f"{DRAWS}/void-1.yaml": None})
            )
        ),
        "history.rewritten": _audit(
            _history(
                (2, {f"{DRAWS}/draw.yaml": "seed: a\n"}), (3, {f"{DRAWS}/draw.yaml": "seed: b\n"})
            )
        ),
        "history.reveal-before-seed": _audit(
            _history(
                (12, {f"{DRAWS}/commitment.yaml": COMMITMENT, f"{DRAWS}/reveal.yaml": "seed: x\n"})
            )
        ),
        "history.date-before-parent": _audit(
            _history((20, {}), (18, {f"{DRAWS}/commitment.yaml": COMMITMENT}))
        ),
        "history.unsigned": _audit(DRAWN, "--require-signed"),
        # the checkpoint
        "checkpoint.not-extended": _audit(DRAWN, after=_reset_and_redraw),
        "checkpoint.deleted": _audit(DRAWN, after=_remove_the_draw),
        "checkpoint.rewritten": _audit(DRAWN, after=_rewrite_the_draw),
        "checkpoint.corrupt": _audit(DRAWN, after=_tamper),
    }
)
