"""The published figures (spotcheck.model.figures): defined once, summed by group, and the
same numbers `spotcheck stats` reports."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from spotcheck.model import Figures, figures_by, figures_of, task_figures, task_records, total
from spotcheck.records import load
from spotcheck.statistics.extract import district_facts
from spotcheck.statistics.figures import district_row
from tests.model.test_model import ROOT, draw, plan, record_set, result

TODAY = dt.date(2026, 11, 28)


def test_a_tasks_figures() -> None:
    problem = result("T1", "D", "2026-11-02")
    problem.data["items"] = [{"codes": ["发现问题已责令改正"]}]
    hidden_problem = result("T1", "C", None)
    hidden_problem.data["items"] = [{"codes": ["发现问题已责令改正"]}]
    records = record_set(
        plan({"id": "T1", "lead_department": "SCJG", "joint": True}),
        draw("T1", 1, ["A", "B", "C", "D"], ["R"]),
        result("T1", "A", "2026-11-01"),
        result("T1", "B", "2026-12-01"),  # scheduled, not yet public
        hidden_problem,  # inspected, not published: its problem is not public yet
        problem,
        result("T1", "X", "2026-11-01"),  # not drawn: counts for nothing
    )
    figures = task_figures(task_records(records)["T1"], TODAY)
    assert figures == Figures(
        tasks=1, drawn_tasks=1, selected=4, joint_selected=4, inspected=4, published=2, problems=1
    )
    assert figures.completion == 0.5 and figures.problem_rate == 0.5


counts = st.integers(0, 50)


@given(st.lists(st.tuples(counts, counts, counts, counts), max_size=8))
def test_sums_add_up_field_by_field(rows: list[tuple[int, int, int, int]]) -> None:
    figures = [Figures(selected=a, inspected=b, published=c, problems=d) for a, b, c, d in rows]
    whole = total(figures)
    assert whole.selected == sum(r[0] for r in rows)
    assert whole.problems == sum(r[3] for r in rows)
    assert total([]) == Figures() and Figures().completion is None


def test_the_example_districts_figures_are_what_stats_reports() -> None:
    records = load(ROOT)
    tasks = task_records(records)
    whole = total(figures_of(tasks, TODAY).values())
    district = district_facts(records, TODAY)
    stats = district_row(district, district.tasks)
    problems = sum(1 for inspection in district.inspections if inspection.problem)
    assert (stats["tasks_planned"], stats["drawn"], stats["published"], problems) == (
        whole.tasks,
        whole.selected,
        whole.published,
        whole.problems,
    )
    by_department = figures_by(tasks.values(), TODAY, lambda t: t.department)
    assert sum(f.selected for f in by_department.values()) == whole.selected
