"""The MkDocs adapter: records in, generated pages out; the only module that knows MkDocs.

- `on_config`: load and validate the records (an error fails the build with the validator's
  messages), strip non-public fields (`public.py`), take site settings from config.yaml.
- `on_files`: add the generated pages (per-entity pages out of the navigation) and files.
- `on_page_markdown` / `on_page_content`: the record blocks of generated pages (raw HTML)
  skip Python-Markdown, which would only re-parse them tag by tag (`pages.hold_html_blocks`).
- `on_pre_page`: edit links point at the record's YAML, not at generated Markdown.
- `on_post_build`: write checkpoint.json (the history checkpoint of the commit built); fail
  when any page would load an asset from another host.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator import audit
from generator.layout import RECORDS_DIR
from generator.records import RecordSet, load
from generator.report import blocks_publication, format_text
from generator.schemas import SchemaSet
from generator.site import assets_check, pages, public, sections, weight
from generator.validation import validate

log = logging.getLogger("mkdocs.plugins.spotcheck")


class SpotcheckConfig(base.Config):
    records_root = c.Optional(c.Type(str))  # default: the folder of mkdocs.yml
    today = c.Optional(c.Type(str))  # YYYY-MM-DD: the day deadlines are judged on
    check_external_assets = c.Type(bool, default=True)


class SpotcheckPlugin(BasePlugin[SpotcheckConfig]):
    """Generates the disclosure site from the records (entry point `spotcheck`)."""

    def __init__(self) -> None:
        super().__init__()
        self.root: Path | None = None
        self.today = dt.date.today()
        self.public: RecordSet | None = None
        self.evidence: dict[str, bytes] = {}
        self.edit_paths: dict[str, str] = {}
        self.edit_base: str | None = None
        self.summary: dict[str, Any] = {}
        self.warnings: list[str] = []
        self.generated: set[str] = set()  # src_uri of the pages made from records
        self.held_blocks: list[str] = []

    # --- configuration: load, validate, strip ----------------------------------------------

    @event_priority(100)  # before the search plugin reads its jieba settings
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config_dir = Path(config.config_file_path or ".").resolve().parent
        root = Path(self.config.records_root or config_dir)
        self.root = (root if root.is_absolute() else config_dir / root).resolve()
        if self.config.today:
            try:
                self.today = dt.date.fromisoformat(self.config.today)
            except ValueError:
                raise PluginError(
                    f"spotcheck 插件的 today 应为 YYYY-MM-DD：{self.config.today}"
                ) from None
        if not (self.root / "records").is_dir():
            raise PluginError(f"{self.root} 下没有 records/ 目录：请在插件设置 records_root")
        schemas = SchemaSet()
        checked = validate(self.root, today=self.today, schemas=schemas)
        errors = [m for m in checked.messages if blocks_publication(m)]
        if errors:
            raise PluginError("记录校验未通过，网站未生成：\n" + format_text(checked.messages))
        self.warnings = [m.text() for m in checked.messages]
        records = checked.records if checked.records is not None else load(self.root)
        self.public = public.public_records(records, schemas)
        self.evidence = public.evidence_files(records, schemas)
        del records  # from here on only public data is in reach
        self._apply_site_settings(config)
        self._prepare_search(config, config_dir)
        return config

    def _apply_site_settings(self, config: MkDocsConfig) -> None:
        assert self.public is not None
        site = self.public.config.get("site") or {}
        if site.get("title"):
            config.site_name = str(site["title"])
        if not config.site_url and site.get("url"):
            config.site_url = str(site["url"])
        if not config.repo_url and site.get("repo_url"):
            config.repo_url = str(site["repo_url"])
            config.repo_name = config.repo_name or "记录仓库"
        edit_uri = site.get("edit_uri") or config.edit_uri
        if config.repo_url and edit_uri:
            config.edit_uri = str(edit_uri)
            self.edit_base = edit_base(config.repo_url, str(edit_uri))
        if config.nav is None:
            config.nav = [{title: src} for title, src in sections.NAV]

    def _prepare_search(self, config: MkDocsConfig, config_dir: Path) -> None:
        """Material reads `jieba_dict_user` relative to the working directory; make it
        relative to mkdocs.yml (or the docs folder) so `--repo DIR` builds find it too.
        Department names are added as words, so they are never cut apart."""
        search = config.plugins.get("material/search") or config.plugins.get("search")
        user_dict = getattr(getattr(search, "config", None), "jieba_dict_user", None)
        if search is not None and user_dict and not os.path.isabs(user_dict):
            for base_dir in (config_dir, Path(config.docs_dir)):
                if (base_dir / user_dict).is_file():
                    search.config.jieba_dict_user = str(base_dir / user_dict)
                    break
        try:
            import jieba
        except ImportError:
            return
        jieba.setLogLevel(logging.WARNING)  # its progress lines are noise in build output
        assert self.public is not None
        for department in self.public.of("department"):
            for key in ("name", "short_name"):
                if department.data.get(key):
                    jieba.add_word(str(department.data[key]), freq=100000)

    # --- pages -----------------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.public is not None and self.root is not None
        links, export_files = _export_downloads(self.public, self.today)
        content = sections.build_site(
            self.public,
            today=self.today,
            audit=audit.read_log(self.root),
            evidence=self.evidence,
            site_url=config.site_url or "",
            directory_urls=config.use_directory_urls,
            downloads=links,
        )
        for path, data in export_files.items():
            content.files.setdefault(path, data)
        added = 0
        for page in content.pages:
            if files.get_file_from_path(page.src_uri) is not None:
                log.info("手写页面 %s 优先于生成的同名页面", page.src_uri)
                continue
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(
                File.generated(config, page.src_uri, content=page.content, inclusion=inclusion)
            )
            self.generated.add(page.src_uri)
            added += 1
        for path, data in content.files.items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=data))
        self.edit_paths = content.edit_paths
        self.summary = {
            "pages": added,
            "files": len(content.files),
            "lookup_files": sum(1 for p in content.files if p.startswith("lookup/")),
            "warnings": len(self.warnings),
        }
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri not in self.generated:
            return markdown
        held, self.held_blocks = pages.hold_html_blocks(markdown)
        return held

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # MkDocs converts one page at a time: markdown → content of the same page
        if page.file.src_uri not in self.generated:
            return html
        restored = pages.restore_html_blocks(html, self.held_blocks)
        self.held_blocks = []
        return pages.exclude_from_search(restored)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return weight.compact(output)  # the theme's indentation, ~5 % of the HTML

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if self.edit_base is None:
            return page
        src = page.file.src_uri
        if src in self.edit_paths:
            page.edit_url = self.edit_base + self.edit_paths[src]
        elif page.file.generated_by is None:
            docs = Path(config.docs_dir).resolve()
            assert self.root is not None
            try:
                folder = docs.relative_to(self.root).as_posix()
                page.edit_url = self.edit_base + f"{folder}/{src}"
            except ValueError:
                page.edit_url = None  # the packaged pages are not in the records repository
        else:
            page.edit_url = None
        return page

    # --- serving and checking --------------------------------------------------------------

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.root is not None:
            server.watch(str(self.root / "records"))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        _write_checkpoint(self.root, Path(config.site_dir))
        if not self.config.check_external_assets:
            return
        own = {urlsplit(config.site_url).hostname} if config.site_url else set()
        found = assets_check.find_external_assets(
            Path(config.site_dir), frozenset(h for h in own if h)
        )
        if found:
            shown = "\n".join(f"  {a.text()}" for a in found[:50])
            more = f"\n  …共 {len(found)} 处" if len(found) > 50 else ""
            raise PluginError(
                "网站引用了其他站点的资源（字体、脚本、样式或图片）。政府网站不得从第三方站点加载内容，"
                f"请改为本站文件：\n{shown}{more}"
            )


def edit_base(repo_url: str, edit_uri: str) -> str:
    """The edit address of the repository's root. `edit_uri` names the root ("edit/main/") or,
    as config.yaml's example has it, the records folder ("edit/main/records/"); the pages'
    edit paths are relative to the root ("records/plans/…"), so a trailing "records" of
    `edit_uri` is dropped (else links read `…/edit/main/records/records/plans/…`)."""
    parts = [p for p in edit_uri.strip("/").split("/") if p]
    if parts and parts[-1] == RECORDS_DIR:
        parts = parts[:-1]
    return repo_url.rstrip("/") + "/" + "".join(p + "/" for p in parts)


# An export file larger than this is published zipped: a district's target and result tables
# are tens of MB each as CSV and JSON, a tenth of that zipped, and ZIP opens everywhere
# (Windows Explorer, macOS, Excel users); the file inside keeps its name and format.
ZIP_ABOVE_BYTES = 1_000_000
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed: the same data gives the same bytes


def published_download(path: str, data: bytes) -> tuple[str, bytes]:
    """The path and bytes a download is published as (zipped above `ZIP_ABOVE_BYTES`)."""
    if len(data) <= ZIP_ABOVE_BYTES:
        return path, data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo(path.rsplit("/", 1)[-1], date_time=_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        # level 3: at district scale ~330 MB are zipped on every build; level 3 costs about
        # what level 1 does (1.2 s against 1.05 s for the 65 MB draw table) for files ~6 %
        # smaller; level 6 took ~4x the time for files ~12 % smaller
        archive.writestr(info, data, compresslevel=3)
    return path + ".zip", buffer.getvalue()


def _export_downloads(
    records: RecordSet, today: dt.date
) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """Open data and GSXT files from `generator.exports` (entries for the downloads page: name,
    description and each format's file, and the files). `records` is the public view, so the
    exports see public values only."""
    try:
        from generator.exports.gsxt import write_gsxt
        from generator.exports.opendata import write_opendata
    except ImportError:
        return [], {}
    from generator.site.views import kind_title

    exported: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="spotcheck-exports-") as temp:
        folder = Path(temp)
        written = [*write_opendata(records, SchemaSet(), folder / "opendata")]
        written += write_gsxt(records, folder / "gsxt", today=today)
        for path in written:
            exported["downloads/" + path.relative_to(folder).as_posix()] = path.read_bytes()
    files: dict[str, bytes] = {}
    formats: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(exported):
        published, data = published_download(path, exported[path])
        files[published] = data
        stem, _, extension = path.rpartition(".")
        formats.setdefault(stem, []).append(
            {
                "format": extension.upper(),
                "path": published,
                "bytes": len(data),
                "zipped": published != path,
            }
        )
    named = {
        "downloads/opendata/index": ("开放数据目录", "各类记录的数据文件清单"),
        "downloads/opendata/data-dictionary": ("数据字典", "每个字段的中文名称与说明"),
        "downloads/gsxt/gsxt": ("公示系统格式的抽查结果", "企业信用信息公示系统的字段"),
    }
    links: list[dict[str, Any]] = []
    for stem in sorted(formats, key=lambda s: (s not in named, s)):
        if stem in named:
            name, description = named[stem]
        elif stem.startswith("downloads/opendata/"):
            kind = stem.rsplit("/", 1)[-1]
            name, description = f"开放数据：{kind_title(kind)}", "全部公开字段，一条记录一行"
        else:
            continue
        links.append({"name": name, "description": description, "files": formats[stem]})
    return links, files


def _write_checkpoint(root: Path | None, site_dir: Path) -> None:
    """checkpoint.json at the site root: HEAD and the blob id of every draw file and published
    result (`generator.trust.checkpoint`), so that anyone can later prove that a history
    extends what this site showed.  Outside git there is no history to vouch for."""
    from generator.trust.history_check import current_checkpoint, head_id

    if root is None or head_id(root) is None:
        log.warning("记录目录不在 git 仓库中或还没有提交：未生成历史检查点 checkpoint.json")
        return
    text = json.dumps(current_checkpoint(root), ensure_ascii=False, indent=1) + "\n"
    (site_dir / "checkpoint.json").write_text(text, encoding="utf-8")
