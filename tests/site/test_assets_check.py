"""Nothing may be loaded from third-party hosts: the build fails when something would be."""

from __future__ import annotations

import shutil
from pathlib import Path

from spotcheck.site.assets_check import find_external_assets, scan_css, scan_html, scan_js
from tests.site.conftest import TODAY, spotcheck

NONE: frozenset[str] = frozenset()


def test_scanners_flag_assets_but_not_links() -> None:
    html = """
    <a href="https://www.gov.cn/">国务院</a>
    <link rel="canonical" href="https://site.example/x/">
    <script src="https://cdn.example.com/x.js"></script>
    <link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">
    <img srcset="a.png 1x, https://img.example.com/b.png 2x">
    <div style="background: url('https://img.example.com/c.png')"></div>
    <script src="assets/local.js"></script>
    """
    found = scan_html(html, NONE)
    assert len(found) == 4
    assert not any("gov.cn" in f or "site.example" in f or "local.js" in f for f in found)
    assert scan_css(
        "@import 'https://x.example/a.css'; a{background:url(data:image/png;base64,AA)}", NONE
    )
    assert not scan_css("a{background:url(../img/a.png)}", NONE)
    assert scan_js('import("https://x.example/m.js")', NONE)
    assert not scan_html(
        '<script src="http://localhost:8000/a.js"></script>', frozenset({"localhost"})
    )


def test_material_output_is_clean(built_site: Path) -> None:
    assert find_external_assets(built_site) == []


def test_override_injecting_a_cdn_script_fails_the_build(
    fixture_root: Path, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(fixture_root, repo, symlinks=True)
    (repo / "site/overrides/main.html").write_text(
        '{% extends "base.html" %}\n{% block scripts %}{{ super() }}'
        '<script src="https://cdn.jsdelivr.net/npm/chart.js"></script>{% endblock %}\n',
        encoding="utf-8",
    )
    result = spotcheck(
        "build", "--repo", str(repo), "--site-dir", str(tmp_path / "out"), "--today", TODAY
    )
    assert result.returncode == 1
    assert "第三方站点" in result.stderr and "cdn.jsdelivr.net" in result.stderr


def test_staff_markdown_with_remote_image_becomes_a_link(
    fixture_root: Path, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(fixture_root, repo, symlinks=True)
    rules = repo / "records/rules/SCJG.md"
    rules.write_text(
        rules.read_text(encoding="utf-8") + "\n![图](https://img.example.com/p.png)\n",
        encoding="utf-8",
    )
    result = spotcheck(
        "build", "--repo", str(repo), "--site-dir", str(tmp_path / "out"), "--today", TODAY
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out/rules/SCJG/index.html").read_text(encoding="utf-8")
    assert '<a href="https://img.example.com/p.png">图</a>' in html
