"""两库: the directory of law-enforcement inspectors, by department."""

from __future__ import annotations

from spotcheck.site.pages import Section, SiteBuilder
from spotcheck.site.urls import slug
from spotcheck.site.views import by_department


def build(site: SiteBuilder) -> None:
    model = site.model
    groups = by_department(model.inspectors.values())
    site.add(
        "inspectors/index.md", "执法检查人员名录", "inspectors_index.md.j2", nav=True, groups=groups
    )
    for dept, people in groups:
        site.add_list(
            f"inspectors/{slug(dept)}.md",
            f"{model.department_name(dept)}执法检查人员名录",
            "inspectors.md.j2",
            [site.rows.inspector_row(person) for person in people],
            edit=people[0].path,
            dept=dept,
        )


SECTION = Section(("检查人员名录", "inspectors/index.md"), build)
