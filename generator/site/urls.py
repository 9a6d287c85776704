"""Page addresses, computed the way MkDocs computes them, for links inside raw HTML blocks.

MkDocs rewrites links only in Markdown; the record tables are raw HTML (so record text can
never become Markdown), hence their links are made relative here.
"""

from __future__ import annotations

import re

from mkdocs.utils import get_relative_url

_UNSAFE_TITLE = re.compile(r"[<>&\"'`\[\]\\*_#|{}\x00-\x1f]")
_SAFE_SLUG = re.compile(r"[^0-9A-Za-z\-]")


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The site-relative URL of a Markdown page (as `mkdocs.structure.files.File.url`)."""
    stem = src_uri.removesuffix(".md")
    if directory_urls:
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"
    return stem + ".html"


def relative(target_url: str, from_url: str) -> str:
    """`target_url` relative to the page at `from_url` (both site-relative)."""
    found = get_relative_url(target_url, from_url)
    if target_url.endswith("/") and not found.endswith("/"):
        found += "/"
    return found


def safe_title(text: object, limit: int = 80) -> str:
    """A page title without any character that HTML, Markdown or YAML could interpret.

    Titles are shown by theme templates that do not escape, so record text is filtered here.
    """
    cleaned = _UNSAFE_TITLE.sub("", str(text)).strip()
    return (cleaned[:limit] + "…" if len(cleaned) > limit else cleaned) or "（无标题）"


def slug(text: object) -> str:
    """An id usable as a file name (record ids are pattern-checked; this is a second fence)."""
    return _SAFE_SLUG.sub("_", str(text)) or "_"
