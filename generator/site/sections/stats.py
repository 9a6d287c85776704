"""The statistics (统计): one page per year with the figures per department, problem rates
with 95 % intervals, the risk warnings and the method; the item rates on pages of their
own; and 逾期与进度, who is late and which tasks are behind schedule. The numbers come from
`spotcheck.statistics` (as `spotcheck stats` shows them); charts are inline SVG."""

from __future__ import annotations

from collections.abc import Iterable

import jinja2

from spotcheck.site.pages import Section, SiteBuilder
from spotcheck.site.urls import slug
from spotcheck.statistics import suggestions
from spotcheck.statistics.plan_drafts import plan_drafts, source_plans
from spotcheck.statistics.report import accountability, default_year, report

SMALL_DIMENSIONS = ("credit_class", "industry", "region")  # on the year's page; items apart
PLAN_PAGE = "stats/plan.md"  # next year's suggested ratios (the latest year's drafts)


def year_page(year: str, latest: str) -> str:
    return "stats/index.md" if year == latest else f"stats/{slug(year)}.md"


def draft_page(department: str) -> str:
    """The page of one department's draft plan for next year."""
    return f"{PLAN_PAGE.removesuffix('.md')}/{slug(department)}.md"


def build(site: SiteBuilder) -> None:
    district = site.district
    latest = default_year(district) or site.model.today.isoformat()[:4]
    years = [y for y in district.years if y <= latest] or [latest]
    next_year = int(latest) + 1
    drafts = None
    for year in years:
        stats = report(district, year)
        if year == latest:
            # `spotcheck plan suggest --year <next>`: the same drafts from the same report
            drafts = plan_drafts(source_plans(site.model.records, next_year), next_year, stats)
            # each department's draft file on a page of its own: 29 drafts of ~2 KB of YAML
            # made the district's plan page the site's only page over 100 KB
            draft_pages = {d.department: draft_page(d.department) for d in drafts}
            site.add(
                PLAN_PAGE,
                f"{next_year} 年抽查比例建议",
                "stats_plan.md.j2",
                stats=stats,
                next_year=next_year,
                drafts=drafts,
                draft_pages=draft_pages,
                rule=suggestions,
            )
            for draft in drafts:
                site.add(
                    draft_pages[draft.department],
                    f"{next_year} 年计划草案：{site.model.department_name(draft.department)}",
                    "stats_plan_draft.md.j2",
                    draft=draft,
                    year=year,
                    next_year=next_year,
                    plan_page=PLAN_PAGE,
                )
        charts = {
            "completion": bar_chart([(d["label"], d["completion"]) for d in stats["departments"]]),
            "joint": bar_chart(
                [("联合抽查占比", stats["district"]["joint_share"])], goal=stats["joint_goal"]
            ),
        }
        page = year_page(year, latest)
        items_page = page.removesuffix(".md").removesuffix("/index") + "-items.md"
        if page == "stats/index.md":
            items_page = "stats/items.md"
        site.add(
            page,
            "统计" if page == "stats/index.md" else f"{year} 年度统计",
            "stats.md.j2",
            nav=page == "stats/index.md",
            stats=stats,
            charts=charts,
            small_dimensions=SMALL_DIMENSIONS,
            items_page=items_page,
            plan=(next_year, drafts) if year == latest else None,
            other_years=[(y, year_page(y, latest)) for y in reversed(years) if y != year],
        )
        site.add_list(
            items_page,
            f"{year} 年度各抽查事项的问题发现率",
            "stats_items.md.j2",
            [site.rows.stats_rate_row(row) for row in stats["rates"]["item"]],
            stats=stats,
            year_page=page,
        )


def build_accountability(site: SiteBuilder) -> None:
    site.add(
        "stats/overdue.md",
        "逾期与进度",
        "stats_overdue.md.j2",
        nav=True,
        groups=accountability(site.district),
        working_days=site.district.deadline_working_days,
    )


def bar_chart(rows: Iterable[tuple[str, float | None]], *, goal: float | None = None) -> str:
    """An inline SVG bar chart (percentages); labels are escaped; nothing is fetched. Each label
    sits above its bar across the full width, so that the chart can be scaled down to a
    phone's width with its text still readable (≥ 11 px at 390 px, issue #12)."""
    entries = list(rows)
    row = 40
    height = row * len(entries) + 10
    width, right = 420, 56
    described = "；".join(
        f"{label} {'—' if value is None else f'{value * 100:.1f}%'}" for label, value in entries
    )
    parts = [
        f'<svg class="sc-chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{jinja2.utils.markupsafe.escape(described)}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, (label, value) in enumerate(entries):
        y = 5 + index * row
        share = max(0.0, min(1.0, value or 0.0))
        bar = (width - right) * share
        text = jinja2.utils.markupsafe.escape(label)
        parts.append(f'<text x="0" y="{y + 14}">{text}</text>')
        parts.append(f'<rect x="0" y="{y + 19}" width="{bar:.1f}" height="14" class="sc-bar"/>')
        shown = "—" if value is None else f"{value * 100:.1f}%"
        parts.append(f'<text x="{bar + 4:.1f}" y="{y + 31}">{shown}</text>')
    if goal is not None:
        x = (width - right) * goal
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" class="sc-goal"/>')
    parts.append("</svg>")
    return "".join(parts)


SECTION = Section(("统计", "stats/index.md"), build)
ACCOUNTABILITY = Section(("逾期与进度", "stats/overdue.md"), build_accountability)
