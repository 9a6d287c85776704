"""Build the public site for district-scale records and compare with a plain MkDocs site.

    python benchmarks/make_district.py --out bench-data/district     # 200k targets (slow)
    python benchmarks/site_bench.py --data bench-data/district --today 2026-03-01
    python benchmarks/site_bench.py --plain 500 1000                 # example records

Prints, for the records site: build time, pages, largest page, search index and lookup sizes.
For comparison it builds plain MkDocs + Material sites of N small Chinese pages with every
page in the navigation (the layout that grows with the square of the page count), in the
same run, so the figures come from the same machine and load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.commands.build import BuildError, build_site  # noqa: E402


def measure(site: Path) -> dict[str, float]:
    html = [p for p in site.rglob("*.html")]
    files = [p for p in site.rglob("*") if p.is_file()]
    index = site / "search" / "search_index.json"
    lookup = (
        [p for p in (site / "lookup").rglob("*") if p.is_file()]
        if (site / "lookup").is_dir()
        else []
    )
    largest = max(html, key=lambda p: p.stat().st_size) if html else None
    return {
        "pages": len(html),
        "max_page_kb": (largest.stat().st_size / 1024) if largest else 0.0,
        "largest": str(largest.relative_to(site)) if largest else "",
        "search_index_mb": index.stat().st_size / 1e6 if index.exists() else 0.0,
        "lookup_files": len(lookup),
        "lookup_mb": sum(p.stat().st_size for p in lookup) / 1e6,
        "total_mb": sum(p.stat().st_size for p in files) / 1e6,
    }


def records_site(data: Path, today: dt.date | None, out: Path) -> None:
    started = time.perf_counter()
    try:
        summary = build_site(data, out, today)
    except BuildError as error:
        print(f"记录网站生成失败（可用 --today 指定与数据相符的日期）：\n{str(error)[:3000]}")
        return
    seconds = time.perf_counter() - started
    figures = measure(out)
    print(f"记录网站（{data}）")
    print(
        f"  构建用时 {seconds:.1f} 秒；HTML 页面 {figures['pages']:.0f} 个"
        f"（生成 {summary['pages']}，其中检查对象页 {summary['business_pages']}）"
    )
    print(
        f"  最大页面 {figures['max_page_kb']:.0f} KB（{figures['largest']}）；"
        f"搜索索引 {figures['search_index_mb']:.2f} MB；"
        f"查询分片 {figures['lookup_files']:.0f} 个共 {figures['lookup_mb']:.1f} MB；"
        f"网站合计 {figures['total_mb']:.1f} MB"
    )
    if figures["pages"]:
        print(f"  每页 {seconds / figures['pages'] * 1000:.1f} 毫秒")


PLAIN_PAGE = """# 第 {n} 号检查对象

广州市花都区测试{n}号餐饮有限公司，统一社会信用代码 9144011400000{n:05d}。

| 抽查任务 | 检查结果 | 公示日期 |
|---|---|---|
| 2026-SCJG-01 | 未发现问题 | 2026-04-28 |
"""


def plain_site(count: int, folder: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = folder / "docs"
    (docs / "p").mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    for n in range(count):
        (docs / "p" / f"{n:05d}.md").write_text(PLAIN_PAGE.format(n=n), encoding="utf-8")
    config_file = folder / "mkdocs.yml"
    config_file.write_text(
        "site_name: 对照\ntheme:\n  name: material\n  language: zh\n  font: false\n"
        "plugins:\n  - search:\n      separator: '[\\s\\u200b\\-]+'\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    build(load_config(config_file=str(config_file), site_dir=str(folder / "site")))
    seconds = time.perf_counter() - started
    figures = measure(folder / "site")
    print(f"对照：MkDocs + Material，{count} 页全部在导航中")
    print(
        f"  构建用时 {seconds:.1f} 秒（每页 {seconds / max(count, 1) * 1000:.1f} 毫秒）；"
        f"最大页面 {figures['max_page_kb']:.0f} KB；搜索索引 {figures['search_index_mb']:.2f} MB；"
        f"网站合计 {figures['total_mb']:.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="公示网站构建基准")
    default = REPO / "bench-data" / "district"
    parser.add_argument(
        "--data",
        type=Path,
        default=default if (default / "records").is_dir() else REPO,
        help="含 records/ 的目录（默认 bench-data/district，没有则用本仓库的示例记录）",
    )
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="校验使用的日期")
    parser.add_argument(
        "--plain",
        type=int,
        nargs="*",
        default=[500, 1000],
        help="对照站点的页数（默认 500 1000；0 个参数则不做对照）",
    )
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="site-bench-") as temp:
        records_site(args.data.resolve(), args.today, Path(temp) / "records-site")
        for count in args.plain:
            folder = Path(temp) / f"plain-{count}"
            plain_site(count, folder)
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
