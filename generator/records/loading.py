"""Loading every record under `records/`, from the working tree or from a git commit, through
the parse cache and, for a large uncached tree, on several cores."""

from __future__ import annotations

import gc
import os
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from spotcheck import limits as input_limits
from spotcheck.layout import IGNORED, RECORDS_DIR, FileRule, rule_for
from spotcheck.records import cache as parse_cache
from spotcheck.records import sources as record_sources
from spotcheck.records.cache import ParsedFile, Projection
from spotcheck.records.model import Record, RecordSet
from spotcheck.records.parsing import gc_paused, parse_file
from spotcheck.records.sources import SourceFile
from spotcheck.report import Message


def load(
    root: Path,
    commit: str | None = None,
    *,
    files: list[SourceFile] | None = None,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
    fields: Projection | None = None,
) -> RecordSet:
    """All records of the repository at `root`: its working tree, or `commit` if given.

    With `fields` (kind → field names), records of those kinds keep only those top-level
    fields: a command that reads 8 of a target's 13 fields loads a city's 3 million targets in
    a third of the memory, from slim packs cached beside the full ones. Problems found reading
    the files are the same either way.
    """
    result = RecordSet()
    cache = parse_cache.cache_dir(root) if use_cache else None
    if files is None:
        files = record_sources.read_sources(root, commit, use_cache=use_cache)
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
    if f"{RECORDS_DIR}/config.yaml" not in result.files and files:
        result.problems.append(
            Message(
                "error",
                f"{RECORDS_DIR}/config.yaml",
                None,
                None,
                "",
                "",
                "缺少区级配置文件 config.yaml：没有它无法核对监管所、区域、法制部门和期限",
                hint="用 spotcheck init 生成，或从示例仓库复制 records/config.yaml 后修改",
                code="config-missing",
            )
        )
    with gc_paused():
        for source, (entries, problems) in _parse_all(cache, wanted, progress, fields or {}):
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
    fields: Projection,
) -> list[tuple[SourceFile, ParsedFile]]:
    """Parse every file, from the cache where possible and on all cores where it pays.

    The folder of config.yaml is read first, under the default limits (`spotcheck.limits`);
    every other folder under the limits that config.yaml sets.
    """
    top = RECORDS_DIR
    first = [(s, r) for s, r in wanted if posixpath.dirname(s.path) == top]
    rest = [(s, r) for s, r in wanted if posixpath.dirname(s.path) != top]
    parsed = dict(
        _parse_folders(cache, first, progress, input_limits.DEFAULT, 0, len(wanted), fields)
    )
    config = next((parsed[s.path][0] for s, r in first if r.kind == "config"), None)
    limits = input_limits.from_config(config[0][2] if config else None)
    parsed.update(_parse_folders(cache, rest, progress, limits, len(first), len(wanted), fields))
    return [(source, parsed[source.path]) for source, _ in wanted]


def _more_bytes_than(limit: int, sources: Iterable[SourceFile]) -> bool:
    """Whether the files hold more than `limit` bytes (reading only as many as that takes)."""
    total = 0
    for source in sources:
        total += len(source.data)
        if total > limit:
            return True
    return False


Folders = dict[str, list[tuple[SourceFile, FileRule]]]


def _cached_folders(
    cache: Path | None, folders: Folders, limits: input_limits.Limits, fields: Projection
) -> tuple[dict[str, ParsedFile], dict[str, str], dict[str, tuple[str, tuple[str, ...]]]]:
    """The folders' records found in the parse cache (slim packs first, where `fields` asks
    for a projection); the folders to parse (→ the key of their pack); the folders to project
    (→ the key and fields of their slim pack)."""
    parsed: dict[str, ParsedFile] = {}
    stale: dict[str, str] = {}
    slim: dict[str, tuple[str, tuple[str, ...]]] = {}
    for folder, members in folders.items():
        key = parse_cache.pack_key([(s.path, s.blob, r.kind) for s, r in members], limits.key())
        kinds = {rule.kind for _, rule in members}
        wanted_fields = fields.get(kinds.pop()) if len(kinds) == 1 else None
        if wanted_fields is not None:
            slim_key = parse_cache.projected_key(key, wanted_fields)
            pack = parse_cache.read_pack(cache, slim_key)
            if pack is not None:
                parsed.update(pack)
                continue
            slim[folder] = (slim_key, wanted_fields)
        # a full pack read only to be projected is not kept in memory
        pack = parse_cache.read_pack(cache, key, remember=folder not in slim)
        if pack is None:
            stale[folder] = key
        else:
            parsed.update(pack)
    return parsed, stale, slim


def _parse_folders(
    cache: Path | None,
    wanted: list[tuple[SourceFile, FileRule]],
    progress: Callable[[int, int], None] | None,
    limits: input_limits.Limits,
    done: int,
    total: int,
    fields: Projection,
) -> dict[str, ParsedFile]:
    """Parse files under `limits`, by folder: the cache holds one pack per folder, keyed by
    the folder's paths and blob ids (and the limits), so 100,000 result files are a few
    hundred cache reads, and a change re-parses only its folder."""
    folders: Folders = defaultdict(list)
    for source, rule in wanted:
        folders[posixpath.dirname(source.path)].append((source, rule))
    parsed, stale, slim = _cached_folders(cache, folders, limits, fields)
    missing = [member for folder in stale for member in folders[folder]]
    done += len(parsed)
    # Packs are stored as soon as their folder is parsed, and the files' bytes dropped: a cold
    # run holds one folder's raw parse at a time, not the whole tree's (a city: ~10 GB of YAML).
    left = {folder: len(folders[folder]) for folder in stale}

    def parsed_one(source: SourceFile, outcome: ParsedFile) -> None:
        nonlocal done
        parsed[source.path] = outcome
        done += 1
        if progress:
            progress(done, total)
        folder = posixpath.dirname(source.path)
        left[folder] -= 1
        if left[folder] == 0:
            pack = {s.path: parsed[s.path] for s, _ in folders[folder]}
            parse_cache.store_pack(cache, stale[folder], pack, remember=folder not in slim)
            parsed.update(pack)
            for member, _ in folders[folder]:
                member.forget()

    record_sources.read_blobs(source for source, _ in missing)
    workers = min(os.cpu_count() or 1, 4)
    if workers > 1 and _more_bytes_than(PARALLEL_BYTES, (s for s, _ in missing)):
        with ProcessPoolExecutor(max_workers=workers) as pool:
            sources = [s for s, _ in missing]
            outcomes = pool.map(
                parse_file,
                sources,
                [r for _, r in missing],
                [limits] * len(missing),
                chunksize=16,
            )
            for source, outcome in zip(sources, outcomes, strict=True):
                parsed_one(source, outcome)
    else:
        for source, rule in missing:
            parsed_one(source, parse_file(source, rule, limits))
    for source, _ in wanted:
        source.forget()  # found in the cache: the bytes were only read to hash them
    for folder, (slim_key, wanted_fields) in slim.items():
        pack = parse_cache.project_pack(
            {s.path: parsed[s.path] for s, _ in folders[folder]}, wanted_fields
        )
        parse_cache.store_pack(cache, slim_key, pack)
        parsed.update(pack)
    return parsed
