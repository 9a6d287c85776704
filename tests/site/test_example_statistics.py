"""Issue #11's "done when" on this repository's example district (records/), built for real
with MkDocs: 统计 shows a risk warning arising from the example results, and the suggested
2027 plan is shown and is what `spotcheck plan suggest --year 2027` writes."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from tests.site.conftest import EXAMPLE_TODAY, REPO, spotcheck


def _article(page: Path) -> str:
    found = re.search(r"<article.*?</article>", page.read_text(encoding="utf-8"), re.S)
    assert found, page
    return found.group(0)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)))


def test_the_example_statistics_show_a_warning_from_the_example_results(
    example_site: Path,
) -> None:
    article = _article(example_site / "stats/index.html")
    warnings = re.search(r'<ul class="sc-warnings">(.*?)</ul>', article, re.S)
    assert warnings, "统计 shows at least one risk warning"
    items = [_text(li) for li in re.findall(r"<li>(.*?)</li>", warnings.group(1), re.S)]
    # 2026-SCJG-06: 18 of 60 leather and footwear makers with problems, all under SCJG-005
    planted = next(w for w in items if "SCJG-005" in w)
    assert "抽查事项“SCJG-005 生产领域产品质量的监督抽查”问题发现率 30.0%" in planted
    assert "（95% 区间 19.9%–42.5%，n=60），显著高于全区其余的 8.5%" in planted
    assert "BH 校正 q<0.001" in planted
    assert "本年度没有问题发现率显著高于全区" not in _text(article)


def test_the_suggested_2027_plan_on_the_site_is_what_plan_suggest_writes(
    example_site: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "district"
    shutil.copytree(REPO / "records", copy / "records")
    shutil.copytree(REPO / "schemas", copy / "schemas")
    made = spotcheck(
        "plan", "suggest", "--year", "2027", "--repo", str(copy), "--today", EXAMPLE_TODAY
    )
    assert made.returncode == 0, made.stderr + made.stdout
    drafts = sorted((copy / "records" / "plans" / "2027").glob("*.yaml"))
    assert len(drafts) == 6

    page = _article(example_site / "stats/plan/index.html")
    text = _text(page)
    assert "2027 年抽查比例建议" in text
    assert "这是供各部门工作人员参考修改的草案，不是决定。" in text
    # each department's draft file is on its own page, linked from this one
    assert "<pre>" not in page
    for draft in drafts:
        department = draft.stem
        assert f'href="{department}/"' in page, department
        own = _article(example_site / "stats/plan" / department / "index.html")
        shown = [
            html.unescape(block)
            for block in re.findall(r"<pre><code>(.*?)</code></pre>", own, re.S)
        ]
        assert shown == [draft.read_text(encoding="utf-8")]
        assert "这是供工作人员参考修改的草案，不是决定。" in _text(own)
    # every change the command reports is on the page, with the warning behind it
    reasons = [line.strip() for line in made.stdout.splitlines() if line.startswith("  ")]
    assert reasons and all(reason in text for reason in reasons)
    assert "2027-SCJG-02 分层“D”：抽查比例 100.0% → 75.0%（信用风险分类“D 类”问题发现率" in text
    # the floors are kept and said; the item warning drives no ratio, and the page says so
    assert "定向抽查不低于 10.0%" in text and "D 类不低于 61.0%" in text
    assert "SCJG-005" in text and "草案不据此自动调整比例" in text
    # 统计 links the draft and says what it is
    index = _text(_article(example_site / "stats/index.html"))
    assert f"2027 年度计划草案：{len(reasons)} 项抽查比例调整" in index
    assert "这是供各部门工作人员修改的草案，不是决定" in index


def test_the_statistics_pages_give_their_date_in_chinese(example_site: Path) -> None:
    """ "数据截至 2026年11月30日", never the ISO date, on every statistics page."""
    pages = [
        "stats/index.html",
        "stats/items/index.html",
        "stats/overdue/index.html",
        "stats/plan/index.html",
    ]
    for name in pages:
        text = _text(_article(example_site / name))
        assert "2026年11月30日" in text, name
        assert "2026-11-30" not in text, name
