"""`spotcheck diff --format markdown|json`: the pull/merge-request comment — grouped by kind,
counts first, details collapsible, owning department and 需法制审核 marked, non-public values
and record markup never shown."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from spotcheck import yamlio
from tests.fixtures import git

ROOT = Path(__file__).resolve().parents[2]


def spotcheck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spotcheck.cli", *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )


def edit(root: Path, relative: str, change: object) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    modeline = text.split("\n", 1)[0].split("$schema=", 1)[1]
    data = yamlio.parse(text, relative)
    change(data)  # type: ignore[operator]
    path.write_text(yamlio.dump(data, modeline), encoding="utf-8")


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example district in a git repository, then one change of every kind."""
    root = tmp_path_factory.mktemp("diff") / "district"
    shutil.copytree(ROOT / "records", root / "records")
    shutil.copy(ROOT / "CODEOWNERS", root / "CODEOWNERS")
    git(root.parent, "init", "-q", str(root))
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "base")

    def item(data: list[dict]) -> None:
        data[0]["content"] = (
            "改后的检查内容 <script>x</script> @everyone [点我](javascript:alert(1))"
        )

    def target(data: list[dict]) -> None:
        data[0]["name"] = "改名后的公司"
        data[0]["contact"] = {"phone": "13912345678"}

    def inspector(data: list[dict]) -> None:
        data[0]["title"] = "四级主任科员"
        data[0]["phone"] = "13800000000"
        data[0]["id_number"] = "440114199001011234"

    def plan(data: dict) -> None:
        data["tasks"][0]["reserves"] = 7

    def void(data: dict) -> None:
        data["reason"] = "更正后的作废理由"

    def result(data: dict) -> None:
        data["inspection_date"] = "2026-10-10"

    edit(root, "records/items/SCJG.yaml", item)
    edit(root, "records/targets/440114001/001.yaml", target)
    edit(root, "records/inspectors/SCJG.yaml", inspector)
    edit(root, "records/plans/2026/SCJG.yaml", plan)
    edit(root, "records/draws/2026/2026-SCJG-03/void-1.yaml", void)
    edit(root, "records/results/2026/2026-SCJG-01/91440114108075610P.yaml", result)
    return root


def test_markdown_groups_every_kind_counts_first(changed: Path) -> None:
    text = spotcheck("diff", "HEAD", "--format", "markdown", "--repo", str(changed)).stdout
    assert text.splitlines()[0] == "<!-- spotcheck-diff -->"
    table = text.index("| 类别 |")
    first_details = text.index("<details>")
    assert table < first_details  # counts first
    rows = re.findall(r"^\| (\S+) \| (\d+) \| (\d+) \| (\d+) \| (\d*) \|$", text, re.M)
    assert [r[0] for r in rows] == [
        "抽查事项",
        "检查对象",
        "检查人员",
        "年度抽查计划",
        "抽取",
        "抽查结果",
    ]
    assert all(r[2] == "1" for r in rows)  # one changed record of each kind
    assert {r[0]: r[4] for r in rows}["抽查事项"] == "1"
    assert {r[0]: r[4] for r in rows}["年度抽查计划"] == "1"
    assert text.count("<details>") == 6 and text.count("</details>") == 6
    summaries = re.findall(r"<summary>(.*?)</summary>", text)
    assert summaries[0].startswith("抽查事项") and summaries[-1].startswith("抽查结果")
    assert "其中 **2 条需法制审核**" in text
    assert text.count("· **需法制审核**") == 2
    assert "部门：区市场监管局（SCJG）" in text


def test_markdown_never_shows_non_public_values_or_record_markup(changed: Path) -> None:
    text = spotcheck("diff", "HEAD", "--format", "markdown", "--repo", str(changed)).stdout
    for secret in ("13912345678", "13800000000", "440114199001011234"):
        assert secret not in text
    assert "联系电话：（不公开） → （不公开）" in text
    assert "<script>" not in text and "@everyone" not in text and "](javascript" not in text
    assert "&#60;script&#62;" in text and "&#64;everyone" in text


def test_json_is_annotated_for_scripts(changed: Path) -> None:
    entries = json.loads(
        spotcheck("diff", "HEAD", "--format", "json", "--repo", str(changed)).stdout
    )
    by_group = {e["group"]: e for e in entries}
    assert set(by_group) == {"items", "targets", "inspectors", "plans", "draws", "results"}
    assert by_group["items"]["needs_legal_review"] and by_group["plans"]["needs_legal_review"]
    assert not by_group["targets"]["needs_legal_review"]
    assert by_group["results"]["department"] == "SCJG"
    assert by_group["inspectors"]["department"] == "SCJG"
    assert "13800000000" not in json.dumps(entries, ensure_ascii=False)


def test_text_marks_what_needs_legal_review(changed: Path) -> None:
    text = spotcheck("diff", "HEAD", "--repo", str(changed)).stdout
    marked = [line for line in text.splitlines() if "[需法制审核]" in line]
    assert len(marked) == 2 and any("SCJG-001" in line for line in marked)


def test_markdown_of_no_change(changed: Path) -> None:
    text = spotcheck("diff", "HEAD", "HEAD", "--format", "markdown", "--repo", str(changed)).stdout
    assert "没有改变任何记录" in text
