"""Staff-written Markdown (实施细则) rendered to HTML that cannot carry script.

Raw HTML in the source is shown as text (every `<` is escaped before rendering), so the only
tags in the output are those Python-Markdown makes; of their attributes only link targets and
image sources come from the author, and those are checked here: a link may only be http(s),
mailto or relative, and an image on another host becomes a plain link (the site loads nothing
from third-party hosts).
"""

from __future__ import annotations

import html
import re

import markdown

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_HREF = re.compile(r'<a href="([^"]*)"')
_IMG = re.compile(r'<img alt="([^"]*)" src="([^"]*)"\s*/?>')
_HEADING = re.compile(r"<(/?)h([1-6])")
SAFE_SCHEMES = {"http", "https", "mailto"}


def _clean_target(value: str) -> str | None:
    """The link target if it is harmless, else None."""
    decoded = re.sub(r"[\x00-\x20]", "", html.unescape(value))
    match = _SCHEME.match(decoded)
    if match and match.group(1).lower() not in SAFE_SCHEMES:
        return None
    if decoded.startswith("//"):
        return None  # protocol-relative: another host without saying so
    return value


def _is_external(value: str) -> bool:
    decoded = html.unescape(value).strip().lower()
    return decoded.startswith(("http:", "https:", "//"))


def render(text: str) -> str:
    """HTML for a Markdown body, with raw HTML neutralised and links checked."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    # `&amp;` keeps entities from being decoded into markup-significant characters
    rendered = markdown.markdown(escaped, extensions=["tables", "sane_lists"], output_format="html")

    def fix_link(match: re.Match[str]) -> str:
        target = _clean_target(match.group(1))
        return '<a href="' + target + '"' if target is not None else '<a class="sc-unsafe-link"'

    def fix_image(match: re.Match[str]) -> str:
        alt, src = match.group(1), match.group(2)
        target = _clean_target(src)
        if target is None:
            return alt
        if _is_external(src):
            return f'<a href="{target}">{alt or target}</a>'
        return f'<img alt="{alt}" src="{target}">'

    rendered = _IMG.sub(fix_image, rendered)
    # the page has its own title (h1): the body's headings move one level down
    rendered = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", rendered)
    rendered = _HREF.sub(fix_link, rendered)
    # no blank lines: the result is embedded as one raw HTML block in a Markdown page
    return "\n".join(line for line in rendered.splitlines() if line.strip())
