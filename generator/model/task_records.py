"""Everything recorded about one task: its plan entry, its draw attempts, its live draw and
its results — the view that the statistics, the exports and the website's pages share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from spotcheck.model.attempts import Attempts, attempts_by_task
from spotcheck.model.draws import TaskDraw, drawn_targets
from spotcheck.model.results import published_results, results_by_task
from spotcheck.model.tasks import TaskRef, all_tasks
from spotcheck.records import Record, RecordSet


@dataclass(frozen=True)
class TaskRecords(TaskRef):
    """A task (see TaskRef) with its attempts and results."""

    attempt_records: Attempts = field(default_factory=Attempts)
    results: dict[str, Record] = field(default_factory=dict)  # target → result

    # --- its attempts (see Attempts)
    @property
    def commitments(self) -> dict[int, Record]:
        return self.attempt_records.commitments

    @property
    def draws(self) -> dict[int, Record]:
        return self.attempt_records.draws

    @property
    def voids(self) -> dict[int, Record]:
        return self.attempt_records.voids

    @property
    def attempts(self) -> list[int]:
        return self.attempt_records.numbers

    @property
    def live_draw(self) -> Record | None:
        return self.attempt_records.live_draw

    @property
    def uncommitted(self) -> bool:
        return self.attempt_records.uncommitted

    @property
    def verify_attempt(self) -> int | None:
        return self.attempt_records.verify_attempt

    # --- its live draw and results
    @cached_property
    def drawn(self) -> TaskDraw | None:
        draw = self.live_draw
        return drawn_targets(self.id, draw) if draw is not None else None

    def selected(self) -> list[str]:
        """Targets selected by the live draw, in draw order."""
        return [t.target for t in self.drawn.selected] if self.drawn else []

    def reserves(self) -> list[str]:
        return [t.target for t in self.drawn.reserves] if self.drawn else []

    def published(self, today: dt.date) -> dict[str, Record]:
        """The published results (see `spotcheck.model.results`), by target."""
        return published_results(self.drawn, self.results, today)


def task_records(records: RecordSet) -> dict[str, TaskRecords]:
    """Every task of the plans with its attempts and results, by task id in id order."""
    attempts = attempts_by_task(records)
    results = results_by_task(records)
    return {
        task_id: TaskRecords(
            ref.plan,
            ref.index,
            ref.task,
            attempts.get(task_id, Attempts()),
            results.get(task_id, {}),
        )
        for task_id, ref in sorted(all_tasks(records).items())
    }
