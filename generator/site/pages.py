"""The generated pages and files of the website, from public records only.

Pure apart from reading templates: `build_content` takes the public `RecordSet` (already
stripped by `generator.site.public`), the audit log and the date, and returns Markdown pages
and static files.  The MkDocs adapter (`plugin.py`) adds them to the build.

Every record value is rendered by Jinja2 with autoescape into raw HTML blocks, never into
Markdown, so `[x](javascript:…)` or `<script>` in a record is shown as text.

Scale (issue #5): a district has ~200,000 businesses and ~100,000 results over five years.
No page is generated per business: one page (`businesses/index.md`) shows any business from
the sharded lookup JSON. Every list that grows with the records is cut into pages of at most
`PAGE_BUDGET` bytes of rows (`page-2`, `page-3`, … beside the first), so every page stays
well under 100 KB and the build grows linearly with the records.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

from generator.audit import AuditEntry
from generator.industries import industry_name
from generator.records import Record, RecordSet
from generator.results.credit import NEUTRAL_CODES
from generator.results.model import NO_PROBLEM
from generator.site import approvals as site_approvals
from generator.site import lookup, markdown_safe
from generator.site.urls import page_url, relative, safe_title, slug
from generator.stats import JOINT_GOAL, has_problem, is_published, statistics
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
BUSINESS_PAGE = "businesses/index.md"
AUDIT_PAGE_LIMIT = 1000  # entries shown on the site; the full history is in the repository
FEED_LIMIT = 50
# Bytes of table rows on one page. The theme adds ~20 KB (navigation, header, scripts), the
# page's own text a few KB: pages stay under 100 KB (issue #5) with room to spare.
PAGE_BUDGET = 50_000
# A draw's selected list stays on its task page up to this size, else it gets its own pages.
INLINE_BUDGET = 30_000
# Rows are rendered once, before it is known on which page (at which folder depth) they land,
# so their links start with this token, replaced per page by the way up to the site root.
# Autoescape turns record text "<@root@>" into "&lt;@root@&gt;": only templates can emit it.
ROOT = Markup("<@root@>")


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


def root_prefix(src_uri: str, directory_urls: bool) -> str:
    """The relative way from a page up to the site root ("" on the home page)."""
    return "../" * page_url(src_uri, directory_urls).count("/")


def continuation(src_uri: str, number: int) -> str:
    """Page `number` of a list that starts on `src_uri`: x.md, x/page-2.md, x/page-3.md…
    (`items/index.md` continues as `items/page-2.md`). Record ids never start with "page-"."""
    if number == 1:
        return src_uri
    stem = src_uri.removesuffix(".md").removesuffix("/index")
    return f"{stem}/page-{number}.md"


# A raw HTML block of a generated page: `<div class="sc-block…">` at the start of a line up to
# the first `</div>` alone at the start of a line (record text is escaped, so it cannot end one).
_HTML_BLOCK = re.compile(r'^<div class="sc-block[^"\n]*"[^>\n]*>\n.*?\n</div>[ \t]*$', re.M | re.S)
_HELD = "SPOTCHECK-HTML-BLOCK-{}"


def hold_html_blocks(markdown: str) -> tuple[str, list[str]]:
    """The page's Markdown with each record block replaced by a placeholder paragraph, and the
    blocks. Python-Markdown re-parses raw HTML blocks tag by tag, which made it the largest
    cost of a district build (~40 % of the time); the blocks need no Markdown processing."""
    blocks: list[str] = []

    def hold(match: re.Match[str]) -> str:
        blocks.append(match.group(0))
        return "\n" + _HELD.format(len(blocks) - 1) + "\n"

    return _HTML_BLOCK.sub(hold, markdown), blocks


def restore_html_blocks(html: str, blocks: Sequence[str]) -> str:
    """Put the held blocks back into the page's HTML (see `hold_html_blocks`)."""
    for number, block in enumerate(blocks):
        html = html.replace(f"<p>{_HELD.format(number)}</p>", block, 1)
    return html


def split_rows(rows: Sequence[str], budget: int) -> list[list[int]]:
    """Row numbers grouped into pages of at most `budget` bytes (a single longer row gets a
    page of its own); always at least one page, empty when there are no rows."""
    pages: list[list[int]] = [[]]
    size = 0
    for number, row in enumerate(rows):
        length = len(row.encode())
        if pages[-1] and size + length > budget:
            pages.append([])
            size = 0
        pages[-1].append(number)
        size += length
    return pages


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
    def year(self) -> str:
        return str(self.plan.data.get("year") or self.id[:4])

    @property
    def departments(self) -> list[str]:
        """Lead first, then the cooperating departments."""
        found = [self.department]
        for other in self.data.get("cooperating_departments") or []:
            if str(other) not in found:
                found.append(str(other))
        return found

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
        # the row macros, bound once to the model: a row is rendered before its page is known
        self.rows: Any = self.env.get_template("_rows.j2").make_module(
            {"m": model, "root": ROOT, "url": model.url}
        )

    def render(self, template: str, src_uri: str, **context: Any) -> str:
        here = page_url(src_uri, self.model.directory_urls)

        def link(target: str) -> str:
            url = page_url(target, self.model.directory_urls) if target.endswith(".md") else target
            return relative(url, here)

        body = self.env.get_template(template).render(
            m=self.model,
            link=link,
            root=ROOT,
            url=self.model.url,
            today=self.model.today,
            **context,
        )
        return body.replace(ROOT, root_prefix(src_uri, self.model.directory_urls))


def _year_summary(tasks: Sequence[TaskView]) -> dict[str, int]:
    return {
        "tasks": len(tasks),
        "drawn": sum(1 for t in tasks if t.live_draw is not None),
        "selected": sum(len(t.selected()) for t in tasks),
        "results": sum(len(t.results) for t in tasks),
        "problems": sum(t.problem_count for t in tasks),
        "evidence": sum(1 for t in tasks if t.attempts),
    }


def _selected_rows(r: Renderer, draw: Record) -> list[str]:
    assigned = {
        str(a.get("target")): a.get("officers") or [] for a in draw.data.get("assignments") or []
    }
    rows = []
    for stratum in draw.data.get("strata") or []:
        for number, chosen in enumerate(stratum.get("selected") or [], 1):
            officers = assigned.get(str(chosen.get("target")), [])
            rows.append(r.rows.selected_row(number, stratum.get("value"), chosen, officers))
    return rows


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

    def add_list(
        src: str,
        title: str,
        template: str,
        rows: Sequence[str],
        *,
        budget: int = PAGE_BUDGET,
        nav: bool = False,
        **options: Any,
    ) -> list[tuple[str, list[int]]]:
        """A list cut into pages of at most `budget` bytes of rows (the first page at `src`);
        returns each page with the numbers of the rows on it. The template gets `rows` (the
        page's), `pages` (every page, for the pager) and `page_number`."""
        groups = split_rows(rows, budget)
        sources = [continuation(src, n) for n in range(1, len(groups) + 1)]
        for number, (page, numbers) in enumerate(zip(sources, groups, strict=True), 1):
            add(
                page,
                title if number == 1 else f"{title}（第 {number} 页）",
                template,
                nav=nav and number == 1,
                rows=Markup("\n".join(rows[i] for i in numbers)),
                pages=sources,
                page_number=number,
                row_count=len(rows),
                **options,
            )
        return list(zip(sources, groups, strict=True))

    # --- 一单: the item lists, one (or a few pages) per department
    items_by_dept: dict[str, list[Record]] = defaultdict(list)
    for item in sorted(model.items.values(), key=lambda i: i.id):
        items_by_dept[str(item.data.get("department"))].append(item)
    add(
        "items/index.md",
        "抽查事项清单",
        "items_index.md.j2",
        nav=True,
        groups=sorted(items_by_dept.items()),
    )
    for dept, items in sorted(items_by_dept.items()):
        placed = add_list(
            f"items/{slug(dept)}.md",
            f"{model.department_name(dept)}抽查事项清单",
            "items.md.j2",
            [r.rows.item_row(item) for item in items],
            edit=items[0].path,
            dept=dept,
        )
        for page, numbers in placed:
            for number in numbers:
                model.anchors[f"item:{items[number].id}"] = page

    # --- 两库: the inspector directory, by department
    inspectors_by_dept: dict[str, list[Record]] = defaultdict(list)
    for inspector in sorted(model.inspectors.values(), key=lambda i: i.id):
        inspectors_by_dept[str(inspector.data.get("department"))].append(inspector)
    add(
        "inspectors/index.md",
        "执法检查人员名录",
        "inspectors_index.md.j2",
        nav=True,
        groups=sorted(inspectors_by_dept.items()),
    )
    for dept, people in sorted(inspectors_by_dept.items()):
        add_list(
            f"inspectors/{slug(dept)}.md",
            f"{model.department_name(dept)}执法检查人员名录",
            "inspectors.md.j2",
            [r.rows.inspector_row(person) for person in people],
            edit=people[0].path,
            dept=dept,
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
    add_list(
        "plans/index.md",
        "年度抽查计划",
        "plans_index.md.j2",
        [r.rows.plan_row(plan) for plan in plans],
        nav=True,
    )
    for plan in plans:
        add(
            f"plans/{slug(plan.data.get('year'))}/{slug(plan.data.get('department'))}.md",
            str(plan.data.get("title") or plan.id),
            "plan.md.j2",
            edit=plan.path,
            plan=plan,
        )

    # --- tasks: an index by year, a list per year, a page per task
    tasks = sorted(model.tasks.values(), key=lambda t: t.id)
    by_year: dict[str, list[TaskView]] = defaultdict(list)
    for task in tasks:
        by_year[task.year].append(task)
    years = [(year, _year_summary(by_year[year])) for year in sorted(by_year, reverse=True)]
    add("tasks/index.md", "抽查任务", "tasks_index.md.j2", nav=True, years=years)
    for year, _ in years:
        add_list(
            f"tasks/{slug(year)}.md",
            f"{year} 年度抽查任务",
            "tasks_year.md.j2",
            [r.rows.task_row(task) for task in by_year[year]],
            year=year,
        )
    repo_url = str((model.config.get("site") or {}).get("repo_url") or "")
    for task in tasks:
        inline: dict[int, Markup] = {}
        separate: dict[int, list[str]] = {}
        for attempt, draw in sorted(task.draws.items()):
            rows = _selected_rows(r, draw)
            if sum(len(row.encode()) for row in rows) <= INLINE_BUDGET:
                inline[attempt] = Markup("\n".join(rows))
                continue
            placed = add_list(
                f"tasks/{slug(task.id)}/draw-{attempt}.md",
                f"{task.id} 第 {attempt} 次抽取的入选对象",
                "task_selected.md.j2",
                rows,
                edit=task.plan.path,
                search_exclude=True,  # business names are found with the lookup, not search
                task=task,
                attempt=attempt,
            )
            separate[attempt] = [page for page, _ in placed]
        # a draw file is never edited (it is voided instead): the edit link goes to the plan
        add(
            f"tasks/{slug(task.id)}.md",
            f"{task.id} {task.data.get('name', '')}",
            "task.md.j2",
            edit=task.plan.path,
            task=task,
            repo_url=repo_url,
            seed_names=SEED_SOURCE_NAMES,
            evidence_prefix="downloads/",
            selected_inline=inline,
            selected_pages=separate,
        )

    # --- results: an index by year, a list per year, a (paged) list per task
    add("results/index.md", "抽查结果", "results_index.md.j2", nav=True, years=years)
    for year, _ in years:
        add_list(
            f"results/{slug(year)}.md",
            f"{year} 年度抽查结果",
            "results_year.md.j2",
            [r.rows.results_task_row(task) for task in by_year[year] if task.draws],
            year=year,
        )
    for task in tasks:
        if not task.draws:
            continue
        selected = task.selected()
        chosen = set(selected)
        # results of targets outside the live draw (validation flags them) are shown too
        targets = selected + sorted(u for u in task.results if u not in chosen)
        placed = add_list(
            f"results/{slug(task.id)}.md",
            f"{task.id} 抽查结果",
            "results_task.md.j2",
            [r.rows.result_row(task, uscc, task.results.get(uscc)) for uscc in targets],
            edit=task.plan.path,
            search_exclude=True,  # ~100,000 rows at district scale: not for the search index
            task=task,
            selected_count=len(selected),
        )
        for page, numbers in placed:
            for number in numbers:
                model.anchors[f"result:{task.id}:{targets[number]}"] = page

    add(BUSINESS_PAGE, "检查对象信息", "business.md.j2", search_exclude=True)

    stats = statistics(model.records, model.today)
    charts = {
        "completion": bar_chart([(d["label"], d["completion"]) for d in stats["departments"]]),
        "joint": bar_chart([("联合抽查占比", stats["total"]["joint_share"])], goal=JOINT_GOAL),
        "problems": bar_chart([(d["label"], d["problem_rate"]) for d in stats["industries"]]),
    }
    add("stats/index.md", "统计", "stats.md.j2", nav=True, stats=stats, charts=charts)
    add_list(
        "stats/items.md",
        "各抽查事项的问题发现率",
        "stats_items.md.j2",
        [r.rows.stats_item_row(row) for row in stats["items"]],
    )

    entries = audit or []
    shown = entries[:AUDIT_PAGE_LIMIT]
    add_list(
        "audit/index.md",
        "审计日志",
        "audit.md.j2",
        [r.rows.audit_row(entry) for entry in shown],
        nav=True,
        total=len(entries),
        shown=len(shown),
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
        years=years,
        downloads=list(downloads),
        population_count=sum(1 for p in evidence_links if "/populations/" in p),
    )
    for year, _ in years:
        add_list(
            f"downloads/{slug(year)}.md",
            f"{year} 年度抽取证据",
            "downloads_year.md.j2",
            [r.rows.evidence_row(task) for task in by_year[year] if task.attempts],
            year=year,
        )
    for path, data in evidence.items():
        out.files[f"downloads/{path}"] = data

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
    out.files.update(
        lookup.build(
            rows,
            business_url=model.business_url + "{uscc}",
            task_url=model.url("tasks/{task}.md"),
            activity=activity,
        )
    )
    site_approvals.add_to_site(out, records, directory_urls=directory_urls)
    return out


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
