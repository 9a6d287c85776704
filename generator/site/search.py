"""The site search index: Pagefind, run over the site after MkDocs has written it (issue #12).

Pagefind's extended build segments Chinese and writes a chunked index under `pagefind/`: the
browser loads nothing of it until the search box is used, then only the index chunks of the
words typed and the fragments of the results it shows (benchmarks/search_bench.py measures it
against Material's jieba + lunr index, which is one file loaded whole; README, 站内搜索).

What is indexed: the content of pages marked `data-pagefind-body` (`mark_searchable`, called for
every page the plugin writes: all but those whose front matter says `search: exclude`; on the
theme's article element, so a department's own template overrides keep it), without the blocks marked
`data-search-exclude` (generator/site/pages.py). Every page is built from public records only
(generator/site/public.py), so the index holds nothing else. Businesses are not in this index:
the search box finds them by name or credit code in the lookup shards (lookup.py), which the
business page reads anyway (site/assets/spotcheck-search.js).

Pagefind has no incremental update: the whole index is rewritten, ~3 s of CPU at district scale
(588 searchable pages of 2,717), since only the searchable pages are handed to it; when none of
them changed, the build cache's copy of the index is used (`index_site`).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from spotcheck.errors import SpotcheckError

INDEX_DIR = "pagefind"
MARKER = "data-pagefind-body"
LANGUAGE = "zh"
EXCLUDED_BLOCKS = ("[data-search-exclude]",)
# Pagefind's own search UIs: ours (site/assets/spotcheck-search.js) uses only its API
# (pagefind.js and the worker), so these would be published for nothing
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(SpotcheckError):
    """The search index could not be written (the message is Chinese)."""


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    files: int
    bytes: int
    seconds: float


def index_site(site_dir: Path, cache: Path | None = None) -> IndexSummary:
    """Write the search index of the built site in `site_dir` to `site_dir/pagefind/`,
    replacing any earlier one. The one call the build makes (plugin.on_post_build).

    With `cache` (a folder of the build cache), an index is kept there by the digest of the
    pages it was made from (their paths and bytes, and the Pagefind version and options): when
    no searchable page changed, it is copied back instead of running Pagefind again (its
    output is a function of these: the incremental build's test compares it with a full
    build's)."""
    started = time.perf_counter()
    output = site_dir / INDEX_DIR
    shutil.rmtree(output, ignore_errors=True)
    # the command line tool, not the package's Python API: in 1.5 the API's service can stop
    # before it has finished writing the files (pagefind-entry.json left empty). It is given
    # only the searchable pages (hard links in a scratch folder): reading all 150 MB of HTML at
    # district scale to find them took it ~45 s, finding them here takes ~1 s
    pages = searchable_pages(site_dir)
    if not pages:
        raise SearchIndexError(
            f"站内搜索索引未生成：{site_dir} 中没有标记为可搜索的页面"
            f'（没有页面带 {MARKER}：主题模板中缺少 <article class="md-content__inner md-typeset">？）'
        )
    kept = cache / _pages_digest(site_dir, pages) if cache is not None else None
    if kept is not None and (kept / "pages.txt").is_file():
        try:
            shutil.copytree(kept / INDEX_DIR, output)
            indexed_pages = int((kept / "pages.txt").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            shutil.rmtree(output, ignore_errors=True)
        else:
            return _summary(output, indexed_pages, started)
    # inside the site: writable and on the same file system (hard links); always removed
    with tempfile.TemporaryDirectory(prefix=".search-pages-", dir=site_dir) as scratch:
        for page in pages:
            linked = Path(scratch) / page.relative_to(site_dir)
            linked.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(page, linked)
            except OSError:
                shutil.copyfile(page, linked)
        done = _run_pagefind(Path(scratch), output)
    indexed = re.search(r"Indexed (\d+) pages?", done.stdout)
    if done.returncode != 0 or indexed is None or not (output / "pagefind-entry.json").is_file():
        shutil.rmtree(output, ignore_errors=True)  # no half-written index
        reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["没有输出"]
        raise SearchIndexError(f"站内搜索索引未生成：Pagefind 出错（{reason[0]}）")
    for name in UNUSED_FILES:
        (output / name).unlink(missing_ok=True)
    if kept is not None:
        _keep(output, int(indexed.group(1)), kept)
    return _summary(output, int(indexed.group(1)), started)


def _summary(output: Path, pages: int, started: float) -> IndexSummary:
    files = [p for p in output.rglob("*") if p.is_file()]
    return IndexSummary(
        pages=pages,
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        seconds=time.perf_counter() - started,
    )


def _pages_digest(site_dir: Path, pages: list[Path]) -> str:
    """What an index is made of: the searchable pages (paths and bytes), Pagefind's version
    and the command line."""
    try:
        version = metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        version = "-"
    h = hashlib.sha256(f"{version}\n{_arguments()}\n".encode())
    for page in pages:
        h.update(page.relative_to(site_dir).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(page.read_bytes()).digest())
    return h.hexdigest()


def _keep(output: Path, pages: int, kept: Path) -> None:
    """Store the index just written as the cache's only one (a cache that cannot be written
    only costs time)."""
    scratch = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
    try:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.copytree(output, scratch / INDEX_DIR)
        (scratch / "pages.txt").write_text(str(pages), encoding="utf-8")
        for other in kept.parent.iterdir():
            if other != scratch:
                shutil.rmtree(other, ignore_errors=True)
        scratch.rename(kept)
    except OSError:
        shutil.rmtree(scratch, ignore_errors=True)


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')


def mark_searchable(html: str, meta: Mapping[str, Any]) -> str:
    """The page's HTML with its content marked for the index, unless its front matter says
    `search: exclude` (the business page, result lists, draw pages)."""
    wanted = meta.get("search")
    if isinstance(wanted, Mapping) and wanted.get("exclude"):
        return html
    return _ARTICLE.sub(rf"\g<0> {MARKER}", html, count=1)


def searchable_pages(site_dir: Path) -> list[Path]:
    """The pages marked for the index (`mark_searchable`), in path order."""
    marker = MARKER.encode()
    found = []
    for page in sorted(site_dir.rglob("*.html")):
        if page.relative_to(site_dir).parts[0] != INDEX_DIR and marker in page.read_bytes():
            found.append(page)
    return found


def _run_pagefind(pages_dir: Path, output: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(pages_dir),
        "--output-path",
        str(output),
        *_arguments(),
    ]
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise SearchIndexError(f"站内搜索索引未生成：无法运行 Pagefind（{error}）") from None


def _arguments() -> list[str]:
    """Pagefind's options besides its folders."""
    return ["--force-language", LANGUAGE, "--exclude-selectors", ",".join(EXCLUDED_BLOCKS)]


def uses_material_search(plugins: object) -> bool:
    """Whether the configuration keeps Material's own jieba + lunr search instead (then that
    plugin writes its index and the header shows its search box)."""
    return any(name in plugins for name in ("search", "material/search"))  # type: ignore[operator]
