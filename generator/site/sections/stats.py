"""The statistics: completion by department, the share of joint inspections, problem rates by
industry and by item (charts are inline SVG, nothing is fetched)."""

from __future__ import annotations

from collections.abc import Iterable

import jinja2

from generator.results.deadlines import deadline_working_days
from generator.site.pages import Section, SiteBuilder
from generator.stats import JOINT_GOAL, statistics


def build(site: SiteBuilder) -> None:
    stats = statistics(site.model.records, site.model.today)
    charts = {
        "completion": bar_chart([(d["label"], d["completion"]) for d in stats["departments"]]),
        "joint": bar_chart([("联合抽查占比", stats["total"]["joint_share"])], goal=JOINT_GOAL),
        "problems": bar_chart([(d["label"], d["problem_rate"]) for d in stats["industries"]]),
    }
    site.add(
        "stats/index.md",
        "统计",
        "stats.md.j2",
        nav=True,
        stats=stats,
        charts=charts,
        working_days=deadline_working_days(site.model.records),
    )
    site.add_list(
        "stats/items.md",
        "各抽查事项的问题发现率",
        "stats_items.md.j2",
        [site.rows.stats_item_row(row) for row in stats["items"]],
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
