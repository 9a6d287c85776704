"""Site search: Pagefind (the site's search) against Material's jieba + lunr index, side by side
in one run, measured in a real browser (Debian's chromium through Playwright; issue #12).

    python benchmarks/search_bench.py --data bench-data/search-district   # district scale
    python benchmarks/search_bench.py --data .                             # the example district
    python benchmarks/search_bench.py --pagefind-site DIR --lunr-site DIR  # sites built before

`--data` is a records repository; the build writes caches into it, so give a copy of shared
data. It is built twice: with the project's configuration (Pagefind, written by the spotcheck
plugin after MkDocs) and with Material's search plugin added (jieba + lunr, today's index before
issue #12; needs `pip install jieba`). Both sites are served from 127.0.0.1 compressed as a
static host does (gzip for HTML, CSS, JavaScript and JSON; Pagefind's files are compressed
already) and opened at 1366 px. Prints, per engine: index size and files, indexing time (for
Pagefind also a full re-index of the built site: it has no incremental update), bytes a page
load transfers before any search, bytes of the first and the second query, and for a fixed
list of Chinese queries whether the expected page is among the first three results (businesses
listed above the pages, as the search box shows them).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-12-31"
CHROMIUM = "/usr/bin/chromium"
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}
FIRST_QUERY_LIMIT_KB = 300


@dataclass(frozen=True)
class Query:
    label: str
    text: str
    expected: str  # a regular expression one of the first three result paths must match


# --- building -----------------------------------------------------------------------------


def build(data: Path, out: Path, *, lunr: bool) -> tuple[float, float]:
    """Build the site of `data` into `out`, with Material's search instead of Pagefind when
    `lunr`; returns the seconds, wall and CPU."""
    from mkdocs.commands.build import build as mkdocs_build

    from spotcheck.commands.build import load_site_config
    from spotcheck.site.defaults import SEARCH_SEPARATOR, write_default_config

    shutil.rmtree(out, ignore_errors=True)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory(prefix="search-bench-") as folder:
        config_file = write_default_config(Path(folder), data.resolve(), out.resolve())
        if lunr:
            import yaml

            settings = yaml.safe_load(config_file.read_text(encoding="utf-8"))
            docs = Path(settings["docs_dir"])
            settings["plugins"].insert(
                0,
                {
                    "search": {
                        "separator": SEARCH_SEPARATOR,
                        "jieba_dict_user": str(docs / "assets" / "jieba-userdict.txt"),
                    }
                },
            )
            config_file.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
        import datetime as dt

        config = load_site_config(config_file, out, dt.date.fromisoformat(TODAY))
        started, cpu = time.perf_counter(), cpu_seconds()
        mkdocs_build(config)  # type: ignore[arg-type]
        return time.perf_counter() - started, cpu_seconds() - cpu


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (Pagefind runs as one): steadier
    than wall time on a machine other jobs load."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def index_figures(site: Path, *, lunr: bool) -> dict[str, Any]:
    if lunr:
        index = site / "search" / "search_index.json"
        data = index.read_bytes()
        return {
            "files": 1,
            "bytes": len(data),
            "gzip_bytes": len(gzip.compress(data, 6)),
            "reindex_seconds": None,
        }
    from spotcheck.site import search

    cpu = cpu_seconds()
    summary = search.index_site(site)  # a full re-index of the built site, timed alone
    return {
        "files": summary.files,
        "bytes": summary.bytes,
        "gzip_bytes": None,
        "pages": summary.pages,
        "reindex_seconds": summary.seconds,
        "reindex_cpu_seconds": cpu_seconds() - cpu,
    }


# --- the queries --------------------------------------------------------------------------


def queries(data: Path) -> list[Query]:
    """The fixed list: a selected business's full name and its credit code, a part of a name,
    an item name, a task id and a department name, taken from the records."""
    import yaml

    records = data / "records"
    draw = min((records / "draws").rglob("draw.yaml"))
    text = draw.read_text(encoding="utf-8")
    task = draw.parent.name
    uscc = re.findall(r'target: "([0-9A-Z]{18})"', text)[0]
    name = ""
    for path in sorted((records / "targets").rglob("*.yaml")):
        body = path.read_text(encoding="utf-8")
        if uscc in body:
            found = re.search(rf'uscc: "{uscc}"\n\s+name: "([^"]+)"', body)
            name = found.group(1) if found else ""
            break
    department_id = task.split("-")[1]
    department = yaml.safe_load(
        (records / "departments" / f"{department_id}.yaml").read_text(encoding="utf-8")
    )
    items = yaml.safe_load((records / "items" / f"{department_id}.yaml").read_text("utf-8"))
    item = items["items"][0]["name"] if isinstance(items, dict) else items[0]["name"]
    part = "餐饮"
    business = rf"^businesses/\?id={uscc}$"
    return [
        Query("企业全称", name, business),
        Query("统一社会信用代码", uscc, business),
        Query("名称的一部分", part, r"^businesses/\?id=[0-9A-Z]{18}$"),
        Query("抽查事项名称", item, rf"^items/{department_id}/$"),
        Query("任务编号", task, rf"^tasks/{task}/$"),
        Query("部门名称", department["name"], rf"^(items|inspectors|rules)/{department_id}/$"),
    ]


# --- the browser --------------------------------------------------------------------------


class CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves as a static host does: gzip for text types when the browser accepts it."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(urlsplit(self.path).path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(CompressingHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


class Traffic:
    """Bytes the page transferred (encoded body and headers), counted per finished request."""

    def __init__(self, tab: Any) -> None:
        self.bytes = 0
        self.requests = 0
        self.pending = 0
        self.urls: list[str] = []
        tab.on("request", self._started)
        tab.on("requestfinished", self._finished)
        tab.on("requestfailed", self._failed)

    def _started(self, request: Any) -> None:
        self.pending += 1

    def _finished(self, request: Any) -> None:
        sizes = request.sizes()
        body = sizes["responseBodySize"]
        if not body:  # chromium reports 0 for a worker's own script: count what was sent
            response = request.response()
            body = int((response and response.header_value("content-length")) or 0)
        self.bytes += body + sizes["responseHeadersSize"]
        self.requests += 1
        self.urls.append(request.url)
        self.pending -= 1

    def _failed(self, request: Any) -> None:
        self.pending -= 1

    def settle(self, tab: Any, quiet_ms: int = 700, limit_s: float = 60) -> None:
        """Wait until no request has been open for `quiet_ms`."""
        deadline = time.monotonic() + limit_s
        quiet_since = None
        while time.monotonic() < deadline:
            tab.wait_for_timeout(100)
            if self.pending > 0:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
                return


def result_paths(tab: Any, base: str) -> list[str]:
    hrefs = tab.eval_on_selector_all(
        ".sc-search-businesses a, .md-search-result__list a.md-search-result__link",
        "els => els.map(e => e.href)",
    )
    paths: list[str] = []
    for href in hrefs:
        # Material adds ?h=<words> to highlight them on the page: not part of the page's path
        path = re.sub(r"\?h=.*$", "", unquote(href.split("#")[0]).removeprefix(base))
        if path not in paths:
            paths.append(path)
    return paths


def in_browser(site: Path, asked: list[Query]) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
        try:
            tab = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
            traffic = Traffic(tab)
            tab.goto(base + "tasks/")
            traffic.settle(tab)
            figures: dict[str, Any] = {"page_load_bytes": traffic.bytes, "queries": []}
            tab.click("input.md-search__input")
            for query in asked:
                before, started = traffic.bytes, time.perf_counter()
                tab.fill("input.md-search__input", query.text)
                tab.press("input.md-search__input", "End")  # Material's box reads keyup
                tab.wait_for_timeout(400)  # the boxes wait for typing to pause
                traffic.settle(tab)
                top = result_paths(tab, base)[:3]
                figures["queries"].append(
                    {
                        "query": query,
                        "bytes": traffic.bytes - before,
                        "seconds": time.perf_counter() - started,
                        "top": top,
                        "found": any(re.search(query.expected, p) for p in top),
                    }
                )
        finally:
            browser.close()
    return figures


# --- the report ---------------------------------------------------------------------------


def kb(value: float | None) -> str:
    return "—" if value is None else f"{value / 1024:.1f} KB"


def report(figures: dict[str, dict[str, Any]]) -> None:
    names = list(figures)
    rows = [
        (
            "构建网站（秒）",
            lambda f: f"{f['build_seconds']:.1f}" if f.get("build_seconds") else "—",
        ),
        (
            "构建 CPU 时间（秒）",
            lambda f: f"{f['build_cpu_seconds']:.1f}" if f.get("build_cpu_seconds") else "—",
        ),
        ("索引文件（个）", lambda f: str(f["files"])),
        ("索引合计", lambda f: kb(f["bytes"])),
        ("索引 gzip 后", lambda f: kb(f["gzip_bytes"])),
        (
            "全量重建索引（秒）",
            lambda f: (
                "随网站构建"
                if f["reindex_seconds"] is None
                else f"{f['reindex_seconds']:.1f}（CPU {f['reindex_cpu_seconds']:.1f}）"
            ),
        ),
        ("打开页面（搜索前）", lambda f: kb(f["page_load_bytes"])),
        ("第一次查询", lambda f: kb(f["queries"][0]["bytes"])),
        ("第二次查询", lambda f: kb(f["queries"][1]["bytes"])),
    ]
    width = 22
    print("\n" + "".ljust(width) + "".join(n.ljust(width) for n in names))
    for label, cell in rows:
        print(label.ljust(width - 4) + "".join(cell(figures[n]).ljust(width) for n in names))
    print("\n查询（前三条结果中有预期页面？）")
    for number, entry in enumerate(figures[names[0]]["queries"]):
        query = entry["query"]
        cells = []
        for name in names:
            found = figures[name]["queries"][number]
            cells.append(f"{name}：{'是' if found['found'] else '否'}（{kb(found['bytes'])}）")
        print(f"  {query.label}「{query.text}」 " + "；".join(cells))
        for name in names:
            print(f"      {name} 前三条：{figures[name]['queries'][number]['top']}")
    first = figures[names[0]]["queries"][0]["bytes"]
    verdict = "符合" if first <= FIRST_QUERY_LIMIT_KB * 1024 else "超出"
    print(f"\n{names[0]} 第一次查询 {kb(first)} ≤ {FIRST_QUERY_LIMIT_KB} KB：{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description="站内搜索基准：Pagefind 与 jieba + lunr")
    parser.add_argument("--data", type=Path, help="记录仓库（会写入缓存：请用副本）")
    parser.add_argument("--pagefind-site", type=Path, help="已生成的网站（Pagefind）")
    parser.add_argument("--lunr-site", type=Path, help="已生成的网站（Material 搜索）")
    parser.add_argument("--out", type=Path, help="网站输出目录（默认临时目录）")
    args = parser.parse_args()
    data = (args.data or REPO).resolve()
    print(f"机器：{os.cpu_count()} 核；负载 {os.getloadavg()[0]:.1f}；数据 {data}", flush=True)
    with tempfile.TemporaryDirectory(prefix="search-bench-") as temp:
        out = args.out or Path(temp)
        sites = {"Pagefind": args.pagefind_site, "jieba + lunr": args.lunr_site}
        figures: dict[str, dict[str, Any]] = {}
        for name, given in sites.items():
            lunr = name != "Pagefind"
            site = given or out / ("lunr" if lunr else "pagefind")
            seconds = cpu = None
            if given is None:
                print(f"生成网站（{name}）……", flush=True)
                seconds, cpu = build(data, site, lunr=lunr)
            figures[name] = {
                "build_seconds": seconds,
                "build_cpu_seconds": cpu,
                **index_figures(site, lunr=lunr),
            }
        asked = queries(data)
        for name, given in sites.items():
            site = given or out / ("lunr" if name != "Pagefind" else "pagefind")
            print(f"浏览器中测量（{name}）……", flush=True)
            figures[name].update(in_browser(site, asked))
        report(figures)
        print(f"负载（结束时）：{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.exit(main())
