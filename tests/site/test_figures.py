"""One truth (issue #12): the built site — the example district of this repository (records/,
whose tasks have unpublished and late results) and the test fixture — states the same published figures for the same task,
year and department on every page that shows them — the task page, the results pages, the
year lists, the index pages, 统计 and the business pages — and they are the figures of
`spotcheck.model.figures`."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from spotcheck.model import (
    Figures,
    TaskRecords,
    department_names,
    figures_by,
    figures_of,
    task_records,
    total,
)
from spotcheck.records import RecordSet, load
from spotcheck.schemas import SchemaSet
from spotcheck.site import lookup, public
from spotcheck.site.sections.businesses import expand_activity
from tests.site.conftest import EXAMPLE_TODAY, REPO, TODAY


def _page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def _cells(row: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)
    ]


def _rows(html: str) -> list[list[str]]:
    found = (_cells(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S))
    return [cells for cells in found if cells]  # header rows have no <td>


@pytest.fixture(scope="module", params=["example", "fixture"])
def built(request: pytest.FixtureRequest) -> tuple[Path, Path, dt.date]:
    """(site, records root, day) of a built site."""
    if request.param == "fixture":
        root = request.getfixturevalue("fixture_root")
        site = request.getfixturevalue("built_site")
        return site, root, dt.date.fromisoformat(TODAY)
    site = request.getfixturevalue("example_site")
    return site, REPO, dt.date.fromisoformat(EXAMPLE_TODAY)


@pytest.fixture(scope="module")
def built_site_(built: tuple[Path, Path, dt.date]) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def day(built: tuple[Path, Path, dt.date]) -> dt.date:
    return built[2]


@pytest.fixture(scope="module")
def records(built: tuple[Path, Path, dt.date]) -> RecordSet:
    return public.public_records(load(built[1]), SchemaSet())


@pytest.fixture(scope="module")
def tasks(records: RecordSet) -> dict[str, TaskRecords]:
    return task_records(records)


@pytest.fixture(scope="module")
def expected(tasks: dict[str, TaskRecords], day: dt.date) -> dict[str, Figures]:
    return figures_of(tasks, day)


def test_the_example_has_figures_worth_comparing(expected: dict[str, Figures]) -> None:
    whole = total(expected.values())
    # some problems, and fewer published than selected: a page that mixed them up differs
    assert 0 < whole.problems < whole.published < whole.selected
    assert whole.published <= whole.inspected


def test_task_and_results_pages_state_the_same_figures(
    built_site_: Path, expected: dict[str, Figures]
) -> None:
    checked = 0
    for task_id, figures in expected.items():
        task_page = _page(built_site_, f"tasks/{task_id}/index.html")
        if not figures.drawn_tasks:
            continue
        stated = (
            f"入选 {figures.selected} 户，已检查 {figures.inspected} 户，"
            f"已公示 {figures.published} 户，其中发现问题 {figures.problems} 户"
        )
        assert stated in task_page, task_id
        results_page = _page(built_site_, f"results/{task_id}/index.html")
        meta = (
            f"入选 {figures.selected} · 已检查 {figures.inspected} · "
            f"已公示 {figures.published} · 发现问题 {figures.problems}"
        )
        assert meta in results_page, task_id
        # the rows agree with the header: as many published rows as published results
        published_rows = sum(
            1
            for row in _rows(results_page)
            if len(row) == 7 and row[6] not in ("—", "") and "待公示" not in "".join(row)
        )
        pages = sorted((built_site_ / "results" / task_id).glob("page-*/index.html"))
        for extra in pages:
            published_rows += sum(
                1
                for row in _rows(_page(built_site_, str(extra.relative_to(built_site_))))
                if len(row) == 7
            )
        assert published_rows == figures.published, task_id
        checked += 1
    assert checked >= 2


def test_year_lists_and_indexes_state_the_same_figures(
    built_site_: Path, expected: dict[str, Figures], tasks: dict[str, TaskRecords], day: dt.date
) -> None:
    by_year = figures_by(tasks.values(), day, lambda t: t.year)
    for year, figures in by_year.items():
        results_year = {r[0]: r for r in _rows(_page(built_site_, f"results/{year}/index.html"))}
        tasks_year = {r[0]: r for r in _rows(_page(built_site_, f"tasks/{year}/index.html"))}
        for task_id, one in expected.items():
            if not task_id.startswith(year):
                continue
            # … 入选, 已公示, 检查期结束, 进度
            assert tasks_year[task_id][-4:-2] == [str(one.selected), str(one.published)], task_id
            if one.drawn_tasks:
                row = results_year[task_id]
                assert row[-3:] == [str(one.selected), str(one.published), str(one.problems)]
        results_index = {r[0]: r for r in _rows(_page(built_site_, "results/index.html"))}
        assert results_index[f"{year} 年度"][1:] == [
            str(figures.drawn_tasks),
            str(figures.selected),
            str(figures.published),
            str(figures.problems),
        ]
        tasks_index = {r[0]: r for r in _rows(_page(built_site_, "tasks/index.html"))}
        assert tasks_index[f"{year} 年度"][1:] == [
            str(figures.tasks),
            str(figures.drawn_tasks),
            str(figures.selected),
            str(figures.published),
        ]


def test_statistics_state_the_same_figures(
    built_site_: Path,
    expected: dict[str, Figures],
    tasks: dict[str, TaskRecords],
    records: RecordSet,
    day: dt.date,
) -> None:
    html = _page(built_site_, "stats/index.html")
    whole = total(expected.values())
    cards = re.findall(r'sc-card__value">([^<]*)</div><div>([^<]*)</div>', html)
    values = {label.split("（")[0]: value for value, label in cards}
    assert values["计划抽查任务"] == str(whole.tasks)
    assert values["入选检查对象"] == str(whole.selected)
    assert values["结果公示完成率"] == f"{whole.published / whole.selected * 100:.1f}%"
    assert values["问题发现率"] == f"{whole.problems / whole.published * 100:.1f}%"
    by_department = figures_by(tasks.values(), day, lambda t: t.department)
    names = department_names(records)
    # 部门 计划任务 已承诺 已抽取 已完成 入选 已检查 按期公示 逾期公示 逾期未公示 完成率 联合抽查占比 事项覆盖
    rows = {r[0]: r for r in _rows(html) if len(r) == 13}
    for department, figures in by_department.items():
        row = rows[names.get(department, department)]
        assert (row[1], row[5], row[6]) == (
            str(figures.tasks),
            str(figures.selected),
            str(figures.inspected),
        )
        assert int(row[7]) + int(row[8]) == figures.published, department
        if figures.selected:
            assert row[11] == f"{figures.joint_selected / figures.selected * 100:.1f}%"


def test_business_pages_state_the_same_figures(
    built_site_: Path, expected: dict[str, Figures]
) -> None:
    """Summed over the businesses' pages, each task's published results and problems are the
    task's figures (a business page says 已公示 exactly where the task page counts it)."""
    meta = json.loads(_page(built_site_, "lookup/meta.json"))
    shared = json.loads(_page(built_site_, "lookup/draws.json"))
    published: Counter[str] = Counter()
    problems: Counter[str] = Counter()
    selected: Counter[str] = Counter()
    for shard in (built_site_ / "lookup" / "activity").glob("*.json"):
        for uscc, compact in json.loads(shard.read_text(encoding="utf-8")).items():
            assert lookup.shard(uscc, meta["activity_shards"]) == shard.stem
            entry = expand_activity(compact, shared)
            for result in entry.get("results", []):
                published[result["task"]] += result["credit"]
                problems[result["task"]] += result["credit"] and result["problems"]
            for draw in entry.get("draws", []):
                selected[draw[0]] += draw[2] == "入选"
    for task_id, figures in expected.items():
        assert published[task_id] == figures.published, task_id
        assert problems[task_id] == figures.problems, task_id
        assert selected[task_id] == figures.selected, task_id
