"""Chinese for people (issue #12): the visible text of the example site's generated pages has
no English words outside codes, ids, hashes and file formats, no raw ISO timestamps, and the
theme's own texts (the headings' permalink title) are Chinese too."""

from __future__ import annotations

import re
from pathlib import Path

# words people meet in Chinese text too: file formats, tools the verification steps name,
# the sampler the protocol cites (its Python name), and the code words of ids (SCJG-001 …)
ALLOWED = {
    "yaml", "json", "csv", "utf", "bom", "zip", "excel", "windows", "python", "sha", "https",
    "javascript", "ronald", "rivest", "consistent_sampler", "openssl", "git", "atom", "para",
    # proper names: the randomness beacon, its operator and chains, this tool
    "drand", "league", "entropy", "quicknet", "mainnet", "spotcheck",
    # the statisticians whose methods the 统计 page names (Wilson interval, Fisher exact test,
    # Benjamini–Hochberg correction)
    "wilson", "fisher", "benjamini", "hochberg",
}  # fmt: skip
# commit subjects are what their authors wrote; the protocol is the English technical
# specification (introduced in Chinese on its page), written for independent implementers
SKIPPED = ("audit/", "approvals/", "404.html", "protocol/")


def visible_text(html: str) -> str:
    article = re.search(r"<article.*?</article>", html, re.S)
    body = article.group(0) if article else ""
    body = re.sub(r"<(code|pre|script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def test_no_english_in_visible_text(example_site: Path) -> None:
    found: dict[str, str] = {}
    for path in example_site.rglob("*.html"):
        where = path.relative_to(example_site).as_posix()
        if where.startswith(SKIPPED):
            continue
        for word in re.findall(r"[A-Za-z][A-Za-z_]{2,}", visible_text(path.read_text("utf-8"))):
            if word.lower() not in ALLOWED and not word.isupper():
                found.setdefault(word, where)
    assert not found, found


def test_no_raw_timestamps_or_english_titles(example_site: Path) -> None:
    for path in example_site.rglob("*.html"):
        html = path.read_text("utf-8")
        text = visible_text(html)
        where = path.relative_to(example_site).as_posix()
        if not where.startswith("protocol/"):  # the specification shows ISO 8601 as a format
            assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text), where
        assert 'title="Permanent link"' not in html, where
    task = (example_site / "tasks/2026-JTJ-02/index.html").read_text("utf-8")
    assert re.search(r"2026年\d+月\d+日 \d\d:\d\d", task)
    plans = "".join(p.read_text("utf-8") for p in (example_site / "plans").rglob("*.html"))
    assert "credit_class" not in visible_text(plans) and "按信用风险分类分层" in plans


def test_results_show_item_names_and_downloads_are_named_in_chinese(example_site: Path) -> None:
    results = (example_site / "results/2026-JTJ-02/index.html").read_text("utf-8")
    assert "机动车维修经营者的检查（JTJ-004）" in results
    downloads = visible_text((example_site / "downloads/index.html").read_text("utf-8"))
    assert "开放数据：检查对象" in downloads and "开放数据：target" not in downloads
