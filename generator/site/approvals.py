"""Legal approval on the site: for each item, rule and plan version, when and by whom the
legal office approved it; and the record schemas, published at `<site>/schemas/`.

`add_to_site` appends a section to the generated rules, plan and item-list pages and adds
`approvals/index.md` (every approval record) and the schema files. Record text is escaped
(markupsafe); the blocks are raw HTML like the rest of the generated pages.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from spotcheck import approvals
from spotcheck.records import Record, RecordSet
from spotcheck.schemas import schemas_dir
from spotcheck.site.urls import page_url, relative, slug

if TYPE_CHECKING:
    from spotcheck.site.pages import SiteContent

INDEX = "approvals/index.md"
INDEX_TITLE = "法制审核记录"
KIND_NAMES = approvals.APPROVED_KINDS


def _rows(record: Record, found: Sequence[Record], current: str, *, label: bool) -> list[str]:
    rows = []
    for approval in reversed(found):  # newest first
        d = approval.data
        state = (
            Markup('<span class="sc-badge sc-badge--ok">当前版本</span>')
            if d.get("digest") == current
            else Markup('<span class="sc-badge sc-badge--info">此前版本</span>')
        )
        head = Markup("<td><code>{}</code></td>").format(record.id) if label else Markup("")
        rows.append(
            Markup(
                "<tr>{}<td><code>{}</code> {}</td><td>{}</td><td>{}（{}）</td><td>{}</td></tr>"
            ).format(
                head,
                str(d.get("digest", ""))[:12],
                state,
                d.get("date", ""),
                d.get("approver", ""),
                d.get("role", ""),
                d.get("document") or "—",
            )
        )
    return rows


def fragment(
    records: Sequence[Record],
    by_subject: dict[tuple[str, str], list[Record]],
    *,
    index_link: str,
) -> str:
    """The Markdown section for one or more records: each approved version, the current one
    marked; a record whose current version is unapproved says so."""
    rows: list[str] = []
    unapproved: list[str] = []
    label = len(records) > 1
    for record in records:
        current = approvals.record_digest(record)
        found = by_subject.get((record.kind, record.id), [])
        rows += _rows(record, found, current, label=label)
        if approvals.needs_approval(record) and not any(
            a.data.get("digest") == current for a in found
        ):
            unapproved.append(record.id)
    head = Markup("<th>编号</th>") if label else Markup("")
    lines = [
        "",
        "## 法制审核 { #legal-approval }",
        "",
        '<div class="sc-block">',
        str(
            Markup(
                "<p>每一版本的内容摘要（SHA-256）、审核日期与审核人。内容修改后须重新审核。"
                '<a href="{}">本部门全部法制审核记录</a></p>'
            ).format(index_link)
        ),
    ]
    if unapproved:
        lines.append(
            str(
                Markup(
                    '<p><span class="sc-badge sc-badge--warn">当前版本尚未经法制审核</span> {}</p>'
                ).format("、".join(unapproved))
            )
        )
    if rows:
        lines.append('<table class="sc-table">')
        lines.append(
            str(
                Markup(
                    "<thead><tr>{}<th>版本（内容摘要）</th><th>审核日期</th><th>审核人</th><th>审核文号</th></tr></thead>"
                ).format(head)
            )
        )
        lines += ["<tbody>", *map(str, rows), "</tbody>", "</table>"]
    else:
        lines.append("<p>没有审核记录。</p>")
    lines += ["</div>", ""]
    return "\n".join(lines)


def _department_of(approval: Record, records: RecordSet) -> str:
    """The department whose item, rules or plan an approval is about (from the record, or
    from its id when the record is gone: SCJG-001, SCJG-RULES, 2026-SCJG)."""
    data = approval.data
    subject = records.get(str(data.get("subject_kind")), str(data.get("subject")))
    if subject is not None and subject.data.get("department"):
        return str(subject.data["department"])
    parts = str(data.get("subject", "")).split("-")
    return parts[1] if data.get("subject_kind") == "plan" and len(parts) > 1 else parts[0]


def _department_name(records: RecordSet, department: str) -> str:
    found = records.get("department", department)
    return str(found.data.get("short_name") or found.data.get("name")) if found else department


def department_page(
    records: RecordSet, department: str, found: Sequence[Record], directory_urls: bool
) -> str:
    """`approvals/<dept>.md`: every approval of the department's items, rules and plans."""
    src = f"approvals/{slug(department)}.md"
    here = page_url(src, directory_urls)
    title = f"{_department_name(records, department)}法制审核记录"
    lines = [
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        "---",
        "",
        str(
            Markup(
                "区法制部门对本部门抽查事项、实施细则和年度抽查计划每一版本的审核。"
                '<a href="{}">各部门的法制审核记录</a>'
            ).format(relative(page_url(INDEX, directory_urls), here))
        ),
        "",
        '<div class="sc-block">',
        '<table class="sc-table">',
        "<thead><tr><th>类型</th><th>编号</th><th>版本（内容摘要）</th><th>审核日期</th><th>审核人</th>"
        "<th>审核文号</th></tr></thead>",
        "<tbody>",
    ]
    ordered = sorted(
        found,
        key=lambda a: (
            str(a.data.get("subject_kind")),
            str(a.data.get("subject")),
            str(a.data.get("date")),
        ),
    )
    for approval in ordered:
        d = approval.data
        subject = records.get(str(d.get("subject_kind")), str(d.get("subject")))
        link = _subject_page(subject) if subject is not None else None
        anchor = f"#{d.get('subject')}" if d.get("subject_kind") == "item" else ""
        name = (
            Markup('<a href="{}{}">{}</a>').format(
                relative(page_url(link, directory_urls), here), anchor, d.get("subject")
            )
            if link
            else escape(d.get("subject"))
        )
        current = subject is not None and approvals.record_digest(subject) == d.get("digest")
        state = Markup(' <span class="sc-badge sc-badge--ok">当前版本</span>') if current else ""
        lines.append(
            str(
                Markup(
                    "<tr><td>{}</td><td>{}</td><td><code>{}</code>{}</td><td>{}</td>"
                    "<td>{}（{}）</td><td>{}</td></tr>"
                ).format(
                    KIND_NAMES.get(str(d.get("subject_kind")), d.get("subject_kind")),
                    name,
                    str(d.get("digest", ""))[:12],
                    state,
                    d.get("date"),
                    d.get("approver"),
                    d.get("role"),
                    d.get("document") or "—",
                )
            )
        )
    lines += ["</tbody>", "</table>", "</div>", ""]
    return "\n".join(lines)


def index_page(records: RecordSet, counts: dict[str, int], directory_urls: bool) -> str:
    """`approvals/index.md`: the departments, with the number of approval records of each."""
    here = page_url(INDEX, directory_urls)
    lines = [
        "---",
        f'title: "{INDEX_TITLE}"',
        "---",
        "",
        "区法制部门对抽查事项清单、实施细则和年度抽查计划每一版本的审核记录。内容摘要是该版本记录数据"
        "按键排序、不含空格的 JSON（UTF-8）的 SHA-256（抽查事项不含其 legal_review 字段；实施细则为"
        "前置元数据与正文），任何人可以重算核对；本网站也公布记录格式（schemas/）。",
        "",
        '<div class="sc-block">',
        '<table class="sc-table">',
        "<thead><tr><th>部门</th><th>审核记录</th></tr></thead>",
        "<tbody>",
    ]
    for department, count in sorted(counts.items()):
        target = relative(page_url(f"approvals/{slug(department)}.md", directory_urls), here)
        lines.append(
            str(
                Markup('<tr><td><a href="{}">{}</a></td><td>{} 份</td></tr>').format(
                    target, _department_name(records, department), count
                )
            )
        )
    lines += ["</tbody>", "</table>", "</div>", ""]
    return "\n".join(lines)


def _subject_page(record: Record) -> str | None:
    d = record.data
    if record.kind == "item":
        return f"items/{slug(d.get('department'))}.md"
    if record.kind == "rules":
        return f"rules/{slug(d.get('department'))}.md"
    if record.kind == "plan":
        return f"plans/{slug(d.get('year'))}/{slug(d.get('department'))}.md"
    return None


def schema_files() -> dict[str, bytes]:
    """The record schemas at `<site>/schemas/`: relative `$ref`s resolve there as on disk."""
    folder = schemas_dir()
    return {
        f"schemas/{path.relative_to(folder).as_posix()}": path.read_bytes()
        for path in sorted(folder.rglob("*.schema.json"))
    }


def items_summary(
    items: Sequence[Record],
    by_subject: dict[tuple[str, str], list[Record]],
    *,
    department_link: str,
) -> str:
    """A short section for an item-list page (item lists are long: the versions are on the
    department's approvals page)."""
    active = [i for i in items if approvals.needs_approval(i)]
    unapproved = [
        i.id
        for i in active
        if not any(
            a.data.get("digest") == approvals.record_digest(i)
            for a in by_subject.get((i.kind, i.id), [])
        )
    ]
    text = Markup(
        '<p>在用事项 {} 项，当前版本经区法制部门审核 {} 项。<a href="{}">各版本的审核日期与审核人</a></p>'
    ).format(len(active), len(active) - len(unapproved), department_link)
    lines = ["", "## 法制审核 { #legal-approval }", "", '<div class="sc-block">', str(text)]
    if unapproved:
        lines.append(
            str(
                Markup(
                    '<p><span class="sc-badge sc-badge--warn">当前版本尚未经法制审核</span> {}</p>'
                ).format("、".join(unapproved))
            )
        )
    lines += ["</div>", ""]
    return "\n".join(lines)


def add_to_site(out: SiteContent, records: RecordSet, *, directory_urls: bool) -> None:
    """Approval sections on the rules, plan and item-list pages; a page of approvals per
    department and their index; the schemas."""
    from spotcheck.site.pages import Page

    by_subject = approvals.approvals_by_subject(records)
    pages = {page.src_uri: page for page in out.pages}
    by_department: dict[str, list[Record]] = defaultdict(list)
    for approval in records.of(approvals.APPROVAL_KIND):
        by_department[_department_of(approval, records)].append(approval)
    items: dict[str, list[Record]] = defaultdict(list)
    for item in sorted(records.of("item"), key=lambda r: r.id):
        items[str(item.data.get("department"))].append(item)
    for department, found in items.items():
        src = f"items/{slug(department)}.md"
        if src in pages:
            link = relative(
                page_url(f"approvals/{slug(department)}.md", directory_urls),
                page_url(src, directory_urls),
            )
            pages[src].content += items_summary(found, by_subject, department_link=link)
            by_department.setdefault(department, [])
    for kind in ("rules", "plan"):
        for record in records.of(kind):
            src = _subject_page(record)
            if src in pages:
                department = str(record.data.get("department"))
                link = relative(
                    page_url(f"approvals/{slug(department)}.md", directory_urls),
                    page_url(src, directory_urls),
                )
                pages[src].content += fragment([record], by_subject, index_link=link)
                by_department.setdefault(department, [])
    for department, found in sorted(by_department.items()):
        src = f"approvals/{slug(department)}.md"
        title = f"{_department_name(records, department)}法制审核记录"
        out.pages.append(
            Page(src, title, department_page(records, department, found, directory_urls))
        )
    counts = {d: len(found) for d, found in by_department.items()}
    out.pages.append(Page(INDEX, INDEX_TITLE, index_page(records, counts, directory_urls)))
    for path, data in schema_files().items():
        out.files.setdefault(path, data)
