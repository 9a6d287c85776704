"""The downloads: open data and GSXT files, and each year's draw evidence (the files anyone
needs to repeat a draw)."""

from __future__ import annotations

from collections.abc import Mapping

from spotcheck.site import evidence
from spotcheck.site.pages import Section, SiteBuilder
from spotcheck.site.urls import slug


def build(site: SiteBuilder) -> None:
    evidence_links = sorted(site.evidence)
    site.add(
        "downloads/index.md",
        "下载",
        "downloads.md.j2",
        nav=True,
        years=site.years,
        downloads=site.downloads,
        population_count=sum(1 for p in evidence_links if "/populations/" in p),
    )
    for year, _ in site.years:
        site.add_list(
            f"downloads/{slug(year)}.md",
            f"{year} 年度抽取证据",
            "downloads_year.md.j2",
            [site.rows.evidence_row(task) for task in site.by_year[year] if task.attempts],
            year=year,
        )
    # ~1,000 files gzipped (a second or two at district scale): kept in the build cache while
    # the folders the evidence comes from (under records/: draws, population lists included,
    # and wherever the timestamp anchors are) do not change
    folders = sorted({path.split("/", 1)[0] for path in site.evidence})
    site.out.files.update(
        site.derived("evidence-downloads", folders, lambda: published(site.evidence))
    )


def published(found: Mapping[str, bytes]) -> dict[str, bytes]:
    """The draw evidence as published under downloads/ (`spotcheck.site.evidence`)."""
    return {
        f"downloads/{evidence.download_path(path)}": evidence.download_bytes(path, data)
        for path, data in found.items()
    }


SECTION = Section(("下载", "downloads/index.md"), build)
