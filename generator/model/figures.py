"""The published figures — how many targets a task selected, inspected and published, and how
many of the published results found a problem — defined once, so that every page of the
website, the exports and `spotcheck stats` state the same numbers (issue #12).

- selected: targets selected by the task's live draw (voided draws count for nothing);
- inspected: selected targets with a result record (the inspection is recorded);
- published: selected targets whose result is published by `today` (`results.is_published`);
- problems: published results that found a problem (`results.has_problem`) — a result is
  public only once published, so an unpublished one counts for nothing yet.

Figures of a department, a year or the whole district are the sums of their tasks' figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields

from spotcheck.model.results import has_problem
from spotcheck.model.task_records import TaskRecords


@dataclass(frozen=True)
class Figures:
    tasks: int = 0
    drawn_tasks: int = 0  # tasks with a live draw
    selected: int = 0
    joint_selected: int = 0  # selected by joint (cross-department) tasks
    inspected: int = 0
    published: int = 0
    problems: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def completion(self) -> float | None:
        """Published ÷ selected (docs/domain.md, "Analysis")."""
        return self.published / self.selected if self.selected else None

    @property
    def problem_rate(self) -> float | None:
        return self.problems / self.published if self.published else None


def task_figures(task: TaskRecords, today: dt.date) -> Figures:
    selected = task.selected()
    published = task.published(today)
    return Figures(
        tasks=1,
        drawn_tasks=1 if task.live_draw is not None else 0,
        selected=len(selected),
        joint_selected=len(selected) if task.joint else 0,
        inspected=sum(1 for uscc in selected if uscc in task.results),
        published=len(published),
        problems=sum(1 for result in published.values() if has_problem(result)),
    )


def total(figures: Iterable[Figures]) -> Figures:
    found = Figures()
    for one in figures:
        found = found + one
    return found


def figures_by(
    tasks: Iterable[TaskRecords], today: dt.date, key: Callable[[TaskRecords], str]
) -> dict[str, Figures]:
    """The summed figures of the tasks grouped by `key` (e.g. year or lead department)."""
    found: dict[str, Figures] = {}
    for task in tasks:
        group = key(task)
        found[group] = found.get(group, Figures()) + task_figures(task, today)
    return dict(sorted(found.items()))


def figures_of(tasks: Mapping[str, TaskRecords], today: dt.date) -> dict[str, Figures]:
    """Each task's figures, by task id."""
    return {task_id: task_figures(task, today) for task_id, task in tasks.items()}
