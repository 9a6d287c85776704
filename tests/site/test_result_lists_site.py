"""The site of a repository whose results live in list files is the site of the same results
in files of their own: a real `spotcheck build` (MkDocs) of each layout, the same bytes (the
site links no result file: a task's results page is edited through its plan)."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from tests.results.fixture_repo import (
    TASK,
    TODAY,
    fresh_repo,
    good_result,
    selected,
    write_result,
    write_result_list,
)
from tests.site.conftest import copy_site_sources, spotcheck


def build(root: Path, site: Path) -> None:
    done = spotcheck(
        "build", "--repo", str(root), "--site-dir", str(site), "--today", TODAY, "--no-draw"
    )
    assert done.returncode == 0, done.stderr + done.stdout


def visible_text(html: str) -> str:
    """A page's text, without markup and the build's own names of files."""
    html = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
    return " ".join(html.split())


def test_a_site_with_result_list_files_shows_the_same_results(tmp_path: Path) -> None:
    singles, draws = fresh_repo(tmp_path / "singles")
    draw = draws[TASK]
    results = [good_result(draw, t, published="2026-11-25") for t in sorted(selected(draw))]
    results[0]["items"][0]["codes"] = ["发现问题已责令改正"]
    results[0]["follow_up"] = [{"action": "责令改正", "due": "2026-12-20"}]
    for data in results:
        write_result(singles, data)
    lists = tmp_path / "lists" / "repo"
    shutil.copytree(singles, lists)
    shutil.rmtree(lists / "records/results")
    write_result_list(lists, results)
    pages = {}
    for root in (singles, lists):
        copy_site_sources(root)
        build(root, root / "public")
        page = root / "public" / "results" / TASK / "index.html"
        pages[root] = visible_text(page.read_text(encoding="utf-8"))
    assert pages[singles] == pages[lists]
    for data in results:
        assert str(data["target"]) in pages[lists]
    assert "发现问题已责令改正" in pages[lists]
    # the whole site — business lookup, downloads, search index — is byte for byte the same
    assert site_files(singles / "public") == site_files(lists / "public")
    assert any(name.startswith("businesses/") for name in site_files(lists / "public"))


def site_files(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in site.rglob("*")
        if path.is_file()
    }
