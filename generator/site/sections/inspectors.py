"""两库: the directory of law-enforcement inspectors, by department."""

from __future__ import annotations

from collections import defaultdict

from generator.records import Record
from generator.site.pages import Section, SiteBuilder
from generator.site.urls import slug


def build(site: SiteBuilder) -> None:
    model = site.model
    inspectors_by_dept: dict[str, list[Record]] = defaultdict(list)
    for inspector in sorted(model.inspectors.values(), key=lambda i: i.id):
        inspectors_by_dept[str(inspector.data.get("department"))].append(inspector)
    site.add(
        "inspectors/index.md",
        "执法检查人员名录",
        "inspectors_index.md.j2",
        nav=True,
        groups=sorted(inspectors_by_dept.items()),
    )
    for dept, people in sorted(inspectors_by_dept.items()):
        site.add_list(
            f"inspectors/{slug(dept)}.md",
            f"{model.department_name(dept)}执法检查人员名录",
            "inspectors.md.j2",
            [site.rows.inspector_row(person) for person in people],
            edit=people[0].path,
            dept=dept,
        )


SECTION = Section(("检查人员名录", "inspectors/index.md"), build)
