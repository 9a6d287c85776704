"""The site search index (generator/site/search.py): Pagefind, written by `spotcheck build`
after MkDocs, holding the searchable pages of the built site and nothing else."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from spotcheck.site import search
from tests.site.conftest import TODAY, spotcheck
from tests.site.search_files import search_fragments


def test_build_writes_the_index_of_the_searchable_pages(built_site: Path) -> None:
    entry = json.loads((built_site / "pagefind/pagefind-entry.json").read_text("utf-8"))
    marked = search.searchable_pages(built_site)
    assert entry["languages"]["zh"]["page_count"] == len(marked) > 20
    assert not (built_site / "search/search_index.json").exists()  # no lunr index any more
    assert not [n for n in search.UNUSED_FILES if (built_site / "pagefind" / n).exists()]
    assert not list(built_site.glob(".search-pages-*"))  # the scratch folder is gone
    fragments = {f["url"]: f for f in search_fragments(built_site)}
    assert {"/", "/tasks/2026-SCJG-01/", "/items/SCJG/"} <= set(fragments)
    # one business page for all businesses and the result lists: found through the lookup
    assert not [u for u in fragments if u.startswith(("/businesses/", "/results/2026-"))]
    task = fragments["/tasks/2026-SCJG-01/"]
    assert task["meta"]["title"].startswith("2026-SCJG-01")
    # the verification steps, the same on every task page, are left out (data-search-exclude)
    assert "核对名单" not in task["content"] and "核对名单" in (
        built_site / "tasks/2026-SCJG-01/index.html"
    ).read_text("utf-8")


def test_index_site_replaces_the_index_and_reports_it(tmp_path: Path) -> None:
    site = tmp_path / "public"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<html lang="zh"><body><div data-pagefind-body><h1>首页</h1>'
        "<p>抽查事项清单</p></div></body></html>",
        encoding="utf-8",
    )
    (site / "a/index.html").write_text(
        '<html lang="zh"><body><h1>不进搜索</h1><p>检查结果</p></body></html>', encoding="utf-8"
    )
    (site / "pagefind").mkdir()
    (site / "pagefind/stale.txt").write_text("旧索引", encoding="utf-8")
    summary = search.index_site(site)
    assert summary.pages == 1 and summary.files == len(list((site / "pagefind").rglob("*.*")))
    assert not (site / "pagefind/stale.txt").exists()
    assert [f["url"] for f in search_fragments(site)] == ["/"]
    assert sorted(p.name for p in site.iterdir()) == ["a", "index.html", "pagefind"]


def test_a_site_without_searchable_pages_is_refused_in_chinese(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><body><p>空</p></body></html>", "utf-8")
    with pytest.raises(search.SearchIndexError, match="没有标记为可搜索的页面"):
        search.index_site(tmp_path)
    assert not (tmp_path / "pagefind").exists()


def test_material_search_configured_instead() -> None:
    assert search.uses_material_search({"search": object(), "spotcheck": object()})
    assert search.uses_material_search({"material/search": object()})
    assert not search.uses_material_search({"spotcheck": object()})


def test_the_privacy_scan_reads_the_compressed_index(built_site: Path) -> None:
    """tests/privacy.py scans every output file for non-public values; the index is stored
    gzip-compressed with its Chinese words cut apart, so the scan must read it decoded."""
    from tests.privacy import leaks

    task_title = "企业公示信息不定向抽查"  # cut into words in the index
    found = leaks(built_site / "pagefind", {task_title})
    assert any(line.startswith("fragment/") for line in found), found


@pytest.mark.slow
def test_a_site_may_keep_materials_own_search(fixture_root: Path, tmp_path: Path) -> None:
    """With Material's search plugin in mkdocs.yml, its lunr index and box are used instead
    and no Pagefind index is written (benchmarks/search_bench.py builds this variant)."""
    repo = tmp_path / "repo"
    shutil.copytree(fixture_root, repo, symlinks=True)
    config = repo / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "\n  - spotcheck\n" in text
    config.write_text(text.replace("\n  - spotcheck\n", "\n  - search\n  - spotcheck\n"), "utf-8")
    out = tmp_path / "out"
    result = spotcheck("build", "--repo", str(repo), "--site-dir", str(out), "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert (out / "search/search_index.json").is_file() and not (out / "pagefind").exists()
    home = (out / "index.html").read_text("utf-8")
    assert 'data-md-component="search"' in home and "data-sc-search" not in home
