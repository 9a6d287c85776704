"""The plain data the statistics work on: what happened to each task, each published
inspection and each late or overdue publication. Built from the records by `extract`; built
by hand in tests and benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, field

# The categories problem rates are broken down by, with their Chinese names.
DIMENSIONS: dict[str, str] = {
    "industry": "行业门类",
    "region": "街镇",
    "item": "抽查事项",
    "credit_class": "信用风险分类",
}


@dataclass(frozen=True)
class TaskFact:
    """One task of an annual plan and how far it has come."""

    id: str
    year: str
    name: str
    departments: tuple[str, ...]  # lead first
    joint: bool
    items: tuple[str, ...]
    committed: bool
    drawn: bool
    selected: tuple[str, ...] = ()  # targets of the live draw
    inspected: int = 0  # selected targets with an inspection date
    published: int = 0  # `spotcheck.model`'s published results of selected targets
    published_late: int = 0  # of which after the publication deadline
    overdue_publication: int = 0  # inspected, deadline passed, not published
    overdue_inspection: int = 0  # window ended, not inspected
    window_end: str | None = None
    working_days_left: int | None = None  # to the window's end, while targets are uninspected
    behind: bool = False  # uninspected targets near or past the window's end

    @property
    def department(self) -> str:
        return self.departments[0] if self.departments else ""

    @property
    def published_on_time(self) -> int:
        return self.published - self.published_late

    @property
    def uninspected(self) -> int:
        return len(self.selected) - self.inspected

    @property
    def completed(self) -> bool:
        """Drawn, and every selected target's result published."""
        return self.drawn and self.published == len(self.selected)


@dataclass(frozen=True)
class InspectionFact:
    """One published result, with the categories of its target."""

    year: str
    task: str
    target: str
    industry: str  # GB/T 4754 section letter (门类)
    region: str
    credit_class: str
    problem: bool  # `spotcheck.model.has_problem`
    items: tuple[tuple[str, bool], ...] = ()  # (item, a problem found under it)
    codes: tuple[str, ...] = ()  # every result code given, once per item


@dataclass(frozen=True)
class DelayFact:
    """A publication that is late or overdue, or a target left uninspected after the window."""

    department: str
    task: str
    task_name: str
    target: str
    target_name: str
    status: str  # 逾期未公示, 逾期公示 or 逾期未检查
    deadline: str
    published: str | None
    working_days_late: int | None
    reason: str | None  # the result's written delay reason (逾期说明)


@dataclass
class District:
    """Everything the statistics need, as plain data."""

    today: str
    departments: dict[str, str]  # id → name
    items: dict[str, tuple[str, str, bool]]  # id → (department, name, active)
    labels: dict[str, dict[str, str]]  # dimension → key → name
    tasks: list[TaskFact] = field(default_factory=list)
    inspections: list[InspectionFact] = field(default_factory=list)
    delays: list[DelayFact] = field(default_factory=list)
    deadline_working_days: int = 20
    calendar_problem: str | None = None  # why deadline counts are missing

    @property
    def years(self) -> list[str]:
        return sorted({t.year for t in self.tasks})
