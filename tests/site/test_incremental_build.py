"""The incremental build (generator/site/build_cache.py): after a change, only the pages that
depend on it are rendered again, and the site is byte for byte the site a full build of the
changed repository gives."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.site.conftest import EXAMPLE_TODAY, REPO, copy_site_sources, spotcheck

RESULT = "records/results/2026/2026-AJJ-01/914401141509283735.yaml"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=测试", "-c", "user.email=test@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def build(root: Path, site: Path, *extra: str) -> tuple[int, int]:
    """`spotcheck build`; returns (pages rendered, pages restored from the build cache)."""
    done = spotcheck(
        "build",
        "--repo",
        str(root),
        "--site-dir",
        str(site),
        "--today",
        EXAMPLE_TODAY,
        "--no-draw",
        *extra,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    found = re.search(r"重新渲染 (\d+) 个，未变而取自构建缓存 (\d+) 个", done.stdout)
    assert found, done.stdout
    return int(found.group(1)), int(found.group(2))


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def assert_same_as_full_build(root: Path, site: Path, scratch: Path) -> None:
    """A fresh copy of the repository (no build cache) built from scratch gives `site`."""
    fresh = scratch / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(root, fresh, symlinks=True)
    shutil.rmtree(fresh / ".git" / "spotcheck-cache", ignore_errors=True)
    rendered, restored = build(fresh, scratch / "fresh-site", "--no-cache")
    assert restored == 0 and rendered > 0
    ours, theirs = tree(site), tree(scratch / "fresh-site")
    assert sorted(ours) == sorted(theirs)
    different = [path for path in ours if ours[path] != theirs[path]]
    assert different == []


@pytest.fixture
def example_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example district's records in a git repository of their own."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796000000")  # the sitemap's dates
    root = tmp_path / "district"
    root.mkdir()
    shutil.copytree(REPO / "records", root / "records")
    copy_site_sources(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Example district")
    return root


def correct_one_result(root: Path) -> None:
    """A department corrects a published result's inspection date (with its correction
    note), as one commit."""
    path = root / RESULT
    text = path.read_text(encoding="utf-8")
    assert 'inspection_date: "2026-03-26"' in text
    text = text.replace('inspection_date: "2026-03-26"', 'inspection_date: "2026-03-25"')
    text += (
        "corrections:\n"
        '  - date: "2026-11-20"\n'
        '    reason: "检查日期录入有误 <script>alert(1)</script>"\n'
        '    changes: "检查完成日期由 2026-03-26 更正为 2026-03-25"\n'
    )
    path.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "Correct one result")


def test_one_result_change_renders_only_its_pages(example_repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    first, restored = build(example_repo, site)
    assert restored == 0
    again, restored = build(example_repo, site)
    assert restored > 0 and again + restored == first
    unchanged_rendered = again  # the pages in the navigation are rendered every time

    correct_one_result(example_repo)
    rendered, restored = build(example_repo, site)
    assert rendered + restored == first
    # the result's own pages are rendered again (its task's results list), not the site
    assert unchanged_rendered < rendered < unchanged_rendered + 10
    assert "2026年3月25日" in (site / "results" / "2026-AJJ-01" / "index.html").read_text("utf-8")
    assert_same_as_full_build(example_repo, site, tmp_path)


def test_a_setting_change_renders_every_page(example_repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    first, _ = build(example_repo, site)
    config = example_repo / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "copyright: 本站内容由区市场监管局发布\n",
        encoding="utf-8",
    )
    git(example_repo, "commit", "-q", "-am", "Site copyright line")
    rendered, restored = build(example_repo, site)
    assert (rendered, restored) == (first, 0)
    assert "本站内容由区市场监管局发布" in (
        site / "tasks" / "2026-AJJ-01" / "index.html"
    ).read_text("utf-8")
    assert_same_as_full_build(example_repo, site, tmp_path)


def test_a_theme_template_change_renders_every_page(example_repo: Path, tmp_path: Path) -> None:
    """The theme's files (mkdocs.yml's custom_dir) are part of every page's key."""
    site = tmp_path / "site"
    first, _ = build(example_repo, site)
    overrides = example_repo / "site" / "overrides" / "main.html"
    overrides.write_text(
        overrides.read_text(encoding="utf-8") + "\n{# 改动主题模板 #}\n", encoding="utf-8"
    )
    git(example_repo, "commit", "-q", "-am", "Theme override changed")
    rendered, restored = build(example_repo, site)
    assert (rendered, restored) == (first, 0)
    assert_same_as_full_build(example_repo, site, tmp_path)


def test_a_business_renamed_renders_every_list_that_names_it(
    example_repo: Path, tmp_path: Path
) -> None:
    """Rows are kept per task by the task's records and the folders rows look names up in
    (targets among them): a renamed business is renamed on every page that lists it."""
    site = tmp_path / "site"
    build(example_repo, site)
    directory = example_repo / "records" / "targets" / "440114005" / "001.yaml"
    text = directory.read_text(encoding="utf-8")
    assert "广州坤煌化工有限公司" in text
    directory.write_text(text.replace("广州坤煌化工有限公司", "广州坤煌新材料有限公司"), "utf-8")
    git(example_repo, "commit", "-q", "-am", "A business renamed")
    build(example_repo, site)
    listing = (site / "results" / "2026-AJJ-01" / "index.html").read_text("utf-8")
    assert "广州坤煌新材料有限公司" in listing and "广州坤煌化工有限公司" not in listing
    assert_same_as_full_build(example_repo, site, tmp_path)


def test_a_plan_change_is_in_every_page_and_download_that_shows_it(
    example_repo: Path, tmp_path: Path
) -> None:
    """A plan's title is in its task's rows of the GSXT export and the open data (parts kept
    per task and per record folder, generator/site/downloads_export.py) and on its pages."""
    site = tmp_path / "site"
    build(example_repo, site)
    plan = example_repo / "records" / "plans" / "2026" / "AJJ.yaml"
    text = plan.read_text(encoding="utf-8")
    old = "区安监局2026年度“双随机、一公开”抽查工作计划"
    assert old in text
    plan.write_text(text.replace(old, "区应急管理局2026年度抽查工作计划"), "utf-8")
    approved = spotcheck(
        "approve", "plan", "2026-AJJ", "--repo", str(example_repo), "--by", "朱淑丽",
        "--date", "2026-11-20",
    )  # fmt: skip
    assert approved.returncode == 0, approved.stderr + approved.stdout
    git(example_repo, "add", "-A")
    git(example_repo, "commit", "-q", "-m", "A plan's title corrected, approved again")
    build(example_repo, site)
    for download in ("gsxt/gsxt.json", "gsxt/gsxt.csv", "opendata/plan.json"):
        published = (site / "downloads" / download).read_text("utf-8-sig")
        assert "区应急管理局2026年度抽查工作计划" in published and old not in published
    assert_same_as_full_build(example_repo, site, tmp_path)


def test_nothing_of_the_previous_output_remains(example_repo: Path, tmp_path: Path) -> None:
    """The output folder holding files of an earlier build: after the next build it is
    exactly a full build's (the previous output is deleted in the background while the pages
    are made, generator/site/output_dir.py)."""
    site = tmp_path / "site"
    build(example_repo, site)
    (site / "stale.html").write_text("<p>上次构建留下的文件</p>", encoding="utf-8")
    (site / "results" / "stale").mkdir()
    correct_one_result(example_repo)
    build(example_repo, site)
    assert not (site / "stale.html").exists() and not (site / "results" / "stale").exists()
    assert not [p for p in site.iterdir() if p.name.startswith(".spotcheck-previous")]
    assert_same_as_full_build(example_repo, site, tmp_path)
