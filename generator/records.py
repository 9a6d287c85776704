"""Loading every record under `records/` — from the working tree or from a git commit.

Parsing is cached by content: a file's git blob id (SHA-1 of "blob <size>\\0" + bytes) is
its content hash, free when reading a commit's tree; the cache keeps one pack per folder,
keyed by its files' paths and blob ids, so an unchanged folder is never parsed twice. The
cache lives in `.git/spotcheck-cache/` (never committed).
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import posixpath
import subprocess
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__, yamlio
from generator.layout import IGNORED, RECORDS_DIR, FileRule, record_id, rule_for
from generator.report import Message

CACHE_FORMAT = f"records-v3-{__version__}"


def blob_id(data: bytes) -> str:
    """The git blob id of these bytes (what `git hash-object` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@dataclass
class Record:
    kind: str
    id: str
    data: dict[str, Any]
    path: str  # relative to the repository root, e.g. records/items/SCJG.yaml
    index: int | None = None  # position in a list file
    line_offset: int = 0  # lines before the YAML (front matter of Markdown)
    body: str | None = None  # Markdown body of a rules record

    def pointer(self, *inside: str | int) -> tuple[str | int, ...]:
        """Path of a value of this record within its file, for `yamlio.locate`."""
        return ((self.index,) if self.index is not None else ()) + inside


class SourceFile:
    """A file under records/: its path, git blob id and bytes, read when first needed — from
    disk (`disk`) or from the repository at `git_root` — so that files whose parsed records
    are cached are never read at all."""

    __slots__ = ("_data", "blob", "disk", "git_root", "path")

    def __init__(
        self,
        path: str,
        data: bytes | None,
        blob: str,
        disk: str | None = None,
        git_root: str | None = None,
    ) -> None:
        self.path = path  # relative to the repository root
        self._data = data
        self.blob = blob
        self.disk = disk
        self.git_root = git_root

    @property
    def data(self) -> bytes:
        if self._data is None:
            if self.git_root is not None:
                read_blobs([self])
            else:
                with open(self.disk or self.path, "rb") as handle:
                    self._data = handle.read()
        assert self._data is not None
        return self._data

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")

    def __getstate__(self) -> tuple[str, bytes, str]:
        return self.path, self.data, self.blob

    def __setstate__(self, state: tuple[str, bytes, str]) -> None:
        self.path, self._data, self.blob = state
        self.disk = None
        self.git_root = None


def read_blobs(sources: Iterable[SourceFile]) -> None:
    """Read the bytes of files from a commit that have none yet, one `git cat-file --batch`
    per repository."""
    by_root: dict[str, list[SourceFile]] = defaultdict(list)
    for source in sources:
        if source._data is None and source.git_root is not None:
            by_root[source.git_root].append(source)
    for root, wanted in by_root.items():
        request = "".join(f"{source.blob}\n" for source in wanted).encode()
        output = subprocess.run(
            ["git", "-C", root, "cat-file", "--batch"],
            input=request,
            check=True,
            capture_output=True,
        ).stdout
        position = 0
        for source in wanted:
            header_end = output.index(b"\n", position)
            size = int(output[position:header_end].split()[2])
            start = header_end + 1
            source._data = output[start : start + size]
            position = start + size + 1


@dataclass
class RecordSet:
    """Every record, indexed by kind and id; `problems` holds what could not be read."""

    records: list[Record] = field(default_factory=list)
    files: dict[str, SourceFile] = field(default_factory=dict)
    problems: list[Message] = field(default_factory=list)
    by_kind: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    index: dict[tuple[str, str], Record] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        self.records.append(record)
        self.by_kind[record.kind].append(record)
        self.index.setdefault((record.kind, record.id), record)

    def of(self, kind: str) -> list[Record]:
        return self.by_kind.get(kind, [])

    def get(self, kind: str, record_id: str) -> Record | None:
        return self.index.get((kind, record_id))

    @property
    def config(self) -> dict[str, Any]:
        found = self.of("config")
        return found[0].data if found else {}

    def digest(self) -> str:
        """A hash over every file's path and blob id: equal digests, equal records."""
        return sources_digest(self.files.values())


# --- sources -----------------------------------------------------------------------------


# A file modified within this many seconds of the last index write is hashed again even if
# its size and mtime match (git's "racily clean" rule).
RACY_SECONDS = 2.0


def working_tree_files(root: Path, cache: Path | None = None) -> Iterator[SourceFile]:
    """Every file under root/records, in path order (plain strings: 100,000 files).

    With a cache folder, a file whose size and modification time match the stat index keeps
    its blob id without being read, as git's own index does.
    """
    base = os.path.join(root, RECORDS_DIR)
    found: list[tuple[str, os.stat_result]] = []
    for folder, dirs, names in os.walk(base):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in names:
            if not name.startswith("."):
                found.append((f"{relative}/{name}", os.stat(os.path.join(folder, name))))
    found.sort()
    index_path = cache / "stat-index.pickle" if cache is not None else None
    index = _read_index(index_path)
    written_at = index.pop("", (0, 0, ""))[0] / 1e9 if index else 0.0
    fresh: dict[str, tuple[int, int, str]] = {}
    for relative, stat in found:
        disk = os.path.join(root, relative)
        known = index.get(relative)
        trusted = stat.st_mtime < written_at - RACY_SECONDS
        if known and known[:2] == (stat.st_mtime_ns, stat.st_size) and trusted:
            source = SourceFile(relative, None, known[2], disk)
        else:
            with open(disk, "rb") as handle:
                data = handle.read()
            source = SourceFile(relative, data, blob_id(data), disk)
        fresh[relative] = (stat.st_mtime_ns, stat.st_size, source.blob)
        yield source
    if index_path is not None and fresh != index:
        fresh[""] = (time.time_ns(), 0, "")
        write_atomically(index_path, pickle.dumps(fresh, pickle.HIGHEST_PROTOCOL))


def _read_index(path: Path | None) -> dict[str, tuple[int, int, str]]:
    if path is None:
        return {}
    try:
        with path.open("rb") as handle:
            index: dict[str, tuple[int, int, str]] = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError):
        return {}
    return index


def git_tree_files(root: Path, commit: str) -> Iterator[SourceFile]:
    """Every file under records/ as of `commit` (see `read_blobs` for their bytes)."""
    listing = subprocess.run(
        ["git", "-C", str(root), "ls-tree", "-r", "-z", commit, "--", RECORDS_DIR],
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    entries = []
    for line in listing:
        if not line:
            continue
        meta, path = line.split(b"\t", 1)
        _mode, kind, blob = meta.split()
        if kind == b"blob":
            entries.append((path.decode("utf-8"), blob.decode()))
    entries.sort()
    # Bytes are read later, and only for files whose records are not in the parse cache.
    for path, blob in entries:
        yield SourceFile(path, None, blob, git_root=str(root))


# --- parsing with a content-addressed cache ------------------------------------------------


def cache_dir(root: Path) -> Path:
    git_dir = root / ".git"
    base = git_dir if git_dir.is_dir() else root / ".spotcheck-cache"
    return base / "spotcheck-cache" / CACHE_FORMAT


ParsedFile = tuple[
    list[tuple[str, str, dict[str, Any], int | None, int, str | None]], list[Message]
]


def parse_file(source: SourceFile, rule: FileRule) -> ParsedFile:
    """Records of one file as plain tuples (kind, id, data, index, line offset, body)."""
    with gc_paused():  # also in worker processes
        return _parse_file(source, rule)


def _parse_file(source: SourceFile, rule: FileRule) -> ParsedFile:
    relative = source.path
    try:
        text = source.text
    except UnicodeDecodeError:
        return [], [_file_problem(relative, "文件不是 UTF-8 编码", "请以 UTF-8 保存")]
    body: str | None = None
    offset = 0
    try:
        if rule.markdown:
            header, body, body_offset = yamlio.split_front_matter(text, relative)
            offset = 1  # the opening ---
            data = yamlio.parse(header, relative, line_offset=offset)
            del body_offset
        else:
            data = yamlio.parse(text, relative)
    except yamlio.YamlSyntaxError as error:
        position = error.position
        return [], [
            Message(
                "error",
                relative,
                position.line if position else None,
                position.column if position else None,
                "",
                "",
                error.reason,
                hint="修正 YAML 语法后再校验",
                code="yaml-syntax",
            )
        ]
    records: list[tuple[str, str, dict[str, Any], int | None, int, str | None]] = []
    if rule.is_list:
        if data is None:
            return [], []
        if not isinstance(data, list):
            return [], [
                _file_problem(
                    relative, "此文件应为记录列表（每条记录以“- ”开头）", "参见 records/README.md"
                )
            ]
        for index, item in enumerate(data):
            if not isinstance(item, dict):
                return records, [
                    _file_problem(
                        relative, f"第 {index + 1} 项不是一条记录（应为 键: 值 映射）", ""
                    )
                ]
            records.append((rule.kind, record_id(rule, item), item, index, offset, None))
    else:
        if not isinstance(data, dict):
            return [], [
                _file_problem(
                    relative, "此文件应为一条记录（键: 值 映射）", "参见 records/README.md"
                )
            ]
        records.append((rule.kind, record_id(rule, data), data, None, offset, body))
    return records, []


def non_text_key(
    value: Any, path: tuple[str | int, ...]
) -> tuple[tuple[str | int, ...], Any] | None:
    """The first mapping key that is not a string (YAML allows them; records do not)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return path, key
            found = non_text_key(item, (*path, key))
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = non_text_key(item, (*path, index))
            if found:
                return found
    return None


def _file_problem(path: str, message: str, hint: str) -> Message:
    return Message("error", path, 1, 1, "", "", message, hint=hint, code="file-shape")


def read_sources(
    root: Path, commit: str | None = None, *, use_cache: bool = True
) -> list[SourceFile]:
    """The files under records/: of the working tree, or of `commit` if given."""
    if commit:
        return list(git_tree_files(root, commit))
    return list(working_tree_files(root, cache_dir(root) if use_cache else None))


def sources_digest(files: Iterable[SourceFile]) -> str:
    """A hash over every file's path and blob id: equal digests, equal records."""
    h = hashlib.sha256()
    for source in sorted(files, key=lambda f: f.path):
        h.update(f"{source.path}\0{source.blob}\n".encode())
    return h.hexdigest()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of small, acyclic objects:
    its repeated full scans made loading 200,000 cached targets 3.5× slower (4.6 s → 1.3 s)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load(
    root: Path,
    commit: str | None = None,
    *,
    files: list[SourceFile] | None = None,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> RecordSet:
    """All records of the repository at `root`: its working tree, or `commit` if given."""
    result = RecordSet()
    cache = cache_dir(root) if use_cache else None
    if files is None:
        files = read_sources(root, commit, use_cache=use_cache)
    wanted: list[tuple[SourceFile, FileRule]] = []
    for source in files:
        result.files[source.path] = source
        relative = source.path.removeprefix(f"{RECORDS_DIR}/")
        if IGNORED.search(relative):
            continue
        rule = rule_for(relative)
        if rule is None:
            result.problems.append(
                Message(
                    "warning",
                    source.path,
                    None,
                    None,
                    "",
                    "",
                    "不认识的文件：不在任何记录目录的命名规则内，已忽略",
                    hint="参见 records/README.md 中的目录约定",
                    code="unknown-file",
                )
            )
            continue
        wanted.append((source, rule))
    with gc_paused():
        for source, (entries, problems) in _parse_all(cache, wanted, progress):
            result.problems.extend(problems)
            for kind, rid, data, index, offset, body in entries:
                result.add(Record(kind, rid, data, source.path, index, offset, body))
        # The records are acyclic and live as long as the command: freeze them before the
        # collector is back, so no collection ever rescans them (a full scan of 200,000
        # targets costs ~0.5 s; refcounting still frees them).
        gc.freeze()
    return result


# Below this many bytes to parse, starting worker processes costs more than it saves.
PARALLEL_BYTES = 8_000_000


def _parse_all(
    cache: Path | None,
    wanted: list[tuple[SourceFile, FileRule]],
    progress: Callable[[int, int], None] | None,
) -> list[tuple[SourceFile, ParsedFile]]:
    """Parse every file, from the cache where possible and on all cores where it pays.

    The cache holds one pack per folder, keyed by the folder's paths and blob ids: 100,000
    result files are a few hundred cache reads, and a change re-parses only its folder.
    """
    folders: dict[str, list[tuple[SourceFile, FileRule]]] = defaultdict(list)
    for source, rule in wanted:
        folders[posixpath.dirname(source.path)].append((source, rule))
    parsed: dict[str, ParsedFile] = {}
    missing: list[tuple[SourceFile, FileRule]] = []
    stale: dict[str, str] = {}  # folder → key of the pack to write
    for folder, members in folders.items():
        key = _pack_key(members)
        pack = _read_pack(cache, key)
        if pack is None:
            missing.extend(members)
            stale[folder] = key
        else:
            parsed.update(pack)
    done = len(parsed)
    read_blobs(source for source, _ in missing)
    workers = min(os.cpu_count() or 1, 4)
    if workers > 1 and sum(len(s.data) for s, _ in missing) > PARALLEL_BYTES:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            sources = [s for s, _ in missing]
            outcomes = pool.map(parse_file, sources, [r for _, r in missing], chunksize=16)
            for source, outcome in zip(sources, outcomes, strict=True):
                parsed[source.path] = outcome
                done += 1
                if progress:
                    progress(done, len(wanted))
    else:
        for source, rule in missing:
            parsed[source.path] = parse_file(source, rule)
            done += 1
            if progress:
                progress(done, len(wanted))
    for folder, key in stale.items():
        pack = {source.path: parsed[source.path] for source, _ in folders[folder]}
        share_strings(pack)
        parsed.update(pack)
        if cache is not None:
            write_atomically(_pack_path(cache, key), pickle.dumps(pack, pickle.HIGHEST_PROTOCOL))
            _remember_pack(key, pack)
    return [(source, parsed[source.path]) for source, _ in wanted]


# Strings up to this length are shared within a folder: every key, and values such as a status,
# a credit class, an office or an industry code, repeat on every record of a folder.
SHARED_STRING_LENGTH = 24


def share_strings(pack: dict[str, ParsedFile]) -> None:
    """Make equal keys and short values of a folder's records one string object each, in place.

    The parser gives every record its own copy of "status", "存续" …; shared, pickle stores
    each once per pack, and a scan over 200,000 targets touches a few hot strings instead of
    millions of cold ones (measured: less memory, faster loading and faster population scans;
    see benchmarks/draw_run_bench.py).
    """
    shared: dict[str, str] = {}

    def share(value: Any) -> Any:
        if isinstance(value, str):
            return shared.setdefault(value, value) if len(value) <= SHARED_STRING_LENGTH else value
        if isinstance(value, dict):
            return {
                shared.setdefault(k, k) if isinstance(k, str) else k: share(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [share(item) for item in value]
        return value

    for path, (entries, problems) in pack.items():
        pack[path] = (
            [(share(kind), rid, share(data), *rest) for kind, rid, data, *rest in entries],
            problems,
        )


def _pack_key(members: list[tuple[SourceFile, FileRule]]) -> str:
    h = hashlib.sha1(usedforsecurity=False)
    for source, rule in members:
        h.update(f"{source.path}\0{source.blob}\0{rule.kind}\n".encode())
    return h.hexdigest()


def _pack_path(cache: Path, key: str) -> Path:
    return cache / "packs" / key[:2] / f"{key}.pickle"


# Packs already read by this process, by key: a second load of a similar tree (`draw verify`
# reading HEAD and then each commitment's commit) shares the unchanged folders' parsed records
# instead of reading them again (0.9 s → 0.2 s for 200,000 targets).  Records are read-only.
_packs_in_memory: dict[str, dict[str, ParsedFile]] = {}
PACKS_IN_MEMORY = 4096


def _remember_pack(key: str, pack: dict[str, ParsedFile]) -> None:
    _packs_in_memory.pop(key, None)
    _packs_in_memory[key] = pack
    while len(_packs_in_memory) > PACKS_IN_MEMORY:
        del _packs_in_memory[next(iter(_packs_in_memory))]  # the least recently used


def _read_pack(cache: Path | None, key: str) -> dict[str, ParsedFile] | None:
    if cache is None:
        return None
    pack = _packs_in_memory.get(key)
    if pack is None:
        try:
            with _pack_path(cache, key).open("rb") as handle:
                pack = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError):
            return None
    assert pack is not None
    _remember_pack(key, pack)
    return pack


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so readers never see half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError:
        pass  # a cache that cannot be written only costs time
