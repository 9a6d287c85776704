"""`spotcheck stats` in its three formats and `spotcheck plan suggest` on the example district."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from spotcheck import yamlio

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-29"


def spotcheck(*args: str, repo: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spotcheck.cli", *args, "--repo", str(repo)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_json_agrees_with_the_records() -> None:
    result = spotcheck("stats", "--today", TODAY, "--year", "2026", "--format", "json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    published = problems = 0
    for path in (ROOT / "records/results").rglob("*.yaml"):
        data = yamlio.parse(path.read_text(encoding="utf-8"), str(path))
        if data.get("published") and data["published"] <= TODAY:
            published += 1
            problems += any(c != "未发现问题" for i in data["items"] for c in i["codes"])
    district = stats["district"]
    assert district["published"] == published == stats["problem_rate"]["n"]
    assert stats["problem_rate"]["k"] == problems
    assert district["completion"] == published / district["drawn"]
    assert district["published_on_time"] + district["published_late"] == published
    assert 0 < district["joint_share"] < 1 and stats["joint_goal"] == 0.1
    assert sum(r["drawn"] for r in stats["departments"]) == district["drawn"]
    for rows in stats["rates"].values():
        for row in rows:
            assert row["low"] <= row["rate"] <= row["high"]
            assert ("rank" in row) == row["enough"]
    # what `validate` warns about: 2026-SCJG-01 has 20 uninspected with 1 working day left
    behind = {row["task"]: row["phrase"] for row in stats["behind"]}
    assert behind["2026-SCJG-01"] == "剩余 1 个工作日，尚有 20 户未检查"
    delay = next(d for d in stats["delays"] if d["task"] == "2026-JTJ-02")
    assert delay["status"] == "逾期未公示" and delay["working_days_late"] == 8
    assert delay["reason"].startswith("检查对象对检查结论提出书面异议")


def test_text_and_markdown() -> None:
    text = spotcheck("stats", "--today", TODAY).stdout
    assert "2026 年度统计" in text and "联合抽查目标 10.0%：已达到" in text
    assert "问题发现率 17.6%（95% 区间 13.8%–22.1%，n=324）" in text
    assert "样本不足：" in text and "单户最多被检查 3 次" in text
    assert "信用风险分类“D 类”问题发现率 3.3%（95% 区间 0.9%–11.4%，n=60），显著低于" in text
    # the hot spot of the example results (2026-SCJG-06: 18 of 60 with problems) warns
    assert (
        "⚠ 抽查事项“SCJG-005 生产领域产品质量的监督抽查”问题发现率 30.0%（95% 区间 19.9%–42.5%，"
        "n=60），显著高于全区其余的 8.5%（单侧 Fisher 精确检验，BH 校正 q<0.001）。" in text
    )
    assert "2026-SCJG-01 企业公示信息不定向抽查：剩余 1 个工作日，尚有 20 户未检查" in text
    markdown = spotcheck("stats", "--today", TODAY, "--format", "markdown").stdout
    assert markdown.startswith("# 2026 年度统计")
    assert "| 排名 | 类别 | 发现问题 | 检查 | 问题发现率 | 95% 区间 |" in markdown
    assert (
        "| 1 | A A 类 |" not in markdown and "| 4 | D 类 | 2 | 60 | 3.3% | 0.9%–11.4% |" in markdown
    )
    assert "| 样本不足 | P 教育 | 1 | 1 | 100.0% |" in markdown
    assert "## 逾期公示与逾期未检查" in markdown and "2026-JTJ-02" in markdown


def test_plan_suggest_writes_a_draft_that_validates_once_approved(tmp_path: Path) -> None:
    repo = tmp_path / "district"
    repo.mkdir()
    shutil.copytree(ROOT / "records", repo / "records")
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    out = repo / "records/plans/2027/SCJG.yaml"
    result = spotcheck(
        "plan", "suggest", "--year", "2027", "--department", "SCJG", "--today", TODAY, repo=repo
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../../schemas/plan.schema.json\n# 草案"
    )
    assert "# 调整：2027-SCJG-01 分层“D”：抽查比例 100.0% → 75.0%" in text
    draft = yamlio.parse(text, str(out))
    assert draft["id"] == "2027-SCJG" and draft["title"].endswith("（草案）")
    d_class = draft["tasks"][0]["strata"]["groups"][3]
    assert d_class == {"value": "D", "ratio": 0.75}
    # not overwritten without --force
    again = spotcheck("plan", "suggest", "--year", "2027", "--department", "SCJG", repo=repo)
    assert again.returncode != 0 and "已存在" in again.stderr
    # the schema accepts it; the only thing missing is the legal office's review
    report = json.loads(
        spotcheck("validate", "--today", TODAY, "--format", "json", repo=repo).stdout
    )
    about = [m for m in report["messages"] if "2027-SCJG" in json.dumps(m, ensure_ascii=False)]
    assert [m["code"] for m in about] == ["approval-missing"], about
    approved = spotcheck(
        "approve", "plan", "2027-SCJG", "--by", "朱淑丽", "--date", TODAY, repo=repo
    )
    assert approved.returncode == 0, approved.stderr
    report = json.loads(
        spotcheck("validate", "--today", TODAY, "--format", "json", repo=repo).stdout
    )
    assert report["errors"] == 0
    assert not [m for m in report["messages"] if "2027-SCJG" in json.dumps(m, ensure_ascii=False)]


def test_plan_suggest_needs_a_previous_plan(tmp_path: Path) -> None:
    result = spotcheck("plan", "suggest", "--year", "2031", "--today", TODAY)
    assert result.returncode != 0 and "没有 2030 年度计划可作底稿" in result.stderr


def test_markdown_keeps_record_text_inert() -> None:
    from spotcheck.commands.stats import markdown
    from spotcheck.statistics.report import report
    from tests.rules.synthetic_facts import district

    facts = district({"C": 0.1}, 10, exact=True)
    facts.labels["industry"]["C"] = "[点我](javascript:alert(1)) @team | <b>"
    out = "\n".join(markdown(report(facts, "2026")))
    assert "javascript:alert(1)" in out.replace("&#40;", "(")  # shown as text …
    assert "[点我]" not in out and "@team" not in out and "<b>" not in out  # … never as Markdown
