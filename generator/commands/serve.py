"""`spotcheck serve`: preview the website locally; rebuilds when records or pages change."""

from __future__ import annotations

import argparse
import os

from spotcheck.commands.build import site_config
from spotcheck.commands.common import add_repo_option, resolve_repo


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="本地预览公示网站（记录修改后自动重新生成）",
        description="在本机启动预览服务器；records/ 与网站页面有修改时自动重新生成。",
    )
    add_repo_option(parser)
    parser.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="IP:端口",
        help="预览地址（默认 127.0.0.1:8000）",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    root = resolve_repo(args.repo)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with site_config(root, None) as config_file:
        # the plugin also watches records/ (on_serve); listing it here covers old plugin copies
        serve(
            config_file=str(config_file),
            livereload=True,
            watch=[str(root / "records")],
            dev_addr=args.dev_addr,
        )
    return 0
