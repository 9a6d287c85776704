"""After a build: find assets the pages would load from other hosts.

A government site in mainland China must load nothing from third-party hosts (fonts, scripts,
styles, images).  Links people click (`<a href>`) are fine; what the browser fetches by itself
is not: `<script src>`, `<link href>` for styles/icons/preloads, `<img>`/`<iframe>`/`<source>`/
`<video>`/`<audio>`/`<embed>`/`<object>`, CSS `url(...)` and `@import`, and `import(...)` or
`importScripts(...)` in scripts.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

_TAG = re.compile(
    r"<(script|link|img|iframe|source|video|audio|embed|object|image|use|input)\b([^>]*)>",
    re.IGNORECASE,
)
_ATTR = re.compile(
    r"""\b(src|href|srcset|data|poster|xlink:href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE
)
_REL = re.compile(r"""\brel\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_CSS_URL = re.compile(
    r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.IGNORECASE
)
_STYLE_ATTR = re.compile(r"""\bstyle\s*=\s*("[^"]*"|'[^']*')""", re.IGNORECASE)
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style>", re.IGNORECASE | re.DOTALL)
_JS_LOAD = re.compile(r"""\b(?:importScripts|import)\s*\(\s*(['"`])((?:https?:)?//[^'"`]+)\1""")
# <link rel=...> values that only name a page rather than fetch it
_LINK_NOT_FETCHED = {
    "canonical",
    "alternate",
    "author",
    "license",
    "help",
    "search",
    "me",
    "next",
    "prev",
    "bookmark",
    "external",
    "nofollow",
    "noopener",
    "noreferrer",
}


@dataclass(frozen=True)
class ExternalAsset:
    path: str  # relative to the site directory
    reference: str

    def text(self) -> str:
        return f"{self.path}: {self.reference}"


def _unquote(value: str) -> str:
    return value[1:-1] if value[:1] in "\"'" and value[-1:] == value[:1] else value


def is_external(url: str, allowed_hosts: frozenset[str]) -> bool:
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return False
    host = (parts.hostname or "").lower()
    return host not in allowed_hosts


def _css_refs(text: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in _CSS_URL.finditer(text)]


def scan_html(text: str, allowed: frozenset[str]) -> list[str]:
    found: list[str] = []
    for match in _TAG.finditer(text):
        tag, attrs = match.group(1).lower(), match.group(2)
        if tag == "link":
            rel = _REL.search(attrs)
            rels = set(_unquote(rel.group(1)).lower().split()) if rel else set()
            if rels and rels <= _LINK_NOT_FETCHED:
                continue
        for attr in _ATTR.finditer(attrs):
            value = _unquote(attr.group(2))
            candidates = (
                [v.strip().split(" ")[0] for v in value.split(",")]
                if attr.group(1).lower() == "srcset"
                else [value]
            )
            found += [f"<{tag} {attr.group(1)}={c}>" for c in candidates if is_external(c, allowed)]
    for match in _STYLE_ATTR.finditer(text):
        found += [
            f"style url({u})"
            for u in _css_refs(_unquote(match.group(1)))
            if is_external(u, allowed)
        ]
    for match in _STYLE_BLOCK.finditer(text):
        found += [f"<style> url({u})" for u in _css_refs(match.group(1)) if is_external(u, allowed)]
    return found


def scan_css(text: str, allowed: frozenset[str]) -> list[str]:
    return [f"url({u})" for u in _css_refs(text) if is_external(u, allowed)]


def scan_js(text: str, allowed: frozenset[str]) -> list[str]:
    return [
        f"import({m.group(2)})" for m in _JS_LOAD.finditer(text) if is_external(m.group(2), allowed)
    ]


SCANNERS = {
    ".html": scan_html,
    ".htm": scan_html,
    ".css": scan_css,
    ".js": scan_js,
    ".svg": scan_html,
}


def find_external_assets(
    site_dir: Path,
    allowed_hosts: frozenset[str] = frozenset(),
    skip: Container[str] = frozenset(),
) -> list[ExternalAsset]:
    """Every asset reference to another host in the built site's HTML, CSS, JS and SVG
    (but the files of `skip`, relative paths already checked with the same hosts)."""
    allowed = frozenset(h.lower() for h in allowed_hosts) | {"localhost", "127.0.0.1"}
    found: list[ExternalAsset] = []
    for path in sorted(site_dir.rglob("*")):
        scanner = SCANNERS.get(path.suffix.lower())
        if scanner is None or not path.is_file():
            continue
        relative = path.relative_to(site_dir).as_posix()
        if relative in skip:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [ExternalAsset(relative, ref) for ref in scanner(text, allowed)]
    return found
