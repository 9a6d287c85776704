"""The packaged site configuration, for a department's own records repository that has no
mkdocs.yml: the same theme, plugins and hand-written pages as this project's mkdocs.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CONFIG_NAME = "mkdocs.yml"
# Material's own search, for a configuration that keeps it (and benchmarks/search_bench.py):
# it cuts Chinese with jieba and joins the words with \u200b, which must be a separator
SEARCH_SEPARATOR = r'[\s\u200b\-_,:!=\[\]()"`/]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])'


def site_sources() -> Path:
    """The hand-written pages: `site/` beside the package in a checkout, or the copy packed
    into the wheel (`spotcheck/_site`)."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package.parent / "site", package / "_site"):
        if (candidate / "index.md").is_file():
            return candidate
    raise FileNotFoundError("找不到网站页面目录 site/（安装包不完整）")


def project_config() -> Path | None:
    """This project's mkdocs.yml, when running from a checkout."""
    found = Path(__file__).resolve().parents[2] / CONFIG_NAME
    return found if found.is_file() else None


def default_config(records_root: Path, site_dir: Path) -> dict[str, Any]:
    """The settings of the repository's mkdocs.yml, with absolute paths."""
    docs = site_sources()
    return {
        "site_name": "双随机、一公开信息公示",
        "docs_dir": str(docs),
        "site_dir": str(site_dir),
        "exclude_docs": "overrides/\n",
        "theme": {
            "name": "material",
            "language": "zh",
            "font": False,
            "custom_dir": str(docs / "overrides"),
            "features": ["navigation.top", "content.action.edit"],
        },
        # no Material search plugin: the spotcheck plugin writes a Pagefind index (search.py)
        "plugins": [{"spotcheck": {"records_root": str(records_root)}}],
        "markdown_extensions": [
            "attr_list",
            "tables",
            {"toc": {"permalink": True, "permalink_title": "本节的链接"}},
        ],
        "extra_css": ["assets/spotcheck.css"],
        "extra_javascript": ["assets/spotcheck-lookup.js"],
        "extra": {"generator": False},
    }


def write_default_config(folder: Path, records_root: Path, site_dir: Path) -> Path:
    """Write the packaged configuration into `folder` (a temporary directory)."""
    path = folder / CONFIG_NAME
    text = yaml.safe_dump(
        default_config(records_root, site_dir), allow_unicode=True, sort_keys=False
    )
    path.write_text(text, encoding="utf-8")
    return path
