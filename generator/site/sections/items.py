"""一单: the list of inspection items, an index and one list (of a few pages) per department."""

from __future__ import annotations

from spotcheck.site.pages import Section, SiteBuilder
from spotcheck.site.urls import slug
from spotcheck.site.views import by_department


def build(site: SiteBuilder) -> None:
    model = site.model
    groups = by_department(model.items.values())
    site.add("items/index.md", "抽查事项清单", "items_index.md.j2", nav=True, groups=groups)
    for dept, items in groups:
        placed = site.add_list(
            f"items/{slug(dept)}.md",
            f"{model.department_name(dept)}抽查事项清单",
            "items.md.j2",
            [site.rows.item_row(item) for item in items],
            edit=items[0].path,
            dept=dept,
        )
        # later pages (tasks, results) link an item where its row landed
        for page, numbers in placed:
            for number in numbers:
                model.anchors[f"item:{items[number].id}"] = page


SECTION = Section(("抽查事项清单", "items/index.md"), build)
