"""The audit log (who changed which records, reviewed by whom) and the feed of new
publications."""

from __future__ import annotations

import datetime as dt
from typing import Any

from spotcheck.audit import AuditEntry
from spotcheck.site.pages import Section, SiteBuilder

AUDIT_PAGE_LIMIT = 1000  # entries shown on the site; the full history is in the repository
FEED_LIMIT = 50


def build(site: SiteBuilder) -> None:
    entries = site.audit or []
    shown = entries[:AUDIT_PAGE_LIMIT]
    site.add_list(
        "audit/index.md",
        "审计日志",
        "audit.md.j2",
        [site.rows.audit_row(entry) for entry in shown],
        nav=True,
        total=len(entries),
        shown=len(shown),
        available=site.audit is not None,
    )
    today = site.model.today
    site.out.files["feed.xml"] = site.renderer.render(
        "feed.xml.j2",
        "feed.xml",
        entries=_feed_entries(entries),
        site_url=site.site_url.rstrip("/") + "/",
        title=str((site.model.config.get("site") or {}).get("title") or "双随机、一公开"),
        updated=(entries[0].date if entries else dt.datetime.combine(today, dt.time())).isoformat(),
    ).encode()


def _feed_entries(entries: list[AuditEntry]) -> list[dict[str, Any]]:
    """New publications: commits that add draws, commitments, voids, results or plans."""
    found = []
    kinds = {
        "/commitment": "抽取承诺",
        "/draw": "抽取结果",
        "/void-": "作废记录",
        "results/": "抽查结果",
        "plans/": "年度抽查计划",
    }
    for entry in entries:
        what = sorted({label for f in entry.files for key, label in kinds.items() if key in f})
        if not what:
            continue
        found.append({"entry": entry, "what": "、".join(what), "task": entry.task})
        if len(found) >= FEED_LIMIT:
            break
    return found


SECTION = Section(("审计日志", "audit/index.md"), build)
