"""Build the public site for district-scale records at half and full size, and compare with a
plain MkDocs + Material site that has every page in the navigation (issue #5).

    python benchmarks/site_bench.py                       # generates missing data first
    python benchmarks/site_bench.py --plain 250 500 --no-warm
    python benchmarks/site_bench.py --full-only --plain --one-result   # issue #12 figures
    python benchmarks/site_bench.py --full-only --plain --no-warm --city-codes 3000000   # sizes

Data: `bench-data/district-half` and `bench-data/district` (made by
`benchmarks/make_district.py --activity [--scale-factor 0.5]` when missing: 100,000 / 200,000
targets, five years of plans, every task drawn, ~55,000 / ~100,000 results).

Prints, for each size: build time from a cold cache (and a warm rebuild), HTML pages, total
size, the largest page, the search index and what a first search transfers (measured in chromium,
benchmarks/search_bench.py), the
downloads; with `--one-result`, side by side: the full cold build (no parse, validation or
build cache), the warm rebuild without a change, the warm rebuild after one result changed
(issue #12: ≤ 15 s), and how many pages each rendered (the others come from the build cache,
`generator/site/build_cache.py`); then the ratios full/half (target ≤ 2.2: the build grows
linearly) and the limits (≤ 5 minutes, every page < 100 KB, search index < 10 MB).
For comparison it builds, in the same run and on the same machine, plain MkDocs + Material
(without the plugin) on N of the same generated pages with every page in the navigation (the
layout whose time and size grow with the square of the page count), at sizes where that
still finishes.  With `--city-codes N`, it builds the lookup's code index alone for N synthetic
never-drawn businesses and estimates the city site (issue #15: the rest × 15).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script: the benchmarks package beside this file

from benchmarks import search_bench  # noqa: E402

TODAY = dt.date(2026, 12, 31)  # the synthetic activity ends in 2026
LIMIT_SECONDS = 300
LIMIT_ONE_RESULT_SECONDS = 15  # issue #12: a one-result change rebuilds in ≤ 15 s warm
LIMIT_PAGE_KB = 100
LIMIT_INDEX_MB = 10


def measure(site: Path) -> dict[str, Any]:
    html = list(site.rglob("*.html"))
    files = [p for p in site.rglob("*") if p.is_file()]
    index = site / "search" / "search_index.json"  # Material's lunr index, if configured
    pagefind = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    lookup_dir = site / "lookup"
    lookup = [p for p in lookup_dir.rglob("*") if p.is_file()] if lookup_dir.is_dir() else []
    sizes = {p: p.stat().st_size for p in html}
    largest = max(sizes, key=sizes.__getitem__) if sizes else None
    return {
        "pages": len(html),
        "max_page_kb": sizes[largest] / 1024 if largest else 0.0,
        "largest": str(largest.relative_to(site)) if largest else "",
        "over_limit": sum(1 for s in sizes.values() if s >= LIMIT_PAGE_KB * 1024),
        "html_mb": sum(sizes.values()) / 1e6,
        "search_index_mb": (
            index.stat().st_size if index.exists() else sum(p.stat().st_size for p in pagefind)
        )
        / 1e6,
        "search_index_files": len(pagefind) if pagefind else int(index.exists()),
        "lookup_files": len(lookup),
        "lookup_mb": sum(p.stat().st_size for p in lookup) / 1e6,
        "total_mb": sum(p.stat().st_size for p in files) / 1e6,
        "files": len(files),
        "search_index_gzip_kb": len(gzip.compress(index.read_bytes(), 6)) / 1024
        if index.exists()
        else 0.0,
        "downloads_mb": sum(
            p.stat().st_size for p in (site / "downloads").rglob("*") if p.is_file()
        )
        / 1e6,
        **breakdown(site),
    }


def first_query_kb(data: Path, site: Path) -> float | None:
    """Bytes the first search transfers, measured in chromium (benchmarks/search_bench.py:
    a company's full name typed in the search box after a page has loaded)."""
    if not Path(search_bench.CHROMIUM).exists():
        return None
    measured = search_bench.in_browser(site, search_bench.queries(data)[:1])
    return float(measured["queries"][0]["bytes"]) / 1024


PARTS = ("HTML", "查询", "下载", "搜索", "其他")


def part_of(relative: Path) -> str:
    """Where a file's bytes count in the size table: every .html is HTML; then by folder."""
    if relative.suffix == ".html":
        return "HTML"
    top = relative.parts[0] if len(relative.parts) > 1 else ""
    return {"lookup": "查询", "downloads": "下载", "search": "搜索"}.get(top, "其他")


def breakdown(site: Path) -> dict[str, Any]:
    """MB per part (PARTS) and per second-level folder of the lookup and the downloads, and
    what a never-drawn business costs in the lookup (issue #15)."""
    parts = dict.fromkeys(PARTS, 0)
    folders: dict[str, int] = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        relative = path.relative_to(site)
        size = path.stat().st_size
        part = part_of(relative)
        parts[part] += size
        if part in ("查询", "下载") and len(relative.parts) > 2:
            key = "/".join(relative.parts[:2])
            folders[key] = folders.get(key, 0) + size
        elif part in ("查询", "下载"):
            folders[relative.parts[0] + "/（单个文件）"] = (
                folders.get(relative.parts[0] + "/（单个文件）", 0) + size
            )
    never, never_bytes = never_drawn_in(site)
    return {
        "parts_mb": {k: v / 1e6 for k, v in parts.items()},
        "folders_mb": {k: v / 1e6 for k, v in sorted(folders.items())},
        "never_drawn": never,
        "never_drawn_bytes": never_bytes,
    }


def never_drawn_in(site: Path) -> tuple[int, int]:
    from spotcheck.site import lookup

    files = {
        f"lookup/codes/{p.name}": p.read_bytes() for p in (site / "lookup" / "codes").glob("*.txt")
    }
    return lookup.never_drawn_cost(files)


def size_table(figures: dict[str, Any]) -> None:
    parts = figures["parts_mb"]
    print(
        "  大小（MB）："
        + "，".join(f"{k} {v:.1f}" for k, v in parts.items())
        + f"，合计 {figures['total_mb']:.1f}"
    )
    print("  其中：" + "，".join(f"{k} {v:.1f}" for k, v in figures["folders_mb"].items()))
    if figures["never_drawn"]:
        print(
            f"  从未被抽中的检查对象 {figures['never_drawn']} 户，在查询文件中共 "
            f"{figures['never_drawn_bytes'] / 1e6:.2f} MB，每户 "
            f"{figures['never_drawn_bytes'] / figures['never_drawn']:.1f} 字节"
        )


CITY_FACTOR = 15  # issue #15: 3 million businesses, 15 × the district


def city_lookup(codes: int) -> tuple[int, float]:
    """The lookup's code index for `codes` never-drawn businesses with district-like credit
    codes (11 districts' division codes), built by `spotcheck.site.lookup` alone: (bytes,
    seconds)."""
    import random

    from spotcheck import uscc
    from spotcheck.site import lookup

    chooser = random.Random(15)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    divisions = [f"4401{n:02d}" for n in (3, 4, 5, 6, 11, 12, 13, 14, 15, 17, 18)]
    patterns: dict[str, int] = {}
    while len(patterns) < codes:
        org9 = "".join(chooser.choice(alphabet) for _ in range(9))
        code = uscc.make_code("9", chooser.choice("12"), chooser.choice(divisions), org9)
        patterns[code] = chooser.randrange(3000)
    started = time.perf_counter()
    files = lookup.build([], business_url="b/?id={uscc}", patterns=patterns)
    seconds = time.perf_counter() - started
    return sum(len(b) for p, b in files.items() if p.startswith("lookup/codes/")), seconds


def city_estimate(figures: dict[str, Any], codes: int) -> None:
    """Issue #15's city (3M businesses, draws and results at the district's rates): the code
    index is measured on a synthetic 3M-code list; everything else grows with the draws and
    results, so it is the district's size × CITY_FACTOR (an estimate, not a build)."""
    index_bytes, seconds = city_lookup(codes)
    district_index = sum(v for k, v in figures["folders_mb"].items() if k == "lookup/codes")
    rest = figures["total_mb"] - district_index
    total = rest * CITY_FACTOR + index_bytes / 1e6
    print(
        f"城市规模估算（{codes:,} 户，抽取与结果 × {CITY_FACTOR}）：代码索引实测 "
        f"{index_bytes / 1e6:.1f} MB（每户 {index_bytes / codes:.1f} 字节，生成 {seconds:.1f} 秒）；"
        f"其余按区县 × {CITY_FACTOR}：{rest * CITY_FACTOR:.0f} MB；合计约 {total:.0f} MB"
        f"（目标 ≤ 1000 MB，{'符合' if total <= 1000 else '超出'}）"
    )
    for part, mb in figures["parts_mb"].items():
        share = mb - (district_index if part == "查询" else 0)
        print(
            f"    {part}：区县 {mb:.1f} MB → 城市约 {share * CITY_FACTOR + (index_bytes / 1e6 if part == '查询' else 0):.0f} MB"
        )


def ensure_data(folder: Path, scale: float) -> None:
    if (folder / "records" / "draws").is_dir():
        return
    print(f"生成基准数据 {folder}（规模 {scale}）……", flush=True)
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "make_district.py"),
            "--out",
            str(folder),
            "--activity",
            "--scale-factor",
            str(scale),
        ],
        check=True,
        stdout=subprocess.DEVNULL,  # the progress bars go to stderr
    )


def run_build(data: Path, out: Path) -> tuple[float, int, int]:
    """`spotcheck build` in its own process, as people and CI run it (one build's memory and
    frozen GC generations do not weigh on the next); returns (seconds, generated pages, pages
    rendered: the others were unchanged and restored from the build cache)."""
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "spotcheck.cli",
            "build",
            "--repo",
            str(data),
            "--site-dir",
            str(out),
            "--today",
            TODAY.isoformat(),
            "--no-draw",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        cwd=REPO,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:] or done.stdout[-3000:])
    found = re.search(r"生成页面 (\d+) 个", done.stdout)
    rendered = re.search(r"重新渲染 (\d+) 个", done.stdout)
    phases = re.search(r"各步用时（秒）：(.*)", done.stdout)
    if phases:
        print(f"    {data.name} 构建 {seconds:.1f} 秒，各步（秒）：{phases.group(1)}", flush=True)
    pages = int(found.group(1)) if found else 0
    return seconds, pages, int(rendered.group(1)) if rendered else pages


def change_one_result(data: Path) -> tuple[Path, bytes]:
    """Add a finding to one published result, as a department's correction does; returns the
    file and its old bytes, to put back."""
    path = min((data / "records" / "results").rglob("*.yaml"))
    old = path.read_bytes()
    text = old.decode("utf-8")
    changed = re.sub(
        r"^(  - item: .*)$",
        r'\1\n    findings: "基准：改动一条检查结果"',
        text,
        count=1,
        flags=re.M,
    )
    path.write_text(changed, encoding="utf-8")
    return path, old


def records_site(
    label: str, data: Path, out: Path, *, warm: bool, one_result: bool = False
) -> dict[str, Any] | None:
    # cold: no parse cache, no cached validation report and no build cache, as on a fresh CI
    # runner
    shutil.rmtree(data / ".spotcheck-cache", ignore_errors=True)
    shutil.rmtree(data / ".git" / "spotcheck-cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    try:
        seconds, generated, _ = run_build(data, out)
    except RuntimeError as error:
        print(f"{label}：记录网站生成失败：\n{error}")
        return None
    figures = measure(out)
    figures["seconds"] = seconds
    figures["generated"] = generated
    figures["first_query_kb"] = first_query_kb(data, out)
    figures["warm_seconds"] = None
    figures["warm_rendered"] = None
    if warm or one_result:
        figures["warm_seconds"], _, figures["warm_rendered"] = run_build(data, out)
    figures["one_result_seconds"] = None
    if one_result:
        path, old = change_one_result(data)
        try:
            figures["one_result_seconds"], _, figures["one_result_rendered"] = run_build(data, out)
        finally:
            path.write_bytes(old)
    warm_text = (
        f"（有缓存重建 {figures['warm_seconds']:.1f} 秒）" if figures["warm_seconds"] else ""
    )
    print(f"{label}（{data.name}）", flush=True)
    if figures["one_result_seconds"]:
        warm_text = ""
        limit = "符合" if figures["one_result_seconds"] <= LIMIT_ONE_RESULT_SECONDS else "超出"
        print(
            f"  全量冷构建 {seconds:.1f} 秒（渲染 {generated} 页）｜"
            f"有缓存、无改动重建 {figures['warm_seconds']:.1f} 秒"
            f"（渲染 {figures['warm_rendered']} 页）｜"
            f"有缓存、改动一条检查结果后重建 {figures['one_result_seconds']:.1f} 秒"
            f"（渲染 {figures['one_result_rendered']} 页；目标 ≤ {LIMIT_ONE_RESULT_SECONDS} 秒，"
            f"{limit}）"
        )
    print(
        f"  构建用时 {seconds:.1f} 秒{warm_text}；HTML 页面 {figures['pages']} 个"
        f"（生成 {figures['generated']}），每页 {seconds / max(figures['pages'], 1) * 1000:.0f} 毫秒"
    )
    print(
        f"  网站合计 {figures['total_mb']:.1f} MB（{figures['files']} 个文件；"
        f"HTML {figures['html_mb']:.1f} MB，"
        f"查询分片 {figures['lookup_files']} 个共 {figures['lookup_mb']:.1f} MB）"
    )
    print(
        f"  最大页面 {figures['max_page_kb']:.1f} KB（{figures['largest']}），"
        f"超过 {LIMIT_PAGE_KB} KB 的页面 {figures['over_limit']} 个；"
        f"搜索索引 {figures['search_index_mb']:.2f} MB（{figures['search_index_files']} 个文件），"
        f"首次搜索下载 {first_query_text(figures)}；"
        f"下载文件合计 {figures['downloads_mb']:.1f} MB",
        flush=True,
    )
    size_table(figures)
    return figures


def first_query_text(figures: dict[str, Any]) -> str:
    if figures.get("first_query_kb") is None:
        return "未测（没有 /usr/bin/chromium）"
    return f"{figures['first_query_kb']:.0f} KB（浏览器实测）"


def generated_pages(data: Path) -> list[tuple[str, str]]:
    """The Markdown pages the plugin generates for `data` (src_uri, content), for the plain
    comparison: the same pages, built without the plugin and with all of them in the nav."""
    from spotcheck.records import load
    from spotcheck.schemas import SchemaSet
    from spotcheck.site import public, sections

    records = public.public_records(load(data), SchemaSet())
    content = sections.build_site(records, today=TODAY, audit=None, evidence={})
    return sorted((p.src_uri, p.content) for p in content.pages)


def plain_site(every: list[tuple[str, str]], count: int, folder: Path) -> dict[str, Any]:
    """Plain MkDocs + Material (no spotcheck plugin) on `count` of the site's pages, picked
    evenly, with every page in the navigation (no `nav:` key: MkDocs lists them all)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from spotcheck.site.defaults import SEARCH_SEPARATOR

    docs = folder / "docs"
    docs.mkdir(parents=True)
    step = len(every) / count
    chosen = [every[int(n * step)] for n in range(count)]
    if not any(src == "index.md" for src, _ in chosen):
        (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    for src, text in chosen:
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text(text, encoding="utf-8")
    config_file = folder / "mkdocs.yml"
    config_file.write_text(
        "site_name: 对照\n"
        "theme:\n  name: material\n  language: zh\n  font: false\n"
        f"plugins:\n  - search:\n      separator: '{SEARCH_SEPARATOR}'\n"
        "markdown_extensions:\n  - attr_list\n  - tables\n  - toc:\n      permalink: true\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    build(load_config(config_file=str(config_file), site_dir=str(folder / "site")))
    seconds = time.perf_counter() - started
    figures = measure(folder / "site")
    figures["seconds"] = seconds
    print(f"对照：MkDocs + Material，本网站的 {count} 个页面，全部在导航中", flush=True)
    print(
        f"  构建用时 {seconds:.1f} 秒（每页 {seconds / max(count, 1) * 1000:.0f} 毫秒）；"
        f"HTML {figures['html_mb']:.1f} MB（网站合计 {figures['total_mb']:.1f} MB）；"
        f"最大页面 {figures['max_page_kb']:.1f} KB；超过 {LIMIT_PAGE_KB} KB 的页面 {figures['over_limit']} 个；"
        f"搜索索引 {figures['search_index_mb']:.2f} MB"
        f"（gzip 后 {figures['search_index_gzip_kb']:.0f} KB，即首次搜索的下载量）；"
        f"下载文件合计 {figures['downloads_mb']:.1f} MB",
        flush=True,
    )
    return figures


def ratio_line(name: str, half: float, full: float) -> str:
    value = full / half if half else float("nan")
    verdict = "符合" if value <= 2.2 else "超出"
    return f"  {name}：一半 {half:.1f} → 全量 {full:.1f}，比值 {value:.2f}（目标 ≤ 2.2，{verdict}）"


def main() -> None:
    parser = argparse.ArgumentParser(description="公示网站构建基准（区县规模，一半与全量）")
    parser.add_argument("--half", type=Path, default=REPO / "bench-data" / "district-half")
    parser.add_argument("--full", type=Path, default=REPO / "bench-data" / "district")
    parser.add_argument(
        "--plain",
        type=int,
        nargs="*",
        default=[250, 500, 1000],
        help="对照站点的页数（默认 250 500 1000；不给数字则不做对照）",
    )
    parser.add_argument("--no-warm", action="store_true", help="不测有缓存的重建")
    parser.add_argument("--full-only", action="store_true", help="只测全量数据（不测一半）")
    parser.add_argument(
        "--one-result", action="store_true", help="另测改动一条检查结果后的重建时间"
    )
    parser.add_argument(
        "--city-codes",
        type=int,
        default=0,
        help="另按城市规模估算网站大小：在这么多个合成代码上生成查询索引（如 3000000）",
    )
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    half_dir, full_dir = args.half.resolve(), args.full.resolve()
    if not args.full_only:
        ensure_data(half_dir, 0.5)
    ensure_data(full_dir, 1.0)
    print(f"机器：{os.cpu_count()} 核；Python {sys.version.split()[0]}；today={TODAY}", flush=True)
    with tempfile.TemporaryDirectory(prefix="site-bench-") as temp:
        warm = not args.no_warm
        half = None
        if not args.full_only:
            half = records_site("记录网站·一半", half_dir, Path(temp) / "half", warm=warm)
            shutil.rmtree(Path(temp) / "half", ignore_errors=True)
        full = records_site(
            "记录网站·全量", full_dir, Path(temp) / "full", warm=warm, one_result=args.one_result
        )
        shutil.rmtree(Path(temp) / "full", ignore_errors=True)
        if full is not None and args.city_codes:
            city_estimate(full, args.city_codes)
        plain: dict[int, dict[str, Any]] = {}
        if args.plain and not args.full_only:
            every = generated_pages(half_dir)
            for count in args.plain:
                folder = Path(temp) / f"plain-{count}"
                plain[count] = plain_site(every, min(count, len(every)), folder)
                shutil.rmtree(folder, ignore_errors=True)
    if half is None or full is None:
        return
    print("线性检查（全量 / 一半）")
    print(ratio_line("构建用时（秒）", half["seconds"], full["seconds"]))
    print(ratio_line("网站合计（MB）", half["total_mb"], full["total_mb"]))
    print(ratio_line("HTML（MB）", half["html_mb"], full["html_mb"]))
    print(ratio_line("HTML 页面（个）", half["pages"], full["pages"]))
    print("限值")
    ok_time = full["seconds"] <= LIMIT_SECONDS
    print(
        f"  全量构建 {full['seconds']:.0f} 秒 ≤ {LIMIT_SECONDS} 秒：{'符合' if ok_time else '超出'}"
    )
    over = half["over_limit"] + full["over_limit"]
    print(f"  超过 {LIMIT_PAGE_KB} KB 的页面：{over} 个（最大 {full['max_page_kb']:.1f} KB）")
    index_ok = full["search_index_mb"] < LIMIT_INDEX_MB
    print(
        f"  搜索索引 {full['search_index_mb']:.2f} MB < {LIMIT_INDEX_MB} MB："
        f"{'符合' if index_ok else '超出'}"
    )
    if full.get("first_query_kb") is not None:
        query_ok = full["first_query_kb"] <= search_bench.FIRST_QUERY_LIMIT_KB
        print(
            f"  首次搜索下载 {full['first_query_kb']:.0f} KB ≤ {search_bench.FIRST_QUERY_LIMIT_KB} KB："
            f"{'符合' if query_ok else '超出'}"
        )
    if len(plain) >= 2:
        small, large = sorted(plain)[0], sorted(plain)[-1]
        growth = plain[large]["seconds"] / plain[small]["seconds"]
        print(
            f"对照站点 {small} → {large} 页（页数 ×{large / small:.1f}）：用时 ×{growth:.1f}，"
            f"HTML ×{plain[large]['html_mb'] / plain[small]['html_mb']:.1f}"
            "（全部进导航时每页都带着整个导航，大小按平方增长）"
        )
        # fit y = b·n + a·n² through the smallest and largest plain builds; an estimate only
        pages = full["pages"]
        for key, unit, scale in (("seconds", "分钟", 60), ("html_mb", "MB HTML", 1)):
            a = (plain[large][key] / large - plain[small][key] / small) / (large - small)
            b = plain[small][key] / small - a * small
            estimate = (b * pages + a * pages**2) / scale
            actual = full[key] / scale
            print(
                f"  外推（y = b·n + a·n²）：{pages} 页全部进导航约 {estimate:.1f} {unit}"
                f"（本网站实际 {actual:.1f} {unit}）"
            )


if __name__ == "__main__":
    main()
