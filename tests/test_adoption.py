"""A district adopts spotcheck (issue 10), end to end on temporary repositories with the real
command: `init` → departments, reviewers and CODEOWNERS → inspectors imported → items with and
without the legal office's approval → a plan → `validate` and `build`."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from spotcheck import approvals, codeowners, yamlio
from spotcheck.importing.inspectors import COLUMNS
from spotcheck.records import load
from tests.results.fixture_repo import with_check_character

ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "GIT_AUTHOR_NAME": "测试",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "测试",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}
TODAY = "2026-03-01"


def spotcheck(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spotcheck.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=ENV,
        stdin=subprocess.DEVNULL,  # no terminal: init must not ask
        timeout=600,
    )


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=ENV
    ).stdout


def read(root: Path, relative: str) -> Any:
    return yamlio.parse((root / relative).read_text(encoding="utf-8"), relative)


def write(root: Path, relative: str, data: Any, modeline: str | None = None) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yamlio.dump(data, modeline), encoding="utf-8")


def codes(result: subprocess.CompletedProcess[str], root: Path) -> set[str]:
    found = spotcheck("validate", "--format", "json", "--today", TODAY, "--repo", str(root))
    return {m["code"] for m in json.loads(found.stdout)["messages"]}


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("adopt") / "huadu"
    made = spotcheck(
        "init",
        str(root),
        "--name",
        "测试区",
        "--code",
        "440199",
        "--legal-office",
        "FZB=区法制办",
        "--department",
        "SCJG=区市场监督管理局",
    )
    assert made.returncode == 0, made.stdout + made.stderr
    return root


def test_init_writes_a_repository_that_validates_and_builds_at_once(district: Path) -> None:
    for relative in (
        ".github/workflows/records.yml",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
        ".vscode/settings.json",
        ".gitignore",
        "CODEOWNERS",
        "README.md",
        "requirements.txt",
        "schemas/item.schema.json",
        "schemas/editor/target-list.schema.json",
        "records/departments/FZB.yaml",
        "records/departments/SCJG.yaml",
        "records/items/README.md",
        "records/approvals/README.md",
    ):
        assert (district / relative).is_file(), relative
    config = read(district, "records/config.yaml")
    assert config["district"] == {"name": "测试区", "code": "440199"}
    assert config["legal_office"] == "FZB" and config["require_legal_approval"] is True
    # modelines point at the copied schemas, as editors need
    first = (district / "records/config.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/config.schema.json"
    assert (district / "public" / "index.html").is_file()  # the empty site was built
    assert "初始化测试区" in git(district, "log", "--format=%s")
    assert git(district, "status", "--porcelain") == ""  # everything committed, public/ ignored
    again = spotcheck("validate", "--today", TODAY, "--repo", str(district))
    assert again.returncode == 0, again.stdout


def test_init_without_a_terminal_uses_placeholders_and_refuses_a_used_folder(
    tmp_path: Path,
) -> None:
    made = spotcheck("init", str(tmp_path / "new"), "--no-build")
    assert made.returncode == 0, made.stdout + made.stderr
    config = read(tmp_path / "new", "records/config.yaml")
    assert config["district"] == {"name": "示例区", "code": "000000"}
    assert "占位值" in made.stdout
    assert (tmp_path / "new/records/departments/SCJG.yaml").is_file()
    refused = spotcheck("init", str(tmp_path / "new"))
    assert refused.returncode != 0 and "不是空目录" in refused.stderr
    bad = spotcheck("init", str(tmp_path / "other"), "--code", "4401")
    assert bad.returncode != 0 and "6 位数字" in bad.stderr
    assert not (tmp_path / "other").exists()


def _set_up_departments(root: Path) -> None:
    """Reviewers and platform owners; region, office; CODEOWNERS regenerated."""
    legal = read(root, "records/departments/FZB.yaml")
    legal["reviewers"] = [{"name": "张三", "role": "法制审核员"}]
    legal["code_owners"] = ["@ceshi/fzb"]
    write(root, "records/departments/FZB.yaml", legal, "../../schemas/department.schema.json")
    scjg = read(root, "records/departments/SCJG.yaml")
    scjg["reviewers"] = [{"name": "李四", "github": "lisi-ceshi", "role": "科室负责人"}]
    write(root, "records/departments/SCJG.yaml", scjg, "../../schemas/department.schema.json")
    config = read(root, "records/config.yaml")
    config["regions"] = [{"code": "440199001", "name": "测试街道"}]
    config["offices"] = [
        {"id": "SCJG-CS", "name": "测试市场监管所", "department": "SCJG", "regions": ["440199001"]}
    ]
    write(root, "records/config.yaml", config, "../schemas/config.schema.json")


def _item(number: int, *, active: bool = True) -> dict[str, Any]:
    return {
        "id": f"SCJG-00{number}",
        "department": "SCJG",
        "category": "企业信息公示检查",
        "name": f"企业公示信息的抽查{number}",
        "target_type": "企业",
        "level": "一般检查事项",
        "methods": ["书面检查"],
        "legal_basis": [{"law": "《企业信息公示暂行条例》", "article": "第十四条"}],
        "content": "企业年度报告公示信息的真实性。",
        "active": active,
        "legal_review": {"status": "待审核", "reviewer": "FZB"},
    }


def _plan() -> dict[str, Any]:
    return {
        "id": "2026-SCJG",
        "year": 2026,
        "department": "SCJG",
        "title": "区市场监督管理局2026年度抽查计划",
        "published": "2026-02-01",
        "tasks": [
            {
                "id": "2026-SCJG-01",
                "name": "企业公示信息不定向抽查",
                "type": "不定向",
                "items": ["SCJG-001"],
                "ratio": 0.05,
                "window": {"start": "2026-04-01", "end": "2026-10-31"},
                "lead_department": "SCJG",
                "officers_per_target": 2,
            }
        ],
    }


def _personnel_csv(path: Path, people: int) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(COLUMNS))
        for n in range(1, people + 1):
            writer.writerow(
                [f"SCJG-P00{n}", f"检查员{n}", "男", with_check_character(f"44019919800101{n:03d}"), f"1390000000{n}",
                 "科员", "SCJG", f"4401990100{n:05d}", "2024-01-01", "2029-12-31", "企业监管",
                 "SCJG-CS", "否", "是"]
            )  # fmt: skip
    return path


def test_a_department_goes_from_nothing_to_a_published_site(district: Path, tmp_path: Path) -> None:
    root = district
    _set_up_departments(root)
    stale = spotcheck("validate", "--today", TODAY, "--repo", str(root))
    assert "codeowners-stale" in {
        m["code"]
        for m in json.loads(
            spotcheck("validate", "--format", "json", "--today", TODAY, "--repo", str(root)).stdout
        )["messages"]
    }, stale.stdout
    assert spotcheck("codeowners", "--check", "--repo", str(root)).returncode == 1
    assert spotcheck("codeowners", "--repo", str(root)).returncode == 0
    owners = (root / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/records/items/ @ceshi/fzb" in owners
    assert "/records/inspectors/SCJG.yaml @lisi-ceshi" in owners
    assert "/records/targets/440199001/ @lisi-ceshi" in owners

    imported = spotcheck(
        "import", "inspectors", str(_personnel_csv(tmp_path / "人员.csv", 3)), "--repo", str(root)
    )
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "新增 3 人" in imported.stdout

    # an item without approval is refused; an inactive one needs none
    write(
        root,
        "records/items/SCJG.yaml",
        [_item(1), _item(2), _item(3, active=False)],
        "../../schemas/editor/item-list.schema.json",
    )
    write(root, "records/plans/2026/SCJG.yaml", _plan(), "../../../schemas/plan.schema.json")
    result = spotcheck("validate", "--format", "json", "--today", TODAY, "--repo", str(root))
    missing = [m for m in json.loads(result.stdout)["messages"] if m["code"] == "approval-missing"]
    assert {m["record"] for m in missing} == {"SCJG-001", "SCJG-002", "2026-SCJG"}
    assert all("区法制部门" in m["message"] and "spotcheck approve" in m["hint"] for m in missing)
    assert result.returncode == 1
    built = spotcheck("build", "--no-draw", "--today", TODAY, "--repo", str(root))
    assert built.returncode == 1 and "网站未生成" in built.stderr

    refused = spotcheck("approve", "item", "SCJG-001", "--by", "李四", "--repo", str(root))
    assert refused.returncode != 0 and "不是" in refused.stderr  # not a legal-office reviewer
    for kind, record_id in (("item", "SCJG-001"), ("plan", "2026-SCJG")):
        done = spotcheck(
            "approve", kind, record_id, "--by", "张三", "--document", "测法审〔2026〕1号",
            "--date", "2026-02-01", "--repo", str(root),
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
    items = read(root, "records/items/SCJG.yaml")
    assert items[0]["legal_review"] == {
        "status": "已审核",
        "reviewer": "FZB",
        "date": "2026-02-01",
        "reference": "测法审〔2026〕1号",
    }
    result = spotcheck("validate", "--format", "json", "--today", TODAY, "--repo", str(root))
    still = {m["record"] for m in json.loads(result.stdout)["messages"] if m["level"] == "error"}
    assert still == {"SCJG-002"}  # the item without approval
    items[1]["active"] = False
    write(root, "records/items/SCJG.yaml", items, "../../schemas/editor/item-list.schema.json")
    checked = spotcheck("validate", "--today", TODAY, "--repo", str(root))
    assert checked.returncode == 0, checked.stdout

    site = tmp_path / "site"
    built = spotcheck(
        "build", "--no-draw", "--today", TODAY, "--site-dir", str(site), "--repo", str(root)
    )
    assert built.returncode == 0, built.stdout + built.stderr
    plan_page = (site / "plans/2026/SCJG/index.html").read_text(encoding="utf-8")
    assert "法制审核" in plan_page and "张三" in plan_page and "测法审〔2026〕1号" in plan_page
    approvals_page = (site / "approvals/SCJG/index.html").read_text(encoding="utf-8")
    assert "SCJG-001" in approvals_page and "2026-02-01" in approvals_page
    assert (site / "schemas/editor/item-list.schema.json").is_file()
    for relative in ("inspectors/SCJG/index.html", "approvals/SCJG/index.html"):
        text = (site / relative).read_text(encoding="utf-8")
        assert "13900000001" not in text and "44019919800101" not in text

    # a change after approval needs a new one: validate and diff say so
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Approved district")
    plan = read(root, "records/plans/2026/SCJG.yaml")
    plan["tasks"][0]["ratio"] = 0.1
    write(root, "records/plans/2026/SCJG.yaml", plan, "../../../schemas/plan.schema.json")
    changed = spotcheck("validate", "--format", "json", "--today", TODAY, "--repo", str(root))
    [message] = [m for m in json.loads(changed.stdout)["messages"] if m["level"] == "error"]
    assert message["code"] == "approval-missing" and "审核后已修改" in message["message"]
    diff = spotcheck("diff", "HEAD", "--format", "markdown", "--repo", str(root))
    assert "需法制审核" in diff.stdout and "2026-SCJG" in diff.stdout


def test_codeowners_follows_a_department_change(tmp_path: Path) -> None:
    root = tmp_path / "d"
    assert spotcheck("init", str(root), "--no-build").returncode == 0
    _set_up_departments(root)
    assert spotcheck("codeowners", "--repo", str(root)).returncode == 0
    assert spotcheck("validate", "--today", TODAY, "--repo", str(root)).returncode == 0
    scjg = read(root, "records/departments/SCJG.yaml")
    scjg["code_owners"] = ["@ceshi/scjg-team"]
    write(root, "records/departments/SCJG.yaml", scjg, "../../schemas/department.schema.json")
    stale = spotcheck("validate", "--today", TODAY, "--repo", str(root))
    assert stale.returncode == 1 and "CODEOWNERS" in stale.stdout
    assert spotcheck("codeowners", "--repo", str(root)).returncode == 0
    text = (root / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/records/inspectors/SCJG.yaml @ceshi/scjg-team" in text
    assert "@lisi-ceshi" not in text
    assert text == codeowners.render(load(root, use_cache=False))
    assert spotcheck("validate", "--today", TODAY, "--repo", str(root)).returncode == 0


def test_the_example_district_carries_current_approvals() -> None:
    root = Path(__file__).resolve().parents[1]
    records = load(root, use_cache=False)
    by_subject = approvals.approvals_by_subject(records)
    needing = [
        r
        for kind in approvals.APPROVED_KINDS
        for r in records.of(kind)
        if approvals.needs_approval(r)
    ]
    assert len(needing) > 60
    for record in needing:
        assert approvals.current_approval(record, by_subject, "FZB") is not None, record.id
    assert (root / "CODEOWNERS").read_text(encoding="utf-8") == codeowners.render(records)
