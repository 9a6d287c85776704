"""The parts of the website, in the order they are built, one module each.

A section adds its pages and files through the shared `SiteBuilder`; `SECTIONS` is the
registry the build walks (as `spotcheck.checks.ALL_CHECKS` is for the checks), and the
navigation is read from it. Order matters where a section links into another one's pages:
items and results record where their rows landed (`Model.anchors`) before the business
lookup, which links to them, is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from spotcheck.audit import AuditEntry
from spotcheck.records import RecordSet
from spotcheck.site.build_cache import DerivedCache
from spotcheck.site.pages import Section, SiteBuilder, SiteContent
from spotcheck.site.sections import (
    approvals,
    audit,
    businesses,
    downloads,
    inspectors,
    items,
    plans,
    results,
    rules,
    stats,
    tasks,
)
from spotcheck.site.views import build_model

SECTIONS: tuple[Section, ...] = (
    items.SECTION,
    inspectors.SECTION,
    rules.SECTION,
    plans.SECTION,
    tasks.SECTION,
    results.SECTION,
    businesses.SECTION,
    stats.SECTION,
    stats.ACCOUNTABILITY,
    audit.SECTION,
    downloads.SECTION,
    approvals.SECTION,  # last: it adds to the item, rule and plan pages
)
HOME = ("首页", "index.md")  # hand-written (site/index.md), not generated
NAV: tuple[tuple[str, str], ...] = (HOME, *(s.nav for s in SECTIONS if s.nav is not None))


def build_site(
    records: RecordSet,
    *,
    today: dt.date,
    audit: list[AuditEntry] | None,
    evidence: Mapping[str, bytes],
    site_url: str = "",
    directory_urls: bool = True,
    downloads: Iterable[Mapping[str, Any]] = (),
    derived: DerivedCache | None = None,
) -> SiteContent:
    """Every generated page and file. `records` must be public (see `spotcheck.site.public`)."""
    site = SiteBuilder(
        build_model(records, today, directory_urls),
        audit=audit,
        evidence=evidence,
        site_url=site_url,
        downloads=downloads,
        derived=derived,
    )
    for section in SECTIONS:
        section.build(site)
    return site.out
