"""The site's 统计 and 逾期与进度 pages, built for real with MkDocs on a small district with
one result published late (with its reason), one overdue and one on time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.results.fixture_repo import (
    JOINT_TASK,
    TASK,
    commit_all,
    fresh_repo,
    good_result,
    selected,
    write_result,
)
from tests.site.conftest import spotcheck

TODAY = "2026-11-28"  # a Saturday: 1 working day left in TASK's window (ends 30 November)


def text_of(html: str) -> str:
    article = re.search(r"<article.*?</article>", html, re.S)
    body = article.group(0) if article else html
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[str]]:
    root, draws = fresh_repo(tmp_path_factory.mktemp("stats"), git=True)
    chosen = selected(draws[TASK])
    problem = [
        {"item": "SCJG-001", "codes": ["发现问题已责令改正"]},
        {"item": "SCJG-002", "codes": ["未发现问题"]},
    ]
    write_result(
        root,
        good_result(
            draws[TASK],
            chosen[0],
            inspection_date="2026-10-09",  # deadline 2026-11-05
            published="2026-11-10",
            items=problem,
            follow_up=[{"action": "责令改正"}],
            delay={"reason": "公示系统升级停机，延迟公示", "date": "2026-11-09"},
        ),
    )
    write_result(
        root,
        good_result(
            draws[TASK],
            chosen[1],
            inspection_date="2026-10-12",  # deadline 2026-11-09, not published
            delay={"reason": "检查对象申请复核，复核后公示", "date": "2026-11-08"},
        ),
    )
    write_result(root, good_result(draws[TASK], chosen[2], published="2026-11-24"))
    commit_all(root, "Results")
    return root, chosen, selected(draws[JOINT_TASK])


@pytest.fixture(scope="module")
def site(
    district: tuple[Path, list[str], list[str]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    root, _, _ = district
    out = tmp_path_factory.mktemp("site") / "public"
    result = spotcheck(
        "build", "--repo", str(root), "--site-dir", str(out), "--today", TODAY, "--no-draw"
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return out


def test_accountability_page_lists_exactly_the_late_and_overdue_results(
    site: Path, district: tuple[Path, list[str], list[str]]
) -> None:
    _, chosen, _ = district
    html = (site / "stats/overdue/index.html").read_text(encoding="utf-8")
    rows = re.findall(
        r"<tr><td><a href=\"[^\"]*\"><code>([^<]+)</code></a><br>.*?</tr>", html, re.S
    )
    listed = re.findall(r"\?id=([0-9A-Z]{18})", html)
    assert sorted(listed) == sorted([chosen[0], chosen[1]]) and len(rows) == 2
    text = text_of(html)
    # status, deadline, published, working days late, reason
    assert "逾期公示 2026年11月5日 2026年11月10日 3 公示系统升级停机，延迟公示" in text
    assert "逾期未公示 2026年11月9日 — 14 检查对象申请复核，复核后公示" in text
    # the task behind schedule, as `validate` warns
    assert "剩余 1 个工作日，尚有 2 户未检查" in text and "进度落后" in text
    assert f'href="../../tasks/{TASK}/"' in html


def test_stats_page_shows_intervals_and_method(site: Path) -> None:
    text = text_of((site / "stats/index.html").read_text(encoding="utf-8"))
    # 2 published results, 1 with a problem: 50 %, Wilson 9.5 %–90.5 %
    assert "问题发现率（95% 区间 9.5%–90.5%，n=2）" in text
    assert "样本不足" in text and "Fisher 精确检验" in text and "Benjamini–Hochberg" in text
    assert "逾期公示 逾期未公示" in text  # department table columns
    assert "联合抽查占比（目标 10.0%）" in text
    items = text_of((site / "stats/items/index.html").read_text(encoding="utf-8"))
    assert "SCJG-001" in items and "95% 区间" in items


def test_plan_and_task_lists_show_deadlines_and_progress(site: Path) -> None:
    plan = text_of((site / "plans/2026/SCJG/index.html").read_text(encoding="utf-8"))
    assert "进度落后 剩余 1 个工作日，尚有 2 户未检查" in plan
    tasks = text_of((site / "tasks/2026/index.html").read_text(encoding="utf-8"))
    assert "检查期结束" in tasks and "2026年11月30日 进度落后 剩余 1 个工作日" in tasks
