"""The build cache: a generated page whose inputs did not change is not rendered again.

MkDocs turns every page's Markdown into HTML and wraps it in the theme on every build; at
district scale that is most of a rebuild, although one changed result changes a handful of
pages. So each generated page gets a key: the digest of everything its HTML is made from —

- the page itself: its path, its Markdown (front matter included; the sections render it
  from public records only, so it already holds every record value the page shows), its edit
  link;
- the site's setting (`site_setting`): the MkDocs configuration as the plugins left it, the
  navigation, the theme's own files, the search settings and the words added to the Chinese
  segmenter, and the versions of the code that renders (spotcheck, MkDocs, Material, …).

A page whose key was built before is restored from the cache (its HTML and its search-index
entries), byte for byte what rendering it would give; the others are rendered and stored. The
cache sits beside the parse cache (`.git/spotcheck-cache/site-…/`), holds what the last build
needed, and is written only after a build passed its checks.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from spotcheck import __version__
from spotcheck.records.cache import write_atomically
from spotcheck.records.sources import sources_digest

CACHE_FORMAT = f"site-v1-{__version__}"
# the packages whose code turns a page's Markdown into its HTML and search entries
T = TypeVar("T")
RENDERING_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jieba")


def cache_dir(root: Path) -> Path:
    """Where the site cache of the repository at `root` lives (beside the parse cache)."""
    git_dir = root / ".git"
    base = git_dir if git_dir.is_dir() else root / ".spotcheck-cache"
    return base / "spotcheck-cache" / CACHE_FORMAT


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def files_digest(folders: Iterable[Path]) -> str:
    """The digest of every file under `folders` (paths and bytes), for theme overrides and
    the package's own rendering code."""
    h = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def package_versions() -> str:
    found = [f"spotcheck {__version__}"]
    for name in RENDERING_PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return "\n".join(found)


def canonical(value: Any) -> str:
    """A stable text of a configuration value (plugin objects and the like by their type)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=_fallback)


def _fallback(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if isinstance(value, (list, tuple)):
        return list(value)
    if hasattr(value, "items"):  # MkDocs's config objects
        return {str(k): v for k, v in value.items()}
    return type(value).__name__


@dataclass
class Stored:
    """What a rendered page leaves: its output file's bytes and its search-index entries."""

    key: str
    html: Path
    entries: list[dict[str, Any]]


@dataclass
class PageCache:
    """The pages of the last build, by key (see the module's text)."""

    folder: Path
    setting: str
    used: dict[str, str] = field(default_factory=dict)  # key → src_uri, of this build

    def key(self, src_uri: str, markdown: str, edit_url: str | None) -> str:
        return digest(self.setting, src_uri, markdown, edit_url or "")

    def _html(self, key: str) -> Path:
        return self.folder / "pages" / key[:2] / f"{key}.html"

    def _entries(self, key: str) -> Path:
        return self.folder / "pages" / key[:2] / f"{key}.json"

    def find(self, key: str) -> Stored | None:
        """The stored page of `key`, if both its parts are there and readable."""
        html, entries = self._html(key), self._entries(key)
        try:
            found = json.loads(entries.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(found, list) or not html.is_file():
            return None
        return Stored(key, html, found)

    def restore(self, stored: Stored, destination: Path) -> None:
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stored.html, destination)

    def store(self, key: str, output: Path, entries: list[dict[str, Any]]) -> None:
        """Keep a freshly rendered page (a page whose output was not written is not kept)."""
        if not output.is_file():
            return
        target = self._html(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            shutil.copyfile(output, temporary)
            temporary.replace(target)
        except OSError:
            return  # a cache that cannot be written only costs time
        write_atomically(self._entries(key), json.dumps(entries, ensure_ascii=False).encode())

    def prune(self, keep: Iterable[str]) -> None:
        """Drop the stored pages this build did not use, so the cache holds one site."""
        wanted = set(keep)
        pages = self.folder / "pages"
        if not pages.is_dir():
            return
        for path in pages.rglob("*"):
            if path.is_file() and path.name.split(".", 1)[0] not in wanted:
                with contextlib.suppress(OSError):
                    path.unlink()


def folder_digests(sources: Iterable[Any]) -> dict[str, str]:
    """The digest of each top folder under records/ ("results", "draws", …; a file at the
    top by its name), from the files' paths and blob ids: the inputs a derived value names."""
    groups: dict[str, list[Any]] = {}
    for source in sources:
        parts = str(source.path).split("/")
        groups.setdefault(parts[1] if len(parts) > 1 else parts[0], []).append(source)
    return {name: sources_digest(found) for name, found in sorted(groups.items())}


def code_digest() -> str:
    """The digest of the package's code, templates and schemas: a derived value is computed
    again when the code that computes it changed."""
    from spotcheck.schemas import schemas_dir

    return files_digest([Path(__file__).resolve().parents[1], schemas_dir()])


@dataclass
class DerivedCache:
    """Values computed from some of the records (a section's tables, the downloads), kept by
    the digest of exactly those inputs, so an unrelated change does not compute them again.

    `inputs` maps an input's name (a folder under records/, see `folder_digests`) to its
    digest; `setting` holds what every value depends on (the code, the build date)."""

    folder: Path
    setting: str
    inputs: Mapping[str, str]
    blobs: Mapping[str, str] = field(default_factory=dict)  # record file path → its blob id

    def records_digest(self, paths: Iterable[str]) -> str | None:
        """The digest of the files of some records (each file once, in path order); None when
        one of them is not known (then the value cannot be kept)."""
        parts = []
        for path in sorted(set(paths)):
            blob = self.blobs.get(path)
            if not blob:
                return None
            parts.append(f"{path}\0{blob}")
        return digest(*parts)

    def _path(self, name: str, needs: Iterable[str], records: str) -> Path:
        key = digest(
            self.setting, name, records, *(f"{n}={self.inputs.get(n, '-')}" for n in needs)
        )
        return self.folder / "derived" / name / f"{key}.pickle"

    def find(self, name: str, needs: Iterable[str] = (), *, records: str = "") -> Any:
        """The value `get` would give without computing it, or None when it is not kept."""
        try:
            with self._path(name, needs, records).open("rb") as handle:
                return pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError):
            return None

    def get(
        self, name: str, needs: Iterable[str], compute: Callable[[], T], *, records: str = ""
    ) -> T:
        """`compute()`, or its value of an earlier build with the same inputs: the folders it
        `needs` and the digest of the single `records` it reads besides (`records_digest`)."""
        path = self._path(name, needs, records)
        folder = path.parent
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)  # type: ignore[no-any-return]
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError):
            pass
        value = compute()
        write_atomically(path, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        for other in folder.glob("*.pickle"):
            if other != path:
                with contextlib.suppress(OSError):
                    other.unlink()
        return value
