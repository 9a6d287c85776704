"""Plain views of the public records that the site's sections render: a task with its draws,
voids and results (`TaskView`), and everything a page looks names up in (`Model`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spotcheck.industries import industry_name
from spotcheck.model import Figures, TaskRecords, figures_of, task_records, total
from spotcheck.records import Record, RecordSet
from spotcheck.schemas import SchemaSet
from spotcheck.site.urls import page_url, slug

BUSINESS_PAGE = "businesses/index.md"


# A task with its attempts, live draw and results: the domain model's view (spotcheck.model).
TaskView = TaskRecords


@dataclass
class Model:
    records: RecordSet
    today: dt.date
    directory_urls: bool
    config: dict[str, Any]
    departments: dict[str, dict[str, Any]]
    regions: dict[str, str]
    offices: dict[str, str]
    items: dict[str, Record]
    inspectors: dict[str, Record]
    targets: dict[str, dict[str, Any]]
    tasks: dict[str, TaskView]
    businesses: dict[str, list[tuple[str, str]]]  # uscc → (task id, how): drawn or inspected
    figures: dict[str, Figures]  # task id → its published figures (spotcheck.model.figures)
    # where a record's row landed once lists are cut into pages: "item:<id>" or
    # "result:<task>:<uscc>" → the page's src_uri
    anchors: dict[str, str] = field(default_factory=dict)

    def url(self, src_uri: str) -> str:
        """Site-relative URL of a page (rows put `ROOT` in front of it)."""
        return page_url(src_uri, self.directory_urls)

    @property
    def business_url(self) -> str:
        """The business page's URL up to the credit code (`…?id=`), site-relative."""
        return self.url(BUSINESS_PAGE) + "?id="

    def item_page(self, item_id: str) -> str:
        """The page listing an item (its department's list, or the page of it it is on)."""
        found = self.anchors.get(f"item:{item_id}")
        if found:
            return found
        item = self.items.get(item_id)
        department = item.data.get("department") if item else item_id.split("-")[0]
        return f"items/{slug(department)}.md"

    def field_title(self, kind: str, name: str) -> str:
        """A record field's Chinese title from the schemas ("credit_class" → "信用风险分类")."""
        return field_title(kind, name)

    def item_label(self, item_id: str) -> str:
        """An inspection item as people read it: its name (the code after it, for reference)."""
        item = self.items.get(item_id)
        name = item.data.get("name") if item else None
        return f"{name}（{item_id}）" if name else item_id

    def department_name(self, dept: str) -> str:
        return str(self.departments.get(dept, {}).get("name") or dept)

    def target_name(self, uscc: str) -> str:
        return str(self.targets.get(uscc, {}).get("name") or "（名录中无此对象）")

    def industry(self, code: str) -> str:
        name = industry_name(code) if code else None
        return f"{code} {name}" if name else (code or "—")

    def inspector_name(self, inspector_id: str) -> str:
        record = self.inspectors.get(inspector_id)
        return str(record.data.get("name")) if record else inspector_id


@lru_cache(maxsize=256)
def field_title(kind: str, name: str) -> str:
    schema = _schemas().field_schema(kind, (name,)) or {}
    return str(schema.get("title") or name)


@lru_cache(maxsize=64)
def kind_title(kind: str) -> str:
    """A record kind's Chinese title (the schema's title), e.g. "result" → "检查结果"."""
    if kind == "task":  # the plans' tasks, one row each in the open data
        return "抽查任务"
    schema = _schemas().field_schema(kind, ()) or {}
    return str(schema.get("title") or kind)


@lru_cache(maxsize=1)
def _schemas() -> SchemaSet:
    return SchemaSet()


def build_model(records: RecordSet, today: dt.date, directory_urls: bool) -> Model:
    config = records.config
    tasks = task_records(records)
    businesses: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for view in tasks.values():
        for attempt, draw in sorted(view.draws.items()):
            voided = attempt in view.voids
            for stratum in draw.data.get("strata") or []:
                for how, key in (("入选", "selected"), ("候补", "reserves")):
                    for chosen in stratum.get(key) or []:
                        label = how + ("（已作废）" if voided else "")
                        businesses[str(chosen.get("target"))].append((view.id, label))
        for uscc in view.results:
            businesses.setdefault(uscc, [])
    return Model(
        records=records,
        today=today,
        directory_urls=directory_urls,
        config=config,
        departments={d.id: d.data for d in sorted(records.of("department"), key=lambda d: d.id)},
        regions={str(r.get("code")): str(r.get("name")) for r in config.get("regions") or []},
        offices={str(o.get("id")): str(o.get("name")) for o in config.get("offices") or []},
        items={i.id: i for i in records.of("item")},
        inspectors={i.id: i for i in records.of("inspector")},
        targets={t.id: t.data for t in records.of("target")},
        tasks=tasks,
        businesses=dict(businesses),
        figures=figures_of(tasks, today),
    )


@dataclass(frozen=True)
class YearSummary:
    figures: Figures  # the sum of the year's tasks' figures
    evidence: int  # tasks with draw evidence (an attempt)


def year_summary(tasks: Sequence[TaskView], figures: dict[str, Figures]) -> YearSummary:
    return YearSummary(total(figures[t.id] for t in tasks), sum(1 for t in tasks if t.attempts))


def by_department(records: Iterable[Record]) -> list[tuple[str, list[Record]]]:
    """Records grouped by their `department`, departments and records in id order."""
    groups: dict[str, list[Record]] = defaultdict(list)
    for record in sorted(records, key=lambda r: r.id):
        groups[str(record.data.get("department"))].append(record)
    return sorted(groups.items())
