"""The businesses: one page that shows any drawn or inspected business from the sharded
lookup files (no page per business, see `spotcheck.site.lookup`).

Fairness in one click (issue #12): every business in the population of a draw finds that
draw on its page with its own ticket, the stratum's threshold and the verdict. The page
computes the ticket in the browser from the published seed (U(H(seed) + code), the protocol's
formula), so the code shards carry only the number of the business's population pattern (the
draws and strata whose population held it), and `lookup/draws.json` carries each draw's seed
and thresholds and each pattern once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from spotcheck.model import has_problem
from spotcheck.site import lookup
from spotcheck.site.lookup import base36
from spotcheck.site.pages import Section, SiteBuilder
from spotcheck.site.urls import slug
from spotcheck.site.views import BUSINESS_PAGE, Model, TaskView


def build(site: SiteBuilder) -> None:
    model = site.model
    site.add(BUSINESS_PAGE, "检查对象信息", "business.md.j2", search_exclude=True)
    # each task's results kept by its own records (a result's change redoes its task's part)
    activity, shared = business_activity(
        model,
        lambda task: site.task_rows("activity-results", task, lambda: task_results(model, task)),
    )
    # ~3.4 million memberships at district scale, read from the population lists, and the
    # few hundred patterns they make: kept in the build cache while the draws and plans do not
    # change (a result's change leaves them); the patterns, not the memberships, are kept, as
    # a dozen MB less to read back
    draws, patterns, pattern_of = site.derived(
        "draw-patterns",
        ("draws", "plans", "config.yaml"),
        lambda: draws_and_patterns(model, site.evidence),
    )
    site.out.files["lookup/draws.json"] = lookup.dump(
        {"draws": draws, "patterns": patterns, **shared}
    )
    # a never-drawn business is only its code and pattern: a dozen bytes (issue #15); the
    # registration row (and name search) is for businesses with records
    known = dict.fromkeys(model.targets, 0) | dict.fromkeys(activity, 0) | pattern_of
    rows = []
    for uscc in activity:
        target = model.targets.get(uscc)
        if target is None:
            continue  # moved out of the directory: the page shows its records without a row
        rows.append(
            lookup.Row(
                uscc=uscc,
                name=str(target.get("name", "")),
                address=str(target.get("address", "")),
                region=model.regions.get(str(target.get("region")), str(target.get("region", ""))),
                industry=model.industry(str(target.get("industry", ""))),
                status=str(target.get("status", "")),
                has_activity=True,
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
            patterns=known,
        )
    )


def draws_and_patterns(
    model: Model, evidence: Mapping[str, bytes]
) -> tuple[list[dict[str, Any]], list[str], dict[str, int]]:
    """The draws, the population patterns and each business's pattern number
    (`draw_populations`, then `population_patterns`)."""
    draws, populations = draw_populations(model, evidence)
    return (draws, *population_patterns(populations))


def population_patterns(
    populations: Mapping[str, list[list[int]]],
) -> tuple[list[str], dict[str, int]]:
    """Businesses in the same populations share one pattern: the list of encoded membership
    sets (number 0 is "in no population") and each business's number.  Populations follow
    the rules' filters, so a district's 200,000 businesses fall into a few hundred patterns."""
    encoded = {uscc: encode_memberships(found) for uscc, found in populations.items()}
    patterns = ["", *sorted(set(encoded.values()) - {""})]
    number = {pattern: index for index, pattern in enumerate(patterns)}
    return patterns, {uscc: number[pattern] for uscc, pattern in encoded.items()}


def draw_populations(
    model: Model, evidence: Mapping[str, bytes]
) -> tuple[list[dict[str, Any]], dict[str, list[list[int]]]]:
    """Every draw (live or voided) with its seed and strata, and for each business the draws
    whose population held it: [draw number, stratum number] pairs. A population is read from
    its published list (`draws/populations/<digest>.txt`), as anyone verifying would."""
    draws: list[dict[str, Any]] = []
    found: dict[str, list[list[int]]] = defaultdict(list)
    for task_id in sorted(model.tasks):
        task = model.tasks[task_id]
        for attempt, draw in sorted(task.draws.items()):
            number = len(draws)
            strata = []
            for index, stratum in enumerate(draw.data.get("strata") or []):
                value = stratum.get("value")
                strata.append(
                    {
                        "value": "全部" if value is None else str(value),
                        "threshold": str(stratum.get("threshold") or ""),
                        "population": stratum.get("population"),
                        "sample": stratum.get("sample_size"),
                    }
                )
                listing = evidence.get(f"draws/populations/{stratum.get('digest')}.txt")
                for line in (listing or b"").decode("utf-8", errors="replace").split():
                    found[line].append([number, index])
            draws.append(
                {
                    "task": task.id,
                    "name": str(task.data.get("name", "")),
                    "attempt": attempt,
                    "voided": attempt in task.voids,
                    "seed": str(draw.data.get("seed") or ""),
                    "strata": strata,
                }
            )
    return draws, dict(found)


def encode_memberships(memberships: list[list[int]]) -> str:
    """[[draw, stratum], …] as "<draw base 36>.<stratum base 36>" joined by spaces: at district
    scale 3.4 million memberships, so ~5 bytes each instead of JSON's ~8 (decoded by
    spotcheck-lookup.js)."""
    return " ".join(f"{base36(draw)}.{base36(stratum)}" for draw, stratum in memberships)


def business_activity(
    model: Model, results_of: Callable[[TaskView], list[TaskResult]] | None = None
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """For each drawn or inspected business, what its page shows: the draws it was in and its
    results, newest first; and the tables they share (`tasks`: id → [name, departments, first results page];
    `items`: id → label; `codes`: the result codes, numbered), so that each of the ~100,000 results at district scale carries ids,
    not the same names again.  `expand_activity` (and spotcheck-lookup.js) put them back.

    A draw is [task, how] (+ the officers for a selected business: [person, role] pairs, the
    person a number into `people`); a result is
    [task, inspected, published, [[item, [code number, …]], …], follow_up, problems, credit,
    page], where
    `credit` marks a published result (`spotcheck.model.figures`: published by the build
    date, for a target of the live draw) and `problems` one that found a problem.

    `results_of(task)` gives a task's `task_results` (the build keeps them per task)."""
    found: dict[str, dict[str, Any]] = {}
    tasks: dict[str, list[str]] = {}
    items: dict[str, str] = {}
    codes: dict[str, int] = {}  # result codes ("未发现问题" …): a handful, used 300,000 times
    people: dict[str, int] = {}
    officers = _officers(model, people)

    def task_entry(task_id: str) -> None:
        if task_id not in tasks:
            task = model.tasks[task_id]
            departments = "、".join(model.department_name(d) for d in task.departments)
            results_page = model.url(f"results/{slug(task_id)}.md")
            tasks[task_id] = [str(task.data.get("name", "")), departments, results_page]

    for uscc, appearances in model.businesses.items():
        draws = []
        for task_id, how in appearances:
            task_entry(task_id)
            entry: list[Any] = [task_id, how]
            if how == "入选" and (task_id, uscc) in officers:
                entry.append(officers[task_id, uscc])  # a selected business sees its officers
            draws.append(entry)
        found[uscc] = {"draws": draws, "results": []}
    for task in model.tasks.values():
        if task.results:
            task_entry(task.id)
        part = results_of(task) if results_of is not None else task_results(model, task)
        for uscc, result, labels in part:
            # the codes numbered as first met, the items' labels kept as first met
            checked = [
                [item, [codes.setdefault(c, len(codes)) for c in found_codes]]
                for item, found_codes in result[3]
            ]
            for item, label in labels:
                items.setdefault(item, label)
            entry = found.setdefault(uscc, {"draws": [], "results": []})
            entry["results"].append([*result[:3], checked, *result[4:]])
    for entry in found.values():
        entry["results"].sort(key=lambda e: (e[1], e[0]), reverse=True)
    shared = {"tasks": tasks, "items": items, "codes": list(codes), "people": list(people)}
    return found, shared


# A task's results as business pages show them, before the shared numbering: (credit code,
# the result with its codes as text, the labels of its items).
TaskResult = tuple[str, list[Any], list[tuple[str, str]]]


def task_results(model: Model, task: TaskView) -> list[TaskResult]:
    """One task's part of `business_activity`: what it reads is the task's own records, the
    item labels and where the task's result rows landed (`Model.anchors`, set by the results
    section from the same records), so the build keeps it per task (`SiteBuilder.task_rows`)."""
    published = task.published(model.today)  # the one definition (spotcheck.model)
    first_page = model.url(f"results/{slug(task.id)}.md")
    found: list[TaskResult] = []
    for uscc, record in task.results.items():
        data = record.data
        page = model.anchors.get(f"result:{task.id}:{uscc}", f"results/{slug(task.id)}.md")
        checked = []
        labels = []
        for e in data.get("items") or []:
            item = str(e.get("item"))
            labels.append((item, model.item_label(item)))
            checked.append([item, [str(c) for c in e.get("codes") or []]])
        found.append(
            (
                uscc,
                [
                    task.id,
                    str(data.get("inspection_date") or ""),
                    str(data.get("published") or ""),
                    checked,
                    [str(f.get("action")) for f in data.get("follow_up") or [] if f.get("action")],
                    int(has_problem(record)),  # as the figures count problems
                    int(uscc in published),
                    # "" for the task's first results page (most results), else the page
                    "" if model.url(page) == first_page else model.url(page),
                ],
                labels,
            )
        )
    return found


def expand_activity(entry: Mapping[str, Any], shared: Mapping[str, Any]) -> dict[str, Any]:
    """A business's activity entry as its page reads it, names put back from the shared
    tables (`lookup/draws.json`); mirrored by `expand` in spotcheck-lookup.js."""
    tasks, items, codes = shared["tasks"], shared["items"], shared["codes"]
    people = shared["people"]
    draws = [
        [d[0], tasks[d[0]][0], d[1]]
        + (["、".join(f"{people[n]}（{role}）" for n, role in d[2])] if len(d) > 2 else [])
        for d in entry.get("draws") or []
    ]
    results = [
        {
            "task": r[0],
            "name": tasks[r[0]][0],
            "departments": tasks[r[0]][1],
            "inspected": r[1],
            "published": r[2],
            "items": [
                [item, [codes[c] for c in found], items.get(item, item)] for item, found in r[3]
            ],
            "follow_up": r[4],
            "problems": bool(r[5]),
            "credit": bool(r[6]),
            "page": r[7] or tasks[r[0]][2],
        }
        for r in entry.get("results") or []
    ]
    return {"draws": draws, "results": results}


def _officers(model: Model, people: dict[str, int]) -> dict[tuple[str, str], list[list[int | str]]]:
    """(task, business) → the officers the live draw assigned to it: [person, role] pairs, the
    person a number into `people` (names as shown, numbered as first met)."""
    found: dict[tuple[str, str], list[list[int | str]]] = {}
    for task in model.tasks.values():
        if task.drawn is None:
            continue
        for target in task.drawn.selected:
            found[task.id, target.target] = [
                [
                    people.setdefault(model.inspector_name(str(o.get("inspector"))), len(people)),
                    str(o.get("role")),
                ]
                for o in target.officers
            ]
    return found


SECTION = Section(None, build)
