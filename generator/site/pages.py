"""The generated pages and files of the website, from public records only.

Pure apart from reading templates: `build_content` takes the public `RecordSet` (already
stripped by `generator.site.public`), the audit log and the date, and returns Markdown pages
and static files.  The MkDocs adapter (`plugin.py`) adds them to the build.

Every record value is rendered by Jinja2 with autoescape into raw HTML blocks, never into
Markdown, so `[x](javascript:…)` or `<script>` in a record is shown as text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jinja2

from generator.audit import AuditEntry
from generator.industries import industry_name
from generator.records import Record, RecordSet
from generator.site import lookup, markdown_safe
from generator.site.urls import page_url, relative, safe_title, slug
from generator.stats import JOINT_GOAL, has_problem, statistics
from generator.tasks import is_joint

SEED_SOURCE_NAMES = {
    "beacon": "公共随机信标",
    "index_close": "指定指数收盘值",
    "public_dice": "公开会议掷骰",
    "manual": "人工指定（仅限演示与培训）",
}
NAV = (
    ("首页", "index.md"),
    ("抽查事项清单", "items/index.md"),
    ("检查人员名录", "inspectors/index.md"),
    ("实施细则", "rules/index.md"),
    ("年度抽查计划", "plans/index.md"),
    ("抽查任务", "tasks/index.md"),
    ("抽查结果", "results/index.md"),
    ("统计", "stats/index.md"),
    ("审计日志", "audit/index.md"),
    ("下载", "downloads/index.md"),
)
AUDIT_PAGE_LIMIT = 1000
FEED_LIMIT = 50


@dataclass
class Page:
    src_uri: str
    title: str
    content: str  # Markdown (front matter included)
    in_nav: bool = False
    edit_path: str | None = None  # the record file behind the page, for the edit link


@dataclass
class SiteContent:
    pages: list[Page] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # static: site path → bytes

    @property
    def edit_paths(self) -> dict[str, str]:
        return {p.src_uri: p.edit_path for p in self.pages if p.edit_path}


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.site", "templates"),
        autoescape=True,  # all record text is untrusted
        undefined=jinja2.ChainableUndefined,  # optional fields are often absent
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = lambda value: "—" if value is None else f"{value * 100:.1f}%"
    env.filters["pyliteral"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    env.filters["join_or_dash"] = lambda values, sep="、": (
        sep.join(map(str, values)) if values else "—"
    )
    return env


def front_matter(title: str, *, search_exclude: bool = False) -> str:
    # JSON is YAML: the title cannot break out of its string
    lines = ["---", f"title: {json.dumps(safe_title(title), ensure_ascii=False)}"]
    if search_exclude:
        lines += ["search:", "  exclude: true"]
    return "\n".join([*lines, "---", "", ""])


# --- the model: plain views of the public records ------------------------------------------


@dataclass
class TaskView:
    id: str
    plan: Record
    data: dict[str, Any]
    commitments: dict[int, Record] = field(default_factory=dict)
    draws: dict[int, Record] = field(default_factory=dict)
    voids: dict[int, Record] = field(default_factory=dict)
    results: dict[str, Record] = field(default_factory=dict)

    @property
    def department(self) -> str:
        return str(self.data.get("lead_department") or self.plan.data.get("department"))

    @property
    def attempts(self) -> list[int]:
        return sorted({*self.commitments, *self.draws, *self.voids}, reverse=True)

    @property
    def live_draw(self) -> Record | None:
        live = [n for n in self.draws if n not in self.voids]
        return self.draws[max(live)] if live else None

    @property
    def joint(self) -> bool:
        return is_joint(self.data)

    @property
    def uncommitted(self) -> bool:
        draw = self.live_draw
        return draw is not None and draw.data.get("pre_committed") is False

    @property
    def verify_attempt(self) -> int | None:
        """The attempt the verify section explains: the live draw, else the latest draw."""
        live = [n for n in self.draws if n not in self.voids]
        return max(live) if live else (max(self.draws) if self.draws else None)

    @property
    def problem_count(self) -> int:
        return sum(1 for result in self.results.values() if has_problem(result))

    def selected(self) -> list[str]:
        draw = self.live_draw
        if draw is None:
            return []
        return [
            str(s.get("target"))
            for st in draw.data.get("strata") or []
            for s in st.get("selected") or []
        ]


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
    businesses: dict[str, list[tuple[str, str]]]  # uscc → (task id, how) for page holders

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
    tasks: dict[str, TaskView] = {}
    for plan in sorted(records.of("plan"), key=lambda p: p.id):
        for task in plan.data.get("tasks") or []:
            tasks.setdefault(str(task.get("id")), TaskView(str(task.get("id")), plan, task))
    for kind, attribute in (("commitment", "commitments"), ("draw", "draws"), ("void", "voids")):
        for record in records.of(kind):
            view = tasks.get(str(record.data.get("task")))
            if view is not None:
                getattr(view, attribute)[int(record.data.get("attempt", 1))] = record
    for result in records.of("result"):
        view = tasks.get(str(result.data.get("task")))
        if view is not None:
            view.results[str(result.data.get("target"))] = result
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


def bar_chart(rows: Iterable[tuple[str, float | None]], *, goal: float | None = None) -> str:
    """An inline SVG bar chart (percentages); labels are escaped; nothing is fetched."""
    entries = list(rows)
    height = 26 * len(entries) + 10
    width, left = 640, 220
    parts = [
        f'<svg class="sc-chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, (label, value) in enumerate(entries):
        y = 5 + index * 26
        share = max(0.0, min(1.0, value or 0.0))
        bar = (width - left - 60) * share
        text = jinja2.utils.markupsafe.escape(label)
        parts.append(f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{text}</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{bar:.1f}" height="16" class="sc-bar"/>')
        shown = "—" if value is None else f"{value * 100:.1f}%"
        parts.append(f'<text x="{left + bar + 4:.1f}" y="{y + 15}">{shown}</text>')
    if goal is not None:
        x = left + (width - left - 60) * goal
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" class="sc-goal"/>')
    parts.append("</svg>")
    return "".join(parts)


# --- pages -----------------------------------------------------------------------------------


class Renderer:
    def __init__(self, model: Model) -> None:
        self.model = model
        self.env = environment()

    def render(self, template: str, src_uri: str, **context: Any) -> str:
        here = page_url(src_uri, self.model.directory_urls)

        def link(target: str) -> str:
            url = page_url(target, self.model.directory_urls) if target.endswith(".md") else target
            return relative(url, here)

        return self.env.get_template(template).render(
            m=self.model, link=link, today=self.model.today, **context
        )


def build_content(
    records: RecordSet,
    *,
    today: dt.date,
    audit: list[AuditEntry] | None,
    evidence: Mapping[str, bytes],
    site_url: str = "",
    directory_urls: bool = True,
    downloads: Iterable[tuple[str, str, str]] = (),
) -> SiteContent:
    """Every generated page and file. `records` must be public (see `generator.site.public`)."""
    model = build_model(records, today, directory_urls)
    r = Renderer(model)
    out = SiteContent()

    def add(
        src: str,
        title: str,
        template: str,
        *,
        nav: bool = False,
        edit: str | None = None,
        search_exclude: bool = False,
        **context: Any,
    ) -> None:
        body = r.render(template, src, title=safe_title(title), **context)
        out.pages.append(
            Page(
                src,
                safe_title(title),
                front_matter(title, search_exclude=search_exclude) + body,
                nav,
                edit,
            )
        )

    items_by_dept: dict[str, list[Record]] = defaultdict(list)
    for item in sorted(model.items.values(), key=lambda i: i.id):
        items_by_dept[str(item.data.get("department"))].append(item)
    add(
        "items/index.md",
        "抽查事项清单",
        "items.md.j2",
        nav=True,
        groups=sorted(items_by_dept.items()),
        merged=True,
    )
    for dept, items in sorted(items_by_dept.items()):
        add(
            f"items/{slug(dept)}.md",
            f"{model.department_name(dept)}抽查事项清单",
            "items.md.j2",
            edit=items[0].path,
            groups=[(dept, items)],
            merged=False,
        )

    inspectors_by_dept: dict[str, list[Record]] = defaultdict(list)
    for inspector in sorted(model.inspectors.values(), key=lambda i: i.id):
        inspectors_by_dept[str(inspector.data.get("department"))].append(inspector)
    add(
        "inspectors/index.md",
        "执法检查人员名录",
        "inspectors.md.j2",
        nav=True,
        groups=sorted(inspectors_by_dept.items()),
    )

    rules = sorted(records.of("rules"), key=lambda x: str(x.data.get("department")))
    add("rules/index.md", "实施细则", "rules_index.md.j2", nav=True, rules=rules)
    for rule in rules:
        add(
            f"rules/{slug(rule.data.get('department'))}.md",
            str(rule.data.get("title")),
            "rules.md.j2",
            edit=rule.path,
            rule=rule,
            body_html=markdown_safe.render(rule.body or ""),
        )

    plans = sorted(records.of("plan"), key=lambda p: (-int(p.data.get("year") or 0), p.id))
    add("plans/index.md", "年度抽查计划", "plans_index.md.j2", nav=True, plans=plans)
    for plan in plans:
        add(
            f"plans/{slug(plan.data.get('year'))}/{slug(plan.data.get('department'))}.md",
            str(plan.data.get("title") or plan.id),
            "plan.md.j2",
            edit=plan.path,
            plan=plan,
        )

    tasks = sorted(model.tasks.values(), key=lambda t: t.id)
    add("tasks/index.md", "抽查任务", "tasks_index.md.j2", nav=True, tasks=tasks)
    for task in tasks:
        # a draw file is never edited (it is voided instead): the edit link goes to the plan
        add(
            f"tasks/{slug(task.id)}.md",
            f"{task.id} {task.data.get('name', '')}",
            "task.md.j2",
            edit=task.plan.path,
            task=task,
            repo_url=str((model.config.get("site") or {}).get("repo_url") or ""),
            seed_names=SEED_SOURCE_NAMES,
            evidence_prefix="downloads/",
        )
    add("results/index.md", "抽查结果", "results_index.md.j2", nav=True, tasks=tasks)
    for task in tasks:
        if task.draws:
            add(
                f"results/{slug(task.id)}.md",
                f"{task.id} 抽查结果",
                "results_task.md.j2",
                task=task,
                edit=task.plan.path,
            )

    for uscc, appearances in sorted(model.businesses.items()):
        add(
            f"businesses/{slug(uscc)}.md",
            f"检查对象 {uscc}",
            "business.md.j2",
            search_exclude=True,
            uscc=uscc,
            target=model.targets.get(uscc),
            appearances=appearances,
            results=[(t, t.results[uscc]) for t in tasks if uscc in t.results],
        )

    stats = statistics(model.records, model.today)
    charts = {
        "completion": bar_chart([(d["label"], d["completion"]) for d in stats["departments"]]),
        "joint": bar_chart([("联合抽查占比", stats["total"]["joint_share"])], goal=JOINT_GOAL),
        "problems": bar_chart([(d["label"], d["problem_rate"]) for d in stats["industries"]]),
    }
    add("stats/index.md", "统计", "stats.md.j2", nav=True, stats=stats, charts=charts)

    entries = audit or []
    add(
        "audit/index.md",
        "审计日志",
        "audit.md.j2",
        nav=True,
        entries=entries[:AUDIT_PAGE_LIMIT],
        total=len(entries),
        available=audit is not None,
    )
    out.files["feed.xml"] = r.render(
        "feed.xml.j2",
        "feed.xml",
        entries=_feed_entries(entries),
        site_url=site_url.rstrip("/") + "/",
        title=str((model.config.get("site") or {}).get("title") or "双随机、一公开"),
        updated=(entries[0].date if entries else dt.datetime.combine(today, dt.time())).isoformat(),
    ).encode()

    evidence_links = sorted(evidence)
    add(
        "downloads/index.md",
        "下载",
        "downloads.md.j2",
        nav=True,
        tasks=tasks,
        evidence=evidence_links,
        downloads=list(downloads),
        population_count=sum(1 for p in evidence_links if "/populations/" in p),
    )
    for path, data in evidence.items():
        out.files[f"downloads/{path}"] = data

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
                has_page=uscc in model.businesses,
            )
        )
    business_url = page_url("businesses/{uscc}.md", directory_urls)
    out.files.update(lookup.build(rows, business_url=business_url))
    return out


def _feed_entries(entries: list[AuditEntry]) -> list[dict[str, Any]]:
    """New publications: commits that add draws, commitments, voids, results or plans."""
    found = []
    kinds = {
        "/commitment": "抽取承诺",
        "/draw": "抽取结果",
        "/void-": "作废记录",
        "results/": "抽查结果",
        "plans/": "年度抽查计划",
    }
    for entry in entries:
        what = sorted({label for f in entry.files for key, label in kinds.items() if key in f})
        if not what:
            continue
        found.append({"entry": entry, "what": "、".join(what), "task": entry.task})
        if len(found) >= FEED_LIMIT:
            break
    return found
