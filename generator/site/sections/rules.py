"""The departments' implementing rules (实施细则): an index and one page per department."""

from __future__ import annotations

from spotcheck.site import markdown_safe
from spotcheck.site.pages import Section, SiteBuilder
from spotcheck.site.urls import slug


def build(site: SiteBuilder) -> None:
    records = site.model.records
    rules = sorted(records.of("rules"), key=lambda x: str(x.data.get("department")))
    site.add("rules/index.md", "实施细则", "rules_index.md.j2", nav=True, rules=rules)
    for rule in rules:
        site.add(
            f"rules/{slug(rule.data.get('department'))}.md",
            str(rule.data.get("title")),
            "rules.md.j2",
            edit=rule.path,
            rule=rule,
            body_html=markdown_safe.render(rule.body or ""),
        )


SECTION = Section(("实施细则", "rules/index.md"), build)
