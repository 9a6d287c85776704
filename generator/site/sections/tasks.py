"""The inspection tasks: an index by year, a list per year, a page per task with its draws
(a long selected list gets pages of its own) and how to verify them."""

from __future__ import annotations

from markupsafe import Markup

from generator.model import SEED_SOURCE_NAMES
from generator.records import Record
from generator.site import pages
from generator.site.pages import Section, SiteBuilder
from generator.site.urls import slug
from generator.site.views import TaskView


def build(site: SiteBuilder) -> None:
    site.add("tasks/index.md", "抽查任务", "tasks_index.md.j2", nav=True, years=site.years)
    for year, _ in site.years:
        site.add_list(
            f"tasks/{slug(year)}.md",
            f"{year} 年度抽查任务",
            "tasks_year.md.j2",
            [site.rows.task_row(task, site.progress.get(task.id)) for task in site.by_year[year]],
            year=year,
        )
    repo_url = str((site.model.config.get("site") or {}).get("repo_url") or "")
    for task in site.tasks:
        _task_page(site, task, repo_url)


def _task_page(site: SiteBuilder, task: TaskView, repo_url: str) -> None:
    inline: dict[int, Markup] = {}
    separate: dict[int, list[str]] = {}
    for attempt, draw in sorted(task.draws.items()):
        rows = _selected_rows(site, draw)
        # read at build time, so that a test can shrink it
        if sum(len(row.encode()) for row in rows) <= pages.INLINE_BUDGET:
            inline[attempt] = Markup("\n".join(rows))
            continue
        placed = site.add_list(
            f"tasks/{slug(task.id)}/draw-{attempt}.md",
            f"{task.id} 第 {attempt} 次抽取的入选对象",
            "task_selected.md.j2",
            rows,
            edit=task.plan.path,
            search_exclude=True,  # business names are found with the lookup, not search
            task=task,
            attempt=attempt,
        )
        separate[attempt] = [page for page, _ in placed]
    # a draw file is never edited (it is voided instead): the edit link goes to the plan
    site.add(
        f"tasks/{slug(task.id)}.md",
        f"{task.id} {task.data.get('name', '')}",
        "task.md.j2",
        edit=task.plan.path,
        task=task,
        repo_url=repo_url,
        seed_names=SEED_SOURCE_NAMES,
        evidence_prefix="downloads/",
        selected_inline=inline,
        selected_pages=separate,
    )


def _selected_rows(site: SiteBuilder, draw: Record) -> list[str]:
    assigned = {
        str(a.get("target")): a.get("officers") or [] for a in draw.data.get("assignments") or []
    }
    rows = []
    for stratum in draw.data.get("strata") or []:
        for number, chosen in enumerate(stratum.get("selected") or [], 1):
            officers = assigned.get(str(chosen.get("target")), [])
            rows.append(site.rows.selected_row(number, stratum.get("value"), chosen, officers))
    return rows


SECTION = Section(("抽查任务", "tasks/index.md"), build)
