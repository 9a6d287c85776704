"""Review as data: the content digest of an approved version, the review checks, CODEOWNERS
for GitHub and GitLab, the GitLab report format and the questions `init` asks."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spotcheck import approvals, codeowners
from spotcheck.checks.base import CheckContext
from spotcheck.checks.review import (
    check_approval_records,
    check_codeowners,
    check_current_approvals,
)
from spotcheck.commands.init import settings_from
from spotcheck.records import Record, RecordSet
from spotcheck.report import Message, format_gitlab


def item(**changes: Any) -> dict[str, Any]:
    return {
        "id": "SCJG-001",
        "department": "SCJG",
        "name": "企业公示信息的抽查",
        "active": True,
        "legal_basis": [{"law": "《企业信息公示暂行条例》", "article": "第十四条"}],
        "legal_review": {"status": "待审核", "reviewer": "FZB"},
        **changes,
    }


def test_the_digest_is_sha256_of_canonical_json_without_the_review() -> None:
    data = item()
    expected = hashlib.sha256(
        json.dumps(
            {k: v for k, v in data.items() if k != "legal_review"},
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        ).encode("utf-8")
    ).hexdigest()
    assert approvals.content_digest("item", data) == expected
    reviewed = item(legal_review={"status": "已审核", "reviewer": "FZB", "date": "2026-01-01"})
    assert approvals.content_digest("item", reviewed) == expected  # recording the review
    assert approvals.content_digest("item", item(name="另一个名称")) != expected
    # rules: the body counts, line endings do not
    front = {"id": "SCJG-RULES", "department": "SCJG"}
    body = "第一条 总则。\n第二条 附则。\n"
    digest = approvals.content_digest("rules", front, body)
    assert digest == approvals.content_digest("rules", front, body.replace("\n", "\r\n"))
    assert digest != approvals.content_digest("rules", front, body + "第三条\n")
    assert (
        digest
        == hashlib.sha256(
            json.dumps(
                {"front_matter": front, "body": body},
                ensure_ascii=False,
                sort_keys=True,
                separators=(",", ":"),
            ).encode()
        ).hexdigest()
    )


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["a", "b", "c", "名称"]), st.integers() | st.text()))
def test_key_order_never_changes_the_digest(data: dict[str, Any]) -> None:
    reordered = dict(reversed(list(data.items())))
    assert approvals.content_digest("plan", data) == approvals.content_digest("plan", reordered)


def records_with(*records: Record, require: bool = True) -> RecordSet:
    found = RecordSet()
    found.add(
        Record(
            "config",
            "config",
            {"legal_office": "FZB", "require_legal_approval": require, "offices": []},
            "records/config.yaml",
        )
    )
    found.add(
        Record(
            "department",
            "FZB",
            {"id": "FZB", "short_name": "区法制办", "reviewers": [{"name": "张三"}],
             "code_owners": ["@ceshi/fzb"]},
            "records/departments/FZB.yaml",
        )
    )  # fmt: skip
    for record in records:
        found.add(record)
    return found


def approval_of(subject: Record, **changes: Any) -> Record:
    data = approvals.approval_record(
        subject, approver="张三", role="法制审核员", department="FZB", date="2026-01-01"
    )
    data.update(changes)
    return Record("approval", f"{subject.id}@x", data, "records/approvals/x.yaml")


def test_current_content_needs_the_legal_offices_approval() -> None:
    subject = Record("item", "SCJG-001", item(), "records/items/SCJG.yaml", index=0)
    context = CheckContext(today=dt.date(2026, 3, 1))
    [missing] = check_current_approvals(records_with(subject), context)
    assert missing.code == "approval-missing" and "没有区法制部门的审核记录" in missing.message
    assert not list(check_current_approvals(records_with(subject, approval_of(subject)), context))
    assert not list(check_current_approvals(records_with(subject, require=False), context))
    # approved, then changed
    changed = Record("item", "SCJG-001", item(name="改过"), "records/items/SCJG.yaml", index=0)
    [stale] = check_current_approvals(records_with(changed, approval_of(subject)), context)
    assert "审核后已修改" in stale.message
    # an approval from another department does not count, and is itself an error
    other = approval_of(subject, department="SCJG")
    records = records_with(subject, other)
    assert [f.code for f in check_current_approvals(records, context)] == ["approval-missing"]
    assert [f.code for f in check_approval_records(records, context)] == ["approval-department"]
    inactive = Record("item", "SCJG-001", item(active=False), "records/items/SCJG.yaml", index=0)
    assert not list(check_current_approvals(records_with(inactive), context))


def test_approval_records_name_a_listed_approver_and_an_existing_record() -> None:
    subject = Record("plan", "2026-SCJG", {"id": "2026-SCJG"}, "records/plans/2026/SCJG.yaml")
    context = CheckContext()
    unknown = approval_of(subject, approver="王五")
    found = {f.code: f for f in check_approval_records(records_with(unknown), context)}
    assert found["approval-approver"].level == "warning"
    assert found["approval-subject"].level == "warning"  # the plan is not in these records


def test_codeowners_check_compares_with_the_departments() -> None:
    records = records_with()
    text = codeowners.render(records)
    assert not list(check_codeowners(records, CheckContext(codeowners=text)))
    [stale] = check_codeowners(records, CheckContext(codeowners=text + "/x @someone\n"))
    assert stale.code == "codeowners-stale" and stale.level == "error"
    [missing] = check_codeowners(records, CheckContext(codeowners=None))
    assert missing.code == "codeowners-missing" and missing.level == "warning"


# A CODEOWNERS line both platforms read: an anchored path and @owners; no sections,
# negations or character ranges.
LINE = re.compile(
    r"^(/[^\s!\[\]]+) (@[A-Za-z0-9][\w.-]*(/[\w.-]+)*)( @[A-Za-z0-9][\w.-]*(/[\w.-]+)*)*$"
)


def test_example_codeowners_uses_only_syntax_github_and_gitlab_share() -> None:
    from pathlib import Path

    from spotcheck.records import load

    root = Path(__file__).resolve().parents[1]
    text = codeowners.render(load(root))
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines and all(LINE.match(line) for line in lines), [
        line for line in lines if not LINE.match(line)
    ]
    assert not any(line.startswith("[") for line in text.splitlines())
    assert lines[0].startswith("/records/ ")  # the default first: the last matching line wins
    assert any(line.startswith("/records/items/ @example/fzb-reviewers") for line in lines)
    assert any(
        line.startswith("/records/results/*/*-SCJG-*/ @example/scjg-reviewers") for line in lines
    )


def test_gitlab_code_quality_report() -> None:
    messages = [
        Message("error", "records/items/SCJG.yaml", 3, 5, "SCJG-001", "名称", "不对", code="x"),
        Message("warning", "records/config.yaml", None, None, "", "", "提醒"),
    ]
    report = json.loads(format_gitlab(messages))
    assert [r["severity"] for r in report] == ["minor", "major"]  # sorted by path
    assert report[1]["location"] == {"path": "records/items/SCJG.yaml", "lines": {"begin": 3}}
    assert len({r["fingerprint"] for r in report}) == 2


def test_init_asks_when_a_terminal_is_attached(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(["海珠区", "440105", "", "SCJG=区市场监管局，SPYP=区食药监局"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    args = argparse.Namespace(
        name=None, code=None, legal_office=None, department=[], site_url=None, repo_url=None
    )
    settings = settings_from(args, interactive=True)
    assert (settings.name, settings.code) == ("海珠区", "440105")
    assert settings.legal_office == ("FZB", "区司法局")
    assert settings.departments == (("SCJG", "区市场监管局"), ("SPYP", "区食药监局"))
    quiet = settings_from(args, interactive=False)
    assert (quiet.name, quiet.code) == ("示例区", "000000")
