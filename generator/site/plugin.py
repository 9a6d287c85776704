"""The MkDocs adapter: records in, generated pages out; the only module that knows MkDocs.

- `on_config`: load and validate the records (an error fails the build with the validator's
  messages), strip non-public fields (`public.py`), take site settings from config.yaml.
- `on_files`: add the generated pages (per-entity pages out of the navigation) and files.
- `on_page_markdown` / `on_page_content`: the record blocks of generated pages (raw HTML)
  skip Python-Markdown, which would only re-parse them tag by tag (`pages.hold_html_blocks`).
- `on_pre_page`: edit links point at the record's YAML, not at generated Markdown.
- `on_nav`: a generated page whose inputs did not change since the last build is not rendered
  again: it is left out of MkDocs's page loop and restored from the build cache
  (`build_cache.py`) with its search-index entries; the sitemap is written with it.
- `on_post_build`: write checkpoint.json (the history checkpoint of the commit built); fail
  when any page would load an asset from another host; then keep the rendered pages in the
  build cache.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from spotcheck import audit
from spotcheck.layout import RECORDS_DIR
from spotcheck.records import RecordSet, load
from spotcheck.report import blocks_publication, format_text
from spotcheck.schemas import SchemaSet
from spotcheck.site import (
    assets_check,
    build_cache,
    downloads_export,
    output_dir,
    pages,
    public,
    search,
    sections,
    weight,
)
from spotcheck.validation import validate

log = logging.getLogger("mkdocs.plugins.spotcheck")


class SpotcheckConfig(base.Config):
    records_root = c.Optional(c.Type(str))  # default: the folder of mkdocs.yml
    today = c.Optional(c.Type(str))  # YYYY-MM-DD: the day deadlines are judged on
    check_external_assets = c.Type(bool, default=True)
    # keep rendered pages in the build cache and restore the unchanged ones (build_cache.py)
    cache = c.Type(bool, default=True)


class SpotcheckPlugin(BasePlugin[SpotcheckConfig]):
    """Generates the disclosure site from the records (entry point `spotcheck`)."""

    def __init__(self) -> None:
        super().__init__()
        self.serving = False
        self._reset()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `serve` renders excluded pages as drafts and rebuilds in memory: no build cache there
        self.serving = command == "serve"

    def _reset(self) -> None:
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
        self.markdown: dict[str, str] = {}  # generated page → its Markdown
        self.jieba_words: list[str] = []
        self.input_digests: dict[str, str] = {}  # folder under records/ → digest of its files
        self.blobs: dict[str, str] = {}  # record file → its blob id
        self.page_cache: build_cache.PageCache | None = None
        self.env: Any = None
        self.nav: Navigation | None = None
        self.restored: dict[str, build_cache.Stored] = {}  # src_uri → the cached page
        self.render_keys: dict[str, str] = {}  # src_uri → key, of the pages rendered now
        self.entries: dict[str, list[dict[str, Any]]] = {}  # src_uri → its search entries
        self.entries_seen = 0
        self.rendered: list[str] = []  # src_uri of the pages rendered in this build
        self.files = Files([])
        self.phases: dict[str, float] = {}  # what the build spent its time on (seconds)
        self.previous: output_dir.PreviousOutput | None = None
        self.lap_started = time.perf_counter()

    def _lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - self.lap_started
        self.lap_started = now

    # --- configuration: load, validate, strip ----------------------------------------------

    @event_priority(100)  # before the search plugin reads its jieba settings
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()  # a fresh state for each build (`serve` builds again and again)
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
        self._lap("校验")
        errors = [m for m in checked.messages if blocks_publication(m)]
        if errors:
            raise PluginError("记录校验未通过，网站未生成：\n" + format_text(checked.messages))
        self.warnings = [m.text() for m in checked.messages]
        records = checked.records if checked.records is not None else load(self.root)
        self.input_digests = build_cache.folder_digests(records.files.values())
        self.blobs = {path: source.blob for path, source in records.files.items()}
        self.public = public.public_records(records, schemas)
        self.evidence = public.evidence_files(records, schemas)
        del records  # from here on only public data is in reach
        self._apply_site_settings(config)
        self._prepare_search(config, config_dir)
        self._lap("读取与公开视图")
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
        if search is None:  # the site's own search (Pagefind) segments Chinese itself
            return
        user_dict = getattr(getattr(search, "config", None), "jieba_dict_user", None)
        if user_dict and not os.path.isabs(user_dict):
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
                    self.jieba_words.append(str(department.data[key]))

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # the previous output is deleted while the pages are made, not before (output_dir.py)
        if not self.serving:
            self.previous = output_dir.PreviousOutput(Path(config.site_dir))

    def on_build_error(self, *, error: Exception) -> None:
        self._previous_output_gone()

    def _previous_output_gone(self) -> None:
        if self.previous is not None:
            self.previous.wait()
            self.previous = None

    # --- pages -----------------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.public is not None and self.root is not None
        self._lap("MkDocs 准备")
        derived = None
        if self.config.cache:
            derived = build_cache.DerivedCache(
                build_cache.cache_dir(self.root),
                build_cache.digest(
                    build_cache.code_digest(),
                    self.today.isoformat(),
                    str(config.use_directory_urls),
                    config.site_url or "",
                ),
                self.input_digests,
                self.blobs,
            )
        links, export_files = downloads_export.export_downloads(self.public, self.today, derived)
        self._lap("下载文件")
        content = sections.build_site(
            self.public,
            today=self.today,
            audit=audit.read_log(self.root),
            evidence=self.evidence,
            site_url=config.site_url or "",
            directory_urls=config.use_directory_urls,
            downloads=links,
            derived=derived,
        )
        self._lap("页面内容与查询数据")
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
            self.markdown[page.src_uri] = page.content
            added += 1
        for path, data in content.files.items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=data))
        self.edit_paths = content.edit_paths
        self.files = files
        self.summary = {
            "pages": added,
            "files": len(content.files),
            "lookup_files": sum(1 for p in content.files if p.startswith("lookup/")),
            "warnings": len(self.warnings),
        }
        return files

    # --- the build cache: unchanged pages are restored, not rendered ------------------------

    @event_priority(-100)  # after every plugin that changes the navigation
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        if not self.config.cache or self.serving or self.root is None:
            return nav
        cache = build_cache.PageCache(
            build_cache.cache_dir(self.root), self._site_setting(config, nav)
        )
        self.page_cache = cache
        for src in sorted(self.generated):
            file = files.get_file_from_path(src)
            if file is None or file.inclusion.is_in_nav():
                continue  # a page in the navigation is rendered every time (its neighbours)
            key = cache.key(src, self.markdown[src], self._edit_url(src, file, config))
            stored = cache.find(key)
            if stored is None:
                self.render_keys[src] = key
            else:
                self.restored[src] = stored
                file.inclusion = InclusionLevel.EXCLUDED  # MkDocs's page loop skips it
        self.summary["rendered"] = len(self.generated) - len(self.restored)
        self.summary["restored"] = len(self.restored)
        self._lap("页面键")
        return nav

    def _site_setting(self, config: MkDocsConfig, nav: Navigation) -> str:
        """Everything besides a page's own Markdown that its HTML and search entries are made
        of (see `build_cache`)."""
        here = Path(__file__).resolve().parent
        theme_dirs = [Path(d) for d in config.theme.dirs]
        custom = [d for d in theme_dirs if "site-packages" not in d.parts]
        material_plugin = config.plugins.get("material/search") or config.plugins.get("search")
        user_dict = getattr(getattr(material_plugin, "config", None), "jieba_dict_user", None)
        user_dict_bytes = b""
        if user_dict and Path(user_dict).is_file():
            user_dict_bytes = Path(user_dict).read_bytes()
        settings = {
            key: config.get(key)
            for key in (
                "site_name",
                "site_url",
                "site_description",
                "site_author",
                "repo_url",
                "repo_name",
                "edit_uri",
                "copyright",
                "use_directory_urls",
                "extra",
                "extra_css",
                "extra_javascript",
                "extra_templates",
                "markdown_extensions",
                "mdx_configs",
                "validation",
            )
        }
        settings["theme"] = {k: config.theme[k] for k in config.theme}
        settings["theme_dirs"] = [str(d) for d in theme_dirs]
        settings["plugins"] = {
            name: getattr(p, "config", None) for name, p in config.plugins.items()
        }
        settings["nav"] = [_nav_entry(item) for item in nav.items]
        return build_cache.digest(
            build_cache.package_versions(),
            build_cache.files_digest([*custom, here]),
            build_cache.canonical(settings),
            user_dict_bytes,
            "\n".join(self.jieba_words),
        )

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        material_search = _search_index(config)
        if material_search is not None:
            self.entries[page.file.src_uri] = material_search.entries[self.entries_seen :]
            self.entries_seen = len(material_search.entries)
        self.rendered.append(page.file.src_uri)
        return context

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.env = env
        return env

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
        # the page marked for the index, then the theme's indentation cut (~5 % of the HTML)
        return weight.compact(search.mark_searchable(output, page.meta))

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if self.edit_base is None:
            return page
        page.edit_url = self._edit_url(page.file.src_uri, page.file, config)
        return page

    def _edit_url(self, src: str, file: File, config: MkDocsConfig) -> str | None:
        """A page's edit link: the record's YAML for a generated page, the page's own file for
        a hand-written one in the records repository."""
        if self.edit_base is None:
            return None
        if src in self.edit_paths:
            return self.edit_base + self.edit_paths[src]
        if file.generated_by is not None:
            return None
        docs = Path(config.docs_dir).resolve()
        assert self.root is not None
        try:
            return self.edit_base + f"{docs.relative_to(self.root).as_posix()}/{src}"
        except ValueError:
            return None  # the packaged pages are not in the records repository

    # --- serving and checking --------------------------------------------------------------

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.root is not None:
            server.watch(str(self.root / "records"))
        return server

    @event_priority(50)  # before the search plugin writes its index
    def _restore_cached_pages(self, *, config: MkDocsConfig) -> None:
        """Put the restored pages into the site, their search entries into the index in the
        order a full build gives them, and write the sitemap with them."""
        self._lap("MkDocs 渲染与写出")
        self._previous_output_gone()  # before anything reads the output folder
        self._lap("删除上次的输出")
        if not self.restored:
            return
        files = self.files
        for src, stored in self.restored.items():
            file = files.get_file_from_path(src)
            assert file is not None
            assert self.page_cache is not None
            self.page_cache.restore(stored, Path(file.abs_dest_path))
        material_search = _search_index(config)
        if material_search is not None:
            # the restored pages' entries go back where the pages stand among the files
            ordered: list[dict[str, Any]] = []
            for file in files:
                src = file.src_uri
                if src in self.restored:
                    ordered += self.restored[src].entries
                elif src in self.entries:
                    ordered += self.entries[src]
            material_search.entries = ordered
        for src in self.restored:
            file = files.get_file_from_path(src)
            assert file is not None
            file.inclusion = InclusionLevel.NOT_IN_NAV
            if file.page is None:
                Page(None, file, config)
        if "sitemap.xml" in config.theme.static_templates and self.env is not None:
            assert self.nav is not None
            from mkdocs.commands.build import _build_theme_template

            _build_theme_template("sitemap.xml", self.env, files, config, self.nav)
        self._lap("恢复未变页面")

    def _check_site(self, *, config: MkDocsConfig) -> None:
        if not search.uses_material_search(config.plugins):
            try:
                self.summary["search"] = search.index_site(
                    Path(config.site_dir),
                    build_cache.cache_dir(self.root) / "pagefind"
                    if self.config.cache and self.root is not None and not self.serving
                    else None,
                )
            except search.SearchIndexError as error:
                raise PluginError(str(error)) from None
        self._lap("搜索索引")
        _write_checkpoint(self.root, Path(config.site_dir))
        self._lap("历史检查点")
        if self.config.check_external_assets:
            self._check_assets(config)
        self._lap("外部资源检查")
        self._keep_rendered_pages(config)
        self._lap("写入构建缓存")
        self.summary["phases"] = dict(self.phases)

    on_post_build = CombinedEvent(_restore_cached_pages, _check_site)

    def _keep_rendered_pages(self, config: MkDocsConfig) -> None:
        """Store the pages rendered in this build (after the checks passed: a page that failed
        one is never restored), and drop what this build did not use."""
        cache = self.page_cache
        if cache is None:
            return
        keys = {src: stored.key for src, stored in self.restored.items()}
        for src in self.rendered:
            key = self.render_keys.get(src)
            if key is None:
                continue
            file = self.files.get_file_from_path(src)
            assert file is not None
            cache.store(key, Path(file.abs_dest_path), self.entries.get(src, []))
            keys[src] = key
        cache.prune(keys.values())

    def _check_assets(self, config: MkDocsConfig) -> None:
        own = {urlsplit(config.site_url).hostname} if config.site_url else set()
        found = assets_check.find_external_assets(
            Path(config.site_dir),
            frozenset(h for h in own if h),
            # a restored page is the bytes of a page that passed this check under the same
            # settings (the site's address is part of them)
            skip={self.files.get_file_from_path(src).dest_uri for src in self.restored},  # type: ignore[union-attr]
        )
        if found:
            shown = "\n".join(f"  {a.text()}" for a in found[:50])
            more = f"\n  …共 {len(found)} 处" if len(found) > 50 else ""
            raise PluginError(
                "网站引用了其他站点的资源（字体、脚本、样式或图片）。政府网站不得从第三方站点加载内容，"
                f"请改为本站文件：\n{shown}{more}"
            )


def _search_index(config: MkDocsConfig) -> Any:
    """Material's search index being built (None without the search plugin)."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    return getattr(search, "search_index", None)


def _nav_entry(item: Any) -> Any:
    """A navigation item as plain data: its title and URL, and its children."""
    children = getattr(item, "children", None)
    return [
        str(getattr(item, "title", "")),
        str(getattr(item, "url", "") or ""),
        [_nav_entry(child) for child in children or []],
    ]


def edit_base(repo_url: str, edit_uri: str) -> str:
    """The edit address of the repository's root. `edit_uri` names the root ("edit/main/") or,
    as config.yaml's example has it, the records folder ("edit/main/records/"); the pages'
    edit paths are relative to the root ("records/plans/…"), so a trailing "records" of
    `edit_uri` is dropped (else links read `…/edit/main/records/records/plans/…`)."""
    parts = [p for p in edit_uri.strip("/").split("/") if p]
    if parts and parts[-1] == RECORDS_DIR:
        parts = parts[:-1]
    return repo_url.rstrip("/") + "/" + "".join(p + "/" for p in parts)


def _write_checkpoint(root: Path | None, site_dir: Path) -> None:
    """checkpoint.json at the site root: HEAD and the blob id of every draw file and published
    result (`spotcheck.trust.checkpoint`), so that anyone can later prove that a history
    extends what this site showed.  Outside git there is no history to vouch for."""
    from spotcheck.trust.history_check import current_checkpoint, head_id

    if root is None or head_id(root) is None:
        log.warning("记录目录不在 git 仓库中或还没有提交：未生成历史检查点 checkpoint.json")
        return
    text = json.dumps(current_checkpoint(root), ensure_ascii=False, indent=1) + "\n"
    (site_dir / "checkpoint.json").write_text(text, encoding="utf-8")
