"""How a generated page of the website is made, from public records only.

The sections (`spotcheck.site.sections`, one module per part of the site) add their pages and
files through a `SiteBuilder`: it renders a template into Markdown with front matter, and cuts
long lists into pages. The MkDocs adapter (`plugin.py`) adds the result to the build.

Every record value is rendered by Jinja2 with autoescape into raw HTML blocks, never into
Markdown, so `[x](javascript:…)` or `<script>` in a record is shown as text.

Scale (issue #5): a district has ~200,000 businesses and ~100,000 results over five years.
No page is generated per business: one page (`businesses/index.md`) shows any business from
the sharded lookup JSON. Every list that grows with the records is cut into pages of at most
`PAGE_BUDGET` bytes of rows (`page-2`, `page-3`, … beside the first), so every page stays
well under 100 KB and the build grows linearly with the records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup

from spotcheck.audit import AuditEntry
from spotcheck.model import participating_departments
from spotcheck.records import Record
from spotcheck.site import display, evidence
from spotcheck.site.build_cache import DerivedCache
from spotcheck.site.urls import page_url, relative, safe_title
from spotcheck.site.views import Model, TaskView, YearSummary, year_summary
from spotcheck.statistics.extract import district_facts
from spotcheck.statistics.facts import District
from spotcheck.statistics.report import task_progress_rows

T = TypeVar("T")
# What a row looks names up in besides its task's records (targets' names, item labels,
# officers, departments, settings): a change in any of them renders every row again.
ROW_LOOKUPS = ("targets", "items", "inspectors", "departments", "config.yaml")

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
        loader=jinja2.PackageLoader("spotcheck.site", "templates"),
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
    env.filters["cn_time"] = display.chinese_time
    env.filters["filesize"] = display.file_size
    env.filters["path_breaks"] = display.path_breaks
    env.filters["evidence_download"] = evidence.download_path
    env.globals["departments_of"] = participating_departments
    env.globals["commit_description"] = display.commit_description
    env.globals["trailer_rows"] = display.trailer_rows
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


# Blocks whose text is the same on every page of a kind: the search index (downloaded whole
# on a reader's first search) would hold 290 copies at district scale, and a search for a word
# of it would list every task. The verification steps are also on the protocol's own page.
SEARCH_EXCLUDED_BLOCKS = ("sc-verify",)


def exclude_from_search(html: str) -> str:
    """Mark the blocks of `SEARCH_EXCLUDED_BLOCKS` for Material's search to leave out."""
    for name in SEARCH_EXCLUDED_BLOCKS:
        html = re.sub(
            rf'<div class="sc-block {name}"(?![^>]*data-search-exclude)',
            f'<div class="sc-block {name}" data-search-exclude',
            html,
        )
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


class SiteBuilder:
    """What the sections share while they build: the model, the renderer, the inputs besides
    the records, and the pages and files made so far."""

    def __init__(
        self,
        model: Model,
        *,
        audit: list[AuditEntry] | None,
        evidence: Mapping[str, bytes],
        site_url: str,
        downloads: Iterable[Mapping[str, Any]],
        derived: DerivedCache | None = None,
    ) -> None:
        self.model = model
        self.derived_cache = derived
        self.renderer = Renderer(model)
        self.rows: Any = self.renderer.rows
        self.audit = audit
        self.evidence = evidence
        self.site_url = site_url
        self.downloads = list(downloads)
        self.out = SiteContent()

    def derived(
        self,
        name: str,
        needs: Iterable[str],
        compute: Callable[[], T],
        *,
        records: Iterable[Record] = (),
    ) -> T:
        """`compute()`, or its value from the build cache when the folders under records/ it
        `needs` and the files of the single `records` it reads did not change
        (`spotcheck.site.build_cache.DerivedCache`)."""
        if self.derived_cache is None:
            return compute()
        files = self.derived_cache.records_digest(r.path for r in records)
        if files is None:
            return compute()
        return self.derived_cache.get(name, needs, compute, records=files)

    def task_rows(self, name: str, task: TaskView, render: Callable[[], T]) -> T:
        """A task's table rows (HTML text), kept in the build cache by the task's own records
        (plan, attempts, results) and the folders every row looks names up in, so a change
        to one task renders only its rows again."""
        records = [
            task.plan,
            *task.commitments.values(),
            *task.draws.values(),
            *task.voids.values(),
            *task.results.values(),
        ]
        return self.derived(f"{name}/{task.id}", ROW_LOOKUPS, render, records=records)

    @cached_property
    def tasks(self) -> list[TaskView]:
        return sorted(self.model.tasks.values(), key=lambda t: t.id)

    @cached_property
    def district(self) -> District:
        """The statistics' facts (tasks' progress, published inspections, delays), once for
        the statistics, plan and task pages."""
        return district_facts(self.model.records, self.model.today)

    @cached_property
    def progress(self) -> dict[str, dict[str, Any]]:
        """task id → window end, progress text and behind-schedule flag (what `validate`
        warns about, from the same computation)."""
        return task_progress_rows(self.district)

    @cached_property
    def by_year(self) -> dict[str, list[TaskView]]:
        found: dict[str, list[TaskView]] = {}
        for task in self.tasks:
            found.setdefault(task.year, []).append(task)
        return found

    @cached_property
    def years(self) -> list[tuple[str, YearSummary]]:
        """Each year with tasks, newest first, with its counts (the index pages' rows)."""
        return [
            (year, year_summary(self.by_year[year], self.model.figures))
            for year in sorted(self.by_year, reverse=True)
        ]

    def add(
        self,
        src: str,
        title: str,
        template: str,
        *,
        nav: bool = False,
        edit: str | None = None,
        search_exclude: bool = False,
        **context: Any,
    ) -> None:
        body = self.renderer.render(template, src, title=safe_title(title), **context)
        self.out.pages.append(
            Page(
                src,
                safe_title(title),
                front_matter(title, search_exclude=search_exclude) + body,
                nav,
                edit,
            )
        )

    def add_list(
        self,
        src: str,
        title: str,
        template: str,
        rows: Sequence[str],
        *,
        budget: int | None = None,
        nav: bool = False,
        **options: Any,
    ) -> list[tuple[str, list[int]]]:
        """A list cut into pages of at most `budget` bytes of rows (the first page at `src`);
        returns each page with the numbers of the rows on it. The template gets `rows` (the
        page's), `pages` (every page, for the pager) and `page_number`."""
        groups = split_rows(rows, PAGE_BUDGET if budget is None else budget)
        sources = [continuation(src, n) for n in range(1, len(groups) + 1)]
        for number, (page, numbers) in enumerate(zip(sources, groups, strict=True), 1):
            self.add(
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


@dataclass(frozen=True)
class Section:
    """One part of the site: its entry in the navigation (title, first page), if any, and the
    function that adds its pages and files."""

    nav: tuple[str, str] | None
    build: Callable[[SiteBuilder], None]
