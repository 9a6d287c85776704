"""The inspection results: an index by year, a list of tasks per year, a (paged) list of
results per drawn task."""

from __future__ import annotations

from spotcheck.results.deadlines import deadline_working_days
from spotcheck.site.pages import Section, SiteBuilder
from spotcheck.site.urls import slug
from spotcheck.site.views import TaskView


def build(site: SiteBuilder) -> None:
    site.add(
        "results/index.md",
        "抽查结果",
        "results_index.md.j2",
        nav=True,
        years=site.years,
        working_days=deadline_working_days(site.model.records),
    )
    for year, _ in site.years:
        site.add_list(
            f"results/{slug(year)}.md",
            f"{year} 年度抽查结果",
            "results_year.md.j2",
            [site.rows.results_task_row(task) for task in site.by_year[year] if task.draws],
            year=year,
        )
    for task in site.tasks:
        if task.draws:
            _task_results(site, task)


def _task_results(site: SiteBuilder, task: TaskView) -> None:
    selected = task.selected()
    chosen = set(selected)
    # results of targets outside the live draw (validation flags them) are shown too
    targets = selected + sorted(u for u in task.results if u not in chosen)
    published = task.published(site.model.today)
    rows = site.task_rows(
        "result-rows",
        task,
        lambda: [
            str(site.rows.result_row(task, uscc, task.results.get(uscc), uscc in published))
            for uscc in targets
        ],
    )
    placed = site.add_list(
        f"results/{slug(task.id)}.md",
        f"{task.id} 抽查结果",
        "results_task.md.j2",
        rows,
        edit=task.plan.path,
        search_exclude=True,  # ~100,000 rows at district scale: not for the search index
        task=task,
        selected_count=len(selected),
    )
    # the business pages link each result where its row landed
    for page, numbers in placed:
        for number in numbers:
            site.model.anchors[f"result:{task.id}:{targets[number]}"] = page


SECTION = Section(("抽查结果", "results/index.md"), build)
