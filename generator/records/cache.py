"""The parse cache: records parsed once per content, in packs of one folder each.

A pack is keyed by its folder's file paths and blob ids (see `spotcheck.records.sources`), so
an unchanged folder is never parsed twice, and 100,000 result files are a few hundred cache
reads. The cache lives in `.git/spotcheck-cache/` (never committed); packs already read stay
in memory for the next load of the process.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spotcheck import __version__
from spotcheck.report import Message

# What the cache stores of one file: its records as plain tuples (kind, id, data, index in a
# list file, line offset, Markdown body), and the problems met reading it.
ParsedFile = tuple[
    list[tuple[str, str, dict[str, Any], int | None, int, str | None]], list[Message]
]

CACHE_FORMAT = f"records-v4-{__version__}"


def cache_dir(root: Path) -> Path:
    git_dir = root / ".git"
    base = git_dir if git_dir.is_dir() else root / ".spotcheck-cache"
    return base / "spotcheck-cache" / CACHE_FORMAT


# Strings up to this length are shared within a folder: every key, and values such as a status,
# a credit class, an office or an industry code, repeat on every record of a folder.
SHARED_STRING_LENGTH = 24


def share_strings(pack: dict[str, ParsedFile]) -> None:
    """Make equal keys and short values of a folder's records one string object each, in place.

    The parser gives every record its own copy of "status", "存续" …; shared, pickle stores
    each once per pack, and a scan over 200,000 targets touches a few hot strings instead of
    millions of cold ones (measured: less memory, faster loading and faster population scans;
    see benchmarks/draw_run_bench.py). Written as two loops over exact types, not one generic
    recursion: it walks every value of a cold parse (~8 million at district scale).
    """
    shared: dict[str, str] = {}
    keep = shared.setdefault
    short = SHARED_STRING_LENGTH

    def share_dict(mapping: dict[Any, Any]) -> dict[Any, Any]:
        out = {}
        for key, value in mapping.items():
            kind = type(value)
            if kind is str:
                if len(value) <= short:
                    value = keep(value, value)
            elif kind is dict:
                value = share_dict(value)
            elif kind is list:
                value = share_list(value)
            out[keep(key, key) if type(key) is str else key] = value
        return out

    def share_list(items: list[Any]) -> list[Any]:
        out = []
        append = out.append
        for value in items:
            kind = type(value)
            if kind is str:
                if len(value) <= short:
                    value = keep(value, value)
            elif kind is dict:
                value = share_dict(value)
            elif kind is list:
                value = share_list(value)
            append(value)
        return out

    for path, (entries, problems) in pack.items():
        pack[path] = (
            [
                (keep(kind, kind), rid, share_dict(data) if type(data) is dict else data, *rest)
                for kind, rid, data, *rest in entries
            ],
            problems,
        )


def pack_key(members: Iterable[tuple[str, str, str]], limits: str = "") -> str:
    """The key of a folder's pack, from its files' (path, blob id, record kind) and the limits
    they were read under (`spotcheck.limits.Limits.key`)."""
    h = hashlib.sha1(usedforsecurity=False)
    h.update(f"{limits}\n".encode())
    for path, blob, kind in members:
        h.update(f"{path}\0{blob}\0{kind}\n".encode())
    return h.hexdigest()


def pack_path(cache: Path, key: str) -> Path:
    return cache / "packs" / key[:2] / f"{key}.pickle"


# Packs already read by this process, by key: a second load of a similar tree (`draw verify`
# reading HEAD and then each commitment's commit) shares the unchanged folders' parsed records
# instead of reading them again (0.9 s → 0.2 s for 200,000 targets).  Records are read-only.
_packs_in_memory: dict[str, dict[str, ParsedFile]] = {}
PACKS_IN_MEMORY = 4096


def store_pack(
    cache: Path | None, key: str, pack: dict[str, ParsedFile], *, remember: bool = True
) -> None:
    """Keep a folder's freshly parsed records: on disk (when caching) and in memory."""
    share_strings(pack)
    if cache is not None:
        write_atomically(pack_path(cache, key), pickle.dumps(pack, pickle.HIGHEST_PROTOCOL))
        if remember:
            remember_pack(key, pack)


def remember_pack(key: str, pack: dict[str, ParsedFile]) -> None:
    """Keep a pack in this process's memory for the next load (most recently used last)."""
    _packs_in_memory.pop(key, None)
    _packs_in_memory[key] = pack
    while len(_packs_in_memory) > PACKS_IN_MEMORY:
        del _packs_in_memory[next(iter(_packs_in_memory))]  # the least recently used


def read_pack(
    cache: Path | None, key: str, *, remember: bool = True
) -> dict[str, ParsedFile] | None:
    if cache is None:
        return None
    pack = _packs_in_memory.get(key)
    if pack is None:
        try:
            with pack_path(cache, key).open("rb") as handle:
                pack = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError):
            return None
    assert pack is not None
    if remember:
        remember_pack(key, pack)
    return pack


def read_pack_bytes(cache: Path | None, key: str) -> bytes | None:
    """A stored pack's pickled bytes, if the cache holds it."""
    if cache is None:
        return None
    try:
        return pack_path(cache, key).read_bytes()
    except OSError:
        return None


# Which top-level fields of which record kinds a command reads (`load(fields=...)`): the other
# fields are left out of its records, and the slim pack is cached under its own key.
Projection = dict[str, tuple[str, ...]]


def projected_key(key: str, fields: Projection) -> str:
    """The key of a pack's projection onto `fields` (of the kinds the pack holds)."""
    wanted = ";".join(f"{kind}:{','.join(names)}" for kind, names in sorted(fields.items()))
    return pack_key([(key, wanted, "projection")])


def project_pack(pack: dict[str, ParsedFile], fields: Projection) -> dict[str, ParsedFile]:
    """A pack whose records of the kinds in `fields` keep only those fields (those present),
    in that order; records of other kinds are kept whole (a draw's folder also holds its
    commitment)."""
    return {
        path: (
            [
                (kind, rid, {f: data[f] for f in fields[kind] if f in data}, *rest)
                if kind in fields
                else (kind, rid, data, *rest)
                for kind, rid, data, *rest in entries
            ],
            problems,
        )
        for path, (entries, problems) in pack.items()
    }


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so readers never see half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError:
        pass  # a cache that cannot be written only costs time
