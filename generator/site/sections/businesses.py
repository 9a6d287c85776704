"""The businesses: one page that shows any drawn or inspected business from the sharded
lookup files (no page per business, see `generator.site.lookup`)."""

from __future__ import annotations

from typing import Any

from generator.model import NO_PROBLEM, is_published
from generator.results.credit import NEUTRAL_CODES
from generator.site import lookup
from generator.site.pages import Section, SiteBuilder
from generator.site.urls import slug
from generator.site.views import BUSINESS_PAGE, Model


def build(site: SiteBuilder) -> None:
    model = site.model
    site.add(BUSINESS_PAGE, "检查对象信息", "business.md.j2", search_exclude=True)
    activity = business_activity(model)
    rows = []
    for uscc, target in model.targets.items():
        rows.append(
            lookup.Row(
                uscc=uscc,
                name=str(target.get("name", "")),
                address=str(target.get("address", "")),
                region=model.regions.get(str(target.get("region")), str(target.get("region", ""))),
                industry=model.industry(str(target.get("industry", ""))),
                status=str(target.get("status", "")),
                has_activity=uscc in activity,
                entity_type=str(target.get("entity_type", "")),
                legal_representative=str(target.get("legal_representative", "")),
            )
        )
    site.out.files.update(
        lookup.build(
            rows,
            business_url=model.business_url + "{uscc}",
            task_url=model.url("tasks/{task}.md"),
            activity=activity,
        )
    )


def business_activity(model: Model) -> dict[str, dict[str, Any]]:
    """For each drawn or inspected business, what its page shows: the draws it was in and its
    results, newest first; `credit` marks results in its credit record (published by the build
    date, as `generator.results.credit`), `problems` those that found a problem."""
    found: dict[str, dict[str, Any]] = {}
    names: dict[str, str] = {}
    for uscc, appearances in model.businesses.items():
        draws = []
        for task_id, how in appearances:
            if task_id not in names:
                names[task_id] = str(model.tasks[task_id].data.get("name", ""))
            draws.append([task_id, names[task_id], how])
        found[uscc] = {"draws": draws, "results": []}
    for task in model.tasks.values():
        departments = "、".join(model.department_name(d) for d in task.departments)
        for uscc, result in task.results.items():
            data = result.data
            codes = {str(c) for e in data.get("items") or [] for c in e.get("codes") or []}
            page = model.anchors.get(f"result:{task.id}:{uscc}", f"results/{slug(task.id)}.md")
            entry = found.setdefault(uscc, {"draws": [], "results": []})
            entry["results"].append(
                {
                    "task": task.id,
                    "name": str(task.data.get("name", "")),
                    "departments": departments,
                    "inspected": str(data.get("inspection_date") or ""),
                    "published": str(data.get("published") or ""),
                    "items": [
                        [str(e.get("item")), [str(c) for c in e.get("codes") or []]]
                        for e in data.get("items") or []
                    ],
                    "follow_up": [
                        str(f.get("action")) for f in data.get("follow_up") or [] if f.get("action")
                    ],
                    "problems": bool(codes - {NO_PROBLEM} - NEUTRAL_CODES),
                    "credit": is_published(result, model.today),
                    "page": model.url(page),
                }
            )
    for entry in found.values():
        entry["results"].sort(key=lambda e: (e["inspected"], e["task"]), reverse=True)
    return found


SECTION = Section(None, build)
