"""Acceptance tests: `spotcheck build` on a small district, and what the pages show."""

from __future__ import annotations

import filecmp
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from tests.site import fixture_repo
from tests.site.conftest import REPO, TODAY, copy_site_sources, spotcheck
from tests.site.search_files import search_fragments


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    article = re.search(r"<article.*?</article>", html, re.S)
    body = article.group(0) if article else html
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_index_pages_exist_and_nav_holds_only_them(built_site: Path) -> None:
    for path in (
        "index.html",
        "items/index.html",
        "inspectors/index.html",
        "rules/index.html",
        "plans/index.html",
        "tasks/index.html",
        "results/index.html",
        "stats/index.html",
        "audit/index.html",
        "downloads/index.html",
        "feed.xml",
    ):
        assert (built_site / path).is_file(), path
    home = page(built_site, "index.html")
    nav_links = set(re.findall(r'<a href="([^"#]+)" class="md-nav__link">', home))
    assert "tasks/" in nav_links and "stats/" in nav_links
    assert not any("businesses/" in link or "2026-SCJG" in link for link in nav_links)
    assert "企业名称或统一社会信用代码" in home


def test_item_list_shows_legal_basis_and_review(built_site: Path) -> None:
    index = text_of(page(built_site, "items/index.html"))
    assert "广州市花都区市场监督管理局 2 项" in index and "已审核 2 项" in index
    assert "待审核或未填写 1 项" in index
    own = text_of(page(built_site, "items/SCJG/index.html"))
    assert "《企业信息公示暂行条例》第十四条" in own and "已审核" in own
    assert "SCJG-002" in own and "WJ-001" not in own
    assert "待审核" in text_of(page(built_site, "items/WJ/index.html"))


def test_inspector_directory_shows_public_fields_only(built_site: Path) -> None:
    index = text_of(page(built_site, "inspectors/index.html"))
    assert "广州市花都区市场监督管理局" in index and "人" in index
    html = page(built_site, "inspectors/SCJG/index.html")
    text = text_of(html)
    assert "检查员1" in text and "粤执法000001" in text
    assert "性别" not in text and "身份证" not in text.replace("个人身份信息", "")
    row = re.search(r'<tr id="SCJG-P001">(.*?)</tr>', html, re.S)
    assert row and "女" not in row.group(1) and "男" not in row.group(1)


def test_rules_render_markdown_and_neutralise_html(built_site: Path) -> None:
    html = page(built_site, "rules/SCJG/index.html")
    assert "<table>" in html and "第一条" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert 'href="javascript' not in html.lower()
    assert 'href="https://www.gov.cn/"' in html


def test_plan_page_shows_tasks_and_adjustments(built_site: Path) -> None:
    text = text_of(page(built_site, "plans/2026/SCJG/index.html"))
    assert "增加餐饮专项抽查任务" in text and "第 2 版" in text
    assert "2026-SCJG-02" in text and "第 2 版新增" in text


def test_task_page_commitment_draw_and_verify(built_site: Path, fixture_root: Path) -> None:
    html = page(built_site, "tasks/2026-SCJG-01/index.html")
    text = text_of(html)
    for expected in (
        "抽取承诺",
        "种子来源",
        "门槛号签",
        "入选对象与选派人员",
        "核验本次抽取",
        "spotcheck draw verify 2026-SCJG-01",
        "U(H(种子) + 统一社会信用代码)",
        "sha256sum",
        "测试种子-2026-04",
        "演示数据",  # the fixture is a demo repository (config demo: true)
        "组长",
    ):
        assert expected in text, expected
    assert 'id="verify"' in html
    draw = (fixture_root / "records/draws/2026/2026-SCJG-01/draw.yaml").read_text(encoding="utf-8")
    threshold = re.search(r'threshold: "([0-9.]+)"', draw)
    assert threshold and threshold.group(1) in html
    assert "未事先承诺" not in text
    assert "未事先承诺" in text_of(page(built_site, "tasks/2026-SCJG-02/index.html"))


def test_void_record_is_published_with_reason(built_site: Path) -> None:
    text = text_of(page(built_site, "tasks/2026-SCJG-03/index.html"))
    assert "承诺中的检查期填写错误" in text and "已作废" in text


def test_verify_snippet_recomputes_the_published_selection(built_site: Path) -> None:
    """The Python on the page, run on the downloaded evidence, gives the published tickets."""
    html = page(built_site, "tasks/2026-SCJG-01/index.html")
    code = re.search(r"<pre><code>(import gzip\nimport hashlib.*?)</code></pre>", html, re.S)
    assert code
    import html as html_lib

    snippet = html_lib.unescape(code.group(1))
    draw = gzip.decompress(
        (built_site / "downloads/draws/2026/2026-SCJG-01/draw.yaml.gz").read_bytes()
    ).decode("utf-8")
    population = re.search(
        r'value: "B"\n\s+population: \d+\n\s+sample_size: (\d+)\n\s+digest: "([0-9a-f]{64})"', draw
    )
    assert population
    size, digest = int(population.group(1)), population.group(2)
    listing = built_site / f"downloads/draws/populations/{digest}.txt.gz"
    # the list is published compressed; unpacked, its SHA-256 is the committed digest
    assert hashlib.sha256(gzip.decompress(listing.read_bytes())).hexdigest() == digest
    snippet = snippet.replace("名单文件.txt.gz", str(listing)).replace("n = 3", f"n = {size}")
    output = subprocess.run(
        ["python", "-c", snippet], capture_output=True, text=True, check=True
    ).stdout
    for line in output.splitlines():
        uscc, ticket = line.split()
        assert f'target: "{uscc}"\n        ticket: "{ticket}"' in draw


def test_results_and_business_page(built_site: Path, fixture_root: Path) -> None:
    from spotcheck.site import lookup
    from spotcheck.site.sections.businesses import expand_activity

    results = page(built_site, "results/2026-SCJG-01/index.html")
    assert "发现问题已责令改正" in text_of(results) and "待检查" in text_of(results)
    result_files = sorted((fixture_root / "records/results/2026/2026-SCJG-01").glob("*.yaml"))
    uscc = result_files[0].stem
    # one business page for all; the links carry the credit code
    assert f'href="../../businesses/?id={uscc}"' in results
    assert not list((built_site / "businesses").glob("9*"))
    business = page(built_site, "businesses/index.html")
    assert 'id="sc-business"' in business and "检查对象信息" in business
    meta = json.loads(page(built_site, "lookup/meta.json"))
    assert meta["task_url"] == "tasks/{task}/" and meta["business_url"].startswith("businesses/")
    shard = lookup.shard(uscc, meta["activity_shards"])
    compact = json.loads(page(built_site, f"lookup/activity/{shard}.json"))[uscc]
    shared = json.loads(page(built_site, "lookup/draws.json"))
    entry = expand_activity(compact, shared)
    assert ["2026-SCJG-01", "企业公示信息不定向抽查", "入选"] in [d[:3] for d in entry["draws"]]
    (selected,) = [d for d in entry["draws"] if d[0] == "2026-SCJG-01"]
    assert "（组长）" in selected[3]  # a selected business sees its officers, names put back
    (result,) = [r for r in entry["results"] if r["task"] == "2026-SCJG-01"]
    assert result["page"] == "results/2026-SCJG-01/" and result["inspected"]
    recorded = yaml.safe_load(result_files[0].read_text(encoding="utf-8"))
    assert [[e[0], e[1]] for e in result["items"]] == [
        [str(e["item"]), [str(c) for c in e.get("codes") or []]] for e in recorded["items"]
    ]
    assert (built_site / result["page"] / "index.html").is_file()
    # the search index (Pagefind) holds the task page, not the business or result pages
    urls = {fragment["url"] for fragment in search_fragments(built_site)}
    assert not any(u.startswith(("/businesses/", "/results/2026-")) for u in urls), urls
    assert "/tasks/2026-SCJG-01/" in urls


def test_stats_audit_feed_downloads(built_site: Path, fixture_root: Path) -> None:
    stats = page(built_site, "stats/index.html")
    assert "<svg" in stats and "联合抽查占比" in stats and "10.0%" in stats
    audit = text_of(page(built_site, "audit/index.html"))
    # the tool's own commits read in Chinese (their subjects are Chinese), Chinese labels
    assert "抽取：2026-SCJG-01（第 1 次）" in audit and "测试员" in audit
    assert "种子" in audit and "总体名单摘要" in audit
    assert "Spotcheck-Seed" not in audit and "Draw 2026-SCJG-01" not in audit
    assert "tester@example.invalid" not in page(built_site, "audit/index.html")
    feed = ET.fromstring((built_site / "feed.xml").read_bytes())
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) >= 4
    evidence = built_site / "downloads/draws/2026/2026-SCJG-01/draw.yaml.gz"
    assert (
        gzip.decompress(evidence.read_bytes())
        == (fixture_root / "records/draws/2026/2026-SCJG-01/draw.yaml").read_bytes()
    )
    assert list((built_site / "downloads/draws/populations").glob("*.txt.gz"))
    commitment = built_site / "downloads/draws/2026/2026-SCJG-01/commitment.yaml"
    assert commitment.is_file()  # small evidence stays as committed
    downloads = page(built_site, "downloads/index.html")
    assert (
        'href="gsxt/gsxt.csv" download' in downloads
        and 'href="opendata/index.json" download' in downloads
    )
    assert (built_site / "downloads/opendata/inspector.csv").is_file()


def test_edit_links_point_at_records(built_site: Path) -> None:
    html = page(built_site, "items/SCJG/index.html")
    assert 'href="https://example.invalid/repo/edit/main/records/items/SCJG.yaml"' in html
    task = page(built_site, "tasks/2026-SCJG-01/index.html")
    assert "edit/main/records/plans/2026/SCJG.yaml" in task


def test_lookup_shards(built_site: Path) -> None:
    """Every business is in a code shard; only businesses with records have a row (and are
    found by name), so a never-drawn business costs a line of about a dozen bytes."""
    from spotcheck.site import lookup

    meta = json.loads(page(built_site, "lookup/meta.json"))
    assert meta["codes"] == 30 and 0 < meta["rows"] < 30
    entries: dict[str, tuple[int, int | str | None]] = {}
    lines: dict[str, int] = {}
    for shard_file in (built_site / "lookup/codes").glob("*.txt"):
        data = shard_file.read_bytes()
        for code, entry in lookup.decode_codes(data).items():
            assert lookup.shard(code, meta["code_shards"]) == shard_file.stem
            entries[code] = entry
        for line, code in zip(data.splitlines(), lookup.decode_codes(data), strict=True):
            lines[code] = len(line) + 1
    assert len(entries) == 30
    with_row = [c for c, (_, row) in entries.items() if isinstance(row, int)]
    never = [c for c, (_, row) in entries.items() if row is None]
    assert len(with_row) == meta["rows"] and never
    # a code, its pattern and nothing else (few codes per shard here, so little front coding;
    # tests/site/test_lookup.py measures a district-sized directory)
    assert max(lines[c] for c in never) <= 18 + 4
    code = with_row[0]
    number = entries[code][1]
    assert isinstance(number, int)
    row = json.loads(page(built_site, f"lookup/rows/{number // meta['chunk']}.json"))[
        number % meta["chunk"]
    ]
    assert row[0] == code and row[1].startswith("广州市花都区测试")
    # the few distinct values are numbers into meta.json's table
    assert meta["values"][row[5]] == "存续" and meta["values"][row[7]] == "有限责任公司"
    for secret in ("secret-mail-", "139000000"):
        assert secret not in json.dumps(row, ensure_ascii=False)
    rows = [
        r for f in (built_site / "lookup/rows").glob("*.json") for r in json.loads(f.read_text())
    ]
    assert {r[0] for r in rows} == set(with_row)
    # a never-drawn business's pattern lists the draws whose population held it
    draws = json.loads(page(built_site, "lookup/draws.json"))
    assert draws["patterns"][0] == ""
    in_populations = [c for c in never if entries[c][0]]
    assert in_populations
    listings = {
        f.name: gzip.decompress(f.read_bytes()).split()
        for f in (built_site / "downloads/draws/populations").iterdir()
    }
    for code in in_populations:
        pattern = draws["patterns"][entries[code][0]]
        for pair in pattern.split():
            number_of_draw, _ = (int(n, 36) for n in pair.split("."))
            assert draws["draws"][number_of_draw]["task"]
        assert any(code.encode() in listed for listed in listings.values())


def _tree(site: Path) -> dict[str, bytes]:
    found = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.name.endswith(".gz"):
                data = gzip.decompress(data)
            found[path.relative_to(site).as_posix()] = data
    return found


def test_mkdocs_build_gives_the_same_site(
    fixture_root: Path, built_site: Path, tmp_path: Path
) -> None:
    """`mkdocs build` (with `today` fixed in mkdocs.yml) and `spotcheck build --today` agree."""
    repo = tmp_path / "repo"
    shutil.copytree(fixture_root, repo, symlinks=True)
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    (repo / "mkdocs.yml").write_text(
        config.replace("  - spotcheck\n", f"  - spotcheck:\n      today: '{TODAY}'\n"),
        encoding="utf-8",
    )
    out = tmp_path / "mk"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        ["mkdocs", "build", "-q", "-d", str(out)], cwd=repo, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert _tree(out) == _tree(built_site)


def test_build_fails_on_invalid_records(fixture_root: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(fixture_root, repo, symlinks=True)
    items = repo / "records/items/SCJG.yaml"
    items.write_text(
        items.read_text(encoding="utf-8").replace('level: "一般检查事项"', 'level: "随便"', 1),
        encoding="utf-8",
    )
    result = spotcheck(
        "build", "--repo", str(repo), "--site-dir", str(tmp_path / "out"), "--today", TODAY
    )
    assert result.returncode == 1
    assert "记录校验未通过" in result.stderr and "records/items/SCJG.yaml" in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_department_repo_without_mkdocs_yml_uses_packaged_config(tmp_path: Path) -> None:
    root = fixture_repo.build(tmp_path / "dept", draws=False)
    result = spotcheck("build", "--repo", str(root), "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert (root / "public/items/SCJG/index.html").is_file()
    assert (root / "public/assets/spotcheck-lookup.js").is_file()


@pytest.mark.slow
def test_example_district_builds(tmp_path: Path) -> None:
    """The example records of this repository, copied into a fresh git repository."""
    repo = tmp_path / "example"
    shutil.copytree(REPO / "records", repo / "records")
    copy_site_sources(repo)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=示例",
            "-c",
            "user.email=e@example.invalid",
            "commit",
            "-q",
            "-m",
            "Example records",
        ],
        check=True,
    )
    # the example describes 2026-11-28: one result is overdue by design, which `validate`
    # reports but which must not stop the site from being published
    today = ["--today", "2026-11-28"]
    result = spotcheck("build", "--repo", str(repo), "--site-dir", str(tmp_path / "public"), *today)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "public"
    assert (site / "items/index.html").is_file() and (site / "lookup/meta.json").is_file()
    assert filecmp.cmp(
        REPO / "site/assets/spotcheck-lookup.js", site / "assets/spotcheck-lookup.js"
    )
    from tests.site.test_privacy import assert_no_private_values

    assert_no_private_values(repo, site)
