"""The pieces that keep the site linear at district scale (issue #5): lists cut into pages of
bounded size, links that work on every page of a list, raw HTML kept away from Markdown, one
business page fed by shards."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from markupsafe import Markup

from spotcheck.records import load
from spotcheck.schemas import SchemaSet
from spotcheck.site import lookup, pages, public, sections
from spotcheck.site.sections.businesses import expand_activity
from tests.site.conftest import TODAY


def test_split_rows_keeps_pages_within_the_budget() -> None:
    rows = ["x" * 40, "y" * 40, "z" * 40, "w" * 500, "v" * 10]
    assert pages.split_rows(rows, 100) == [[0, 1], [2], [3], [4]]
    assert pages.split_rows([], 100) == [[]]
    # multi-byte text counts in bytes, as the page size does
    assert pages.split_rows(["检" * 20, "查" * 20], 100) == [[0], [1]]


def test_continuation_and_root_prefix() -> None:
    assert pages.continuation("results/2026-SCJG-01.md", 1) == "results/2026-SCJG-01.md"
    assert pages.continuation("results/2026-SCJG-01.md", 2) == "results/2026-SCJG-01/page-2.md"
    assert pages.continuation("audit/index.md", 3) == "audit/page-3.md"
    assert pages.root_prefix("index.md", True) == ""
    assert pages.root_prefix("results/2026-SCJG-01/page-2.md", True) == "../../../"
    assert pages.root_prefix("results/2026-SCJG-01/page-2.md", False) == "../../"


def test_html_blocks_skip_markdown_and_come_back_unchanged() -> None:
    block = '<div class="sc-block">\n<p>&lt;/div&gt; [x](javascript:1) *a*</p>\n</div>'
    verify = '<div class="sc-block sc-verify">\n<pre><code>x = 1\n</code></pre>\n</div>'
    markdown = f"## 标题 {{ #t }}\n\n{block}\n说明文字\n{verify}\n"
    held, blocks = pages.hold_html_blocks(markdown)
    assert blocks == [block, verify]
    assert "javascript" not in held and "## 标题" in held
    import markdown as md

    html = md.markdown(held, extensions=["attr_list"])
    restored = pages.restore_html_blocks(html, blocks)
    assert block in restored and verify in restored and "SPOTCHECK-HTML-BLOCK" not in restored
    assert '<h2 id="t">标题</h2>' in restored and "<p>说明文字</p>" in restored


@pytest.fixture(scope="module")
def small_pages(fixture_root: Path) -> pages.SiteContent:
    """The fixture's pages built with tiny budgets, so that every list is cut into pages."""
    schemas = SchemaSet()
    records = public.public_records(load(fixture_root, use_cache=False), schemas)
    patch = pytest.MonkeyPatch()
    patch.setattr(pages, "PAGE_BUDGET", 700)
    patch.setattr(pages, "INLINE_BUDGET", 300)
    try:
        return sections.build_site(
            records, today=dt.date.fromisoformat(TODAY), audit=None, evidence={}
        )
    finally:
        patch.undo()


def _page(content: pages.SiteContent, src: str) -> str:
    (found,) = [p.content for p in content.pages if p.src_uri == src]
    return found


def test_long_lists_are_cut_into_linked_pages(small_pages: pages.SiteContent) -> None:
    sources = {p.src_uri for p in small_pages.pages}
    assert {"results/2026-SCJG-01.md", "results/2026-SCJG-01/page-2.md"} <= sources
    assert "tasks/2026-SCJG-01/draw-1.md" in sources  # the selected list left the task page
    assert "tasks/2026-SCJG-01/draw-1/page-2.md" in sources
    first = _page(small_pages, "results/2026-SCJG-01.md")
    second = _page(small_pages, "results/2026-SCJG-01/page-2.md")
    # the pager links both ways, relative to each page's own folder
    assert 'href="page-2/"' in first and 'href="../"' in second
    assert "第 2 / " in second and "（第 2 页）" in second.split("---")[1]
    # row links climb from each page's depth to the business page
    assert re.search(r'href="\.\./\.\./businesses/\?id=[0-9A-Z]{18}"', first)
    assert re.search(r'href="\.\./\.\./\.\./businesses/\?id=[0-9A-Z]{18}"', second)
    task = _page(small_pages, "tasks/2026-SCJG-01.md")
    assert 'href="draw-1/"' in task and 'href="draw-1/page-2/"' in task
    for page in small_pages.pages:
        assert "<@root@>" not in page.content, page.src_uri
    # every row of a list is on exactly one of its pages
    rows = [
        uscc
        for p in small_pages.pages
        if p.src_uri.startswith("results/2026-SCJG-01")
        for uscc in re.findall(r'<tr id="([0-9A-Z]{18})">', p.content)
    ]
    assert len(rows) == len(set(rows)) > 2


def test_result_pages_and_business_shards_agree(small_pages: pages.SiteContent) -> None:
    """Each business's result links to the page of the list its row is on."""
    meta = json.loads(small_pages.files["lookup/meta.json"])
    shared = json.loads(small_pages.files["lookup/draws.json"])
    checked = set()
    for page in small_pages.pages:
        if not page.src_uri.startswith("results/2026-SCJG-01"):
            continue
        url = page.src_uri.removesuffix(".md") + "/"
        for uscc, row in re.findall(r'<tr id="([0-9A-Z]{18})">(.*?)</tr>', page.content):
            if "待检查" in row:
                continue
            key = lookup.shard(uscc, meta["activity_shards"])
            entry = expand_activity(
                json.loads(small_pages.files[f"lookup/activity/{key}.json"])[uscc], shared
            )
            (result,) = [r for r in entry["results"] if r["task"] == "2026-SCJG-01"]
            assert result["page"] == url
            assert ["2026-SCJG-01", "企业公示信息不定向抽查", "入选"] in [
                d[:3] for d in entry["draws"]
            ]
            checked.add(url)
    assert len(checked) >= 2  # results on more than one page were checked


def test_items_on_later_pages_are_linked_where_they_are(small_pages: pages.SiteContent) -> None:
    sources = {p.src_uri for p in small_pages.pages}
    assert "items/SCJG/page-2.md" in sources
    second = _page(small_pages, "items/SCJG/page-2.md")
    (item,) = re.findall(r'<tr id="(SCJG-\d+)"', second)[:1]
    plan = _page(small_pages, "plans/2026/SCJG.md")
    assert f'href="../../../items/SCJG/page-2/#{item}"' in plan


def test_every_page_of_the_built_site_is_small(built_site: Path) -> None:
    sizes = {p: p.stat().st_size for p in built_site.rglob("*.html")}
    assert max(sizes.values()) < 100 * 1024
    assert sum(1 for p in sizes if "businesses" in p.parts) == 1


def test_activity_shard_count_grows_with_the_data() -> None:
    assert lookup.activity_shard_count([100] * 10) == 16
    small = lookup.activity_shard_count([300] * 50_000)
    large = lookup.activity_shard_count([300] * 100_000)
    assert large == 2 * small and 300 * 100_000 / large <= lookup.ACTIVITY_SHARD_BYTES
    assert (
        lookup.shard("91440114MA0000004W", 4096)
        == f"{lookup.fnv1a('91440114MA0000004W') % 4096:03x}"
    )


def test_rows_escape_record_text(small_pages: pages.SiteContent) -> None:
    # the fixture's hostile target names reach row pages only as text
    for page in small_pages.pages:
        assert "<script>alert" not in page.content, page.src_uri
    assert Markup("<@root@>") == pages.ROOT
