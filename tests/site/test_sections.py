"""The registry of site sections: every section's first page is built and in the navigation,
and the pages state the publication deadline the district configured."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from spotcheck.records import load
from spotcheck.schemas import SchemaSet
from spotcheck.site import public, sections
from tests.site.conftest import TODAY


def _build(root: Path) -> dict[str, str]:
    records = public.public_records(load(root, use_cache=False), SchemaSet())
    content = sections.build_site(
        records, today=dt.date.fromisoformat(TODAY), audit=None, evidence={}
    )
    return {page.src_uri: page.content for page in content.pages}


def test_every_section_in_the_navigation_has_its_first_page(fixture_root: Path) -> None:
    built = _build(fixture_root)
    titles = [title for title, _ in sections.NAV]
    assert titles == [
        "首页",
        "抽查事项清单",
        "检查人员名录",
        "实施细则",
        "年度抽查计划",
        "抽查任务",
        "抽查结果",
        "统计",
        "逾期与进度",
        "审计日志",
        "下载",
    ]
    for _, src in sections.NAV[1:]:
        assert src in built, src


def test_pages_state_the_configured_deadline(fixture_root: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(fixture_root / "records", root / "records")
    config = root / "records" / "config.yaml"
    text = config.read_text(encoding="utf-8")
    assert "result_deadline_working_days: 20\n" in text
    built = _build(root)
    assert "检查完成后 20 个工作日" in built["results/index.md"]
    text = text.replace("result_deadline_working_days: 20", "result_deadline_working_days: 15")
    config.write_text(text, encoding="utf-8")
    built = _build(root)
    for page in ("results/index.md", "stats/index.md"):
        assert "检查完成后 15 个工作日" in built[page] and "20 个工作日" not in built[page]
