"""The files under `records/`, from the working tree or from a commit, with their blob ids.

A file's git blob id (SHA-1 of "blob <size>\\0" + bytes) is its content hash: free when
reading a commit's tree, and kept for working-tree files in a stat index (as git's own index
does), so the parse cache can recognise unchanged files without reading them.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from stat import S_ISLNK, S_ISREG

from spotcheck import gitops
from spotcheck.layout import RECORDS_DIR
from spotcheck.records.cache import cache_dir, write_atomically


def blob_id(data: bytes) -> str:
    """The git blob id of these bytes (what `git hash-object` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


class SourceFile:
    """A file under records/: its path, git blob id and bytes, read when first needed — from
    disk (`disk`) or from the repository at `git_root` — so that files whose parsed records
    are cached are never read at all."""

    __slots__ = ("_data", "blob", "disk", "git_root", "path", "rereadable", "stamp")

    def __init__(
        self,
        path: str,
        data: bytes | None,
        blob: str,
        disk: str | None = None,
        git_root: str | None = None,
        *,
        rereadable: bool = False,
        stamp: tuple[int, int] | None = None,
    ) -> None:
        self.path = path  # relative to the repository root
        self._data = data
        # "" until known: a working-tree file not in the stat index, left for whoever reads it
        # first to hash (`read_sources(defer_hashing=True)`)
        self.blob = blob
        self.stamp = stamp  # a working-tree file's (mtime in ns, size), for the stat index
        self.disk = disk
        self.git_root = git_root
        # its bytes can be read again (a regular file on disk, or a blob of the repository):
        # `forget` may drop them once parsed
        self.rereadable = rereadable or git_root is not None

    @property
    def data(self) -> bytes:
        if self._data is None:
            if self.git_root is not None:
                read_blobs([self])
            else:
                with open(self.disk or self.path, "rb") as handle:
                    data = handle.read()
                if not self.blob:
                    self.blob = blob_id(data)
                elif self.rereadable and blob_id(data) != self.blob:
                    # hashed earlier in this run (the parse cache's key): never parse other bytes
                    raise ValueError(f"{self.path} 在读取过程中被修改了，请重新运行")
                self._data = data
        assert self._data is not None
        return self._data

    @property
    def loaded(self) -> bool:
        """Whether the bytes are in memory (reading `data` may read the file)."""
        return self._data is not None

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")

    def forget(self) -> None:
        """Drop the bytes once parsed, if they can be read again (a message that needs a
        position reads them then): a city's records are ~10 GB of YAML, its parsed records
        live in the parse cache."""
        if self.rereadable:
            self._data = None

    def hashed(self) -> str:
        """The blob id, reading the file if it is not known yet."""
        if not self.blob:
            _ = self.data
            self.forget()
        return self.blob

    def __getstate__(self) -> tuple[str, bytes, str]:
        return self.path, self.data, self.blob

    def __setstate__(self, state: tuple[str, bytes, str]) -> None:
        self.path, self._data, self.blob = state
        self.disk = None
        self.git_root = None
        self.rereadable = False
        self.stamp = None


def read_blobs(sources: Iterable[SourceFile]) -> None:
    """Read the bytes of files from a commit that have none yet, one git call per repository."""
    by_root: dict[str, list[SourceFile]] = defaultdict(list)
    for source in sources:
        if source._data is None and source.git_root is not None:
            by_root[source.git_root].append(source)
    for root, wanted in by_root.items():
        contents = gitops.read_blobs(root, [source.blob for source in wanted])
        for source, data in zip(wanted, contents, strict=True):
            if data is None:
                raise ValueError(f"git 仓库中缺少 {source.path} 的内容（{source.blob}）")
            source._data = data


# A file modified within this many seconds of the last index write is hashed again even if
# its size and mtime match (git's "racily clean" rule).
RACY_SECONDS = 2.0


def working_tree_files(
    root: Path, cache: Path | None = None, *, defer_hashing: bool = False
) -> list[SourceFile]:
    """Every file under root/records, in path order (plain strings: 100,000 files).

    With a cache folder, a file whose size and modification time match the stat index keeps
    its blob id without being read, as git's own index does. The other files are read and
    hashed here — or, with `defer_hashing`, left with blob "" for the caller to hash where it
    reads them anyway (`spotcheck.records.load`'s worker processes: a cold district is 100,000
    files, ~1.2 s of reading and hashing in one process otherwise); the caller then writes
    the stat index (`write_stat_index`).
    """
    base = os.path.join(root, RECORDS_DIR)
    found: list[tuple[str, os.stat_result]] = []
    for folder, dirs, names in os.walk(base):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in names:
            if not name.startswith("."):
                # lstat: a symbolic link is read as git stores it (its target's path), never
                # followed — a link to /dev/zero would be read forever
                found.append((f"{relative}/{name}", os.lstat(os.path.join(folder, name))))
    found.sort()
    prefix = f"{os.fspath(root)}{os.sep}"  # os.path.join for 100,000 paths costs ~0.2 s
    index = _read_index(_index_path(cache))
    written_at = index.pop("", (0, 0, ""))[0] / 1e9 if index else 0.0
    files: list[SourceFile] = []
    for relative, stat in found:
        disk = prefix + relative
        known = index.get(relative)
        trusted = stat.st_mtime < written_at - RACY_SECONDS
        stamp = (stat.st_mtime_ns, stat.st_size)
        if not S_ISREG(stat.st_mode):
            if not S_ISLNK(stat.st_mode):
                continue  # a device or pipe cannot come from git
            data = os.fsencode(os.readlink(disk))
            files.append(SourceFile(relative, data, blob_id(data), disk, stamp=stamp))
            continue
        if known and known[:2] == stamp and trusted:
            blob = known[2]
        elif defer_hashing:
            blob = ""
        else:
            with open(disk, "rb") as handle:
                blob = blob_id(handle.read())
        # the bytes are read again when parsed, if their folder is not in the parse cache:
        # a cold run of a city would otherwise hold ~10 GB of YAML at once
        files.append(SourceFile(relative, None, blob, disk, rereadable=True, stamp=stamp))
    if not defer_hashing:
        write_stat_index(cache, files, index)
    return files


def _index_path(cache: Path | None) -> Path | None:
    return cache / "stat-index.pickle" if cache is not None else None


def write_stat_index(
    cache: Path | None,
    files: Iterable[SourceFile],
    before: dict[str, tuple[int, int, str]] | None = None,
) -> None:
    """Remember the working-tree files' stamps and blob ids (hashing any not hashed yet)."""
    path = _index_path(cache)
    fresh = {
        source.path: (*source.stamp, source.hashed())
        for source in files
        if source.stamp is not None
    }
    if path is None:
        return
    if before is None:
        before = _read_index(path)
        before.pop("", None)
    if fresh != before:
        fresh[""] = (time.time_ns(), 0, "")
        write_atomically(path, pickle.dumps(fresh, pickle.HIGHEST_PROTOCOL))


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
    # Bytes are read later, and only for files whose records are not in the parse cache.
    for path, blob in gitops.tree_blobs(root, commit, RECORDS_DIR):
        yield SourceFile(path, None, blob, git_root=str(root))


def read_sources(
    root: Path, commit: str | None = None, *, use_cache: bool = True, defer_hashing: bool = False
) -> list[SourceFile]:
    """The files under records/: of the working tree, or of `commit` if given (see
    `working_tree_files` for `defer_hashing`)."""
    if commit:
        return list(git_tree_files(root, commit))
    cache = cache_dir(root) if use_cache else None
    return working_tree_files(root, cache, defer_hashing=defer_hashing)


def sources_digest(files: Iterable[SourceFile]) -> str:
    """A hash over every file's path and blob id: equal digests, equal records."""
    h = hashlib.sha256()
    for source in sorted(files, key=lambda f: f.path):
        h.update(f"{source.path}\0{source.blob}\n".encode())
    return h.hexdigest()
