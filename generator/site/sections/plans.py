"""The annual inspection plans: a (paged) list, newest year first, and a page per plan."""

from __future__ import annotations

from spotcheck.site.pages import Section, SiteBuilder
from spotcheck.site.urls import slug


def build(site: SiteBuilder) -> None:
    records = site.model.records
    plans = sorted(records.of("plan"), key=lambda p: (-int(p.data.get("year") or 0), p.id))
    site.add_list(
        "plans/index.md",
        "年度抽查计划",
        "plans_index.md.j2",
        [site.rows.plan_row(plan) for plan in plans],
        nav=True,
    )
    for plan in plans:
        site.add(
            f"plans/{slug(plan.data.get('year'))}/{slug(plan.data.get('department'))}.md",
            str(plan.data.get("title") or plan.id),
            "plan.md.j2",
            edit=plan.path,
            plan=plan,
            progress=site.progress,
        )


SECTION = Section(("年度抽查计划", "plans/index.md"), build)
