"""Plain views of the public records that the site's sections render: a task with its draws,
voids and results (`TaskView`), and everything a page looks names up in (`Model`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.industries import industry_name
from generator.model import TaskRecords, task_records
from generator.records import Record, RecordSet
from generator.site.urls import page_url, slug

BUSINESS_PAGE = "businesses/index.md"


# A task with its attempts, live draw and results: the domain model's view (generator.model).
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
    )


def year_summary(tasks: Sequence[TaskView], today: dt.date) -> dict[str, int]:
    return {
        "tasks": len(tasks),
        "drawn": sum(1 for t in tasks if t.live_draw is not None),
        "selected": sum(len(t.selected()) for t in tasks),
        "results": sum(len(t.published(today)) for t in tasks),
        "problems": sum(t.problem_count for t in tasks),
        "evidence": sum(1 for t in tasks if t.attempts),
    }


def by_department(records: Iterable[Record]) -> list[tuple[str, list[Record]]]:
    """Records grouped by their `department`, departments and records in id order."""
    groups: dict[str, list[Record]] = defaultdict(list)
    for record in sorted(records, key=lambda r: r.id):
        groups[str(record.data.get("department"))].append(record)
    return sorted(groups.items())
