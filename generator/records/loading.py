"""Loading every record under `records/`, from the working tree or from a git commit, through
the parse cache and, for a large uncached tree, on several cores."""

from __future__ import annotations

import gc
import os
import pickle
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
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
    deferred = files is None and commit is None
    if files is None:
        # blob ids of files not in the stat index are left to the workers that read them
        files = record_sources.read_sources(
            root, commit, use_cache=use_cache, defer_hashing=deferred
        )
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
        if deferred:  # every blob id is known now: hashed by a worker, or here
            record_sources.write_stat_index(cache, files)
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
    first = [(s, r) for s, r in wanted if _folder(s.path) == top]
    rest = [(s, r) for s, r in wanted if _folder(s.path) != top]
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
        total += _size(source)
        if total > limit:
            return True
    return False


Folders = dict[str, list[tuple[SourceFile, FileRule]]]


def _cached_folders(
    cache: Path | None, folders: Folders, limits: input_limits.Limits, fields: Projection
) -> tuple[dict[str, ParsedFile], dict[str, str], dict[str, tuple[str, Projection]]]:
    """The folders' records found in the parse cache (slim packs first, where `fields` asks
    for a projection); the folders to parse (→ the key of their pack); the folders to project
    (→ the key and fields of their slim pack)."""
    parsed: dict[str, ParsedFile] = {}
    stale: dict[str, str] = {}
    slim: dict[str, tuple[str, Projection]] = {}
    for folder, members in folders.items():
        if not all(s.blob for s, _ in members):
            stale[folder] = ""  # its key is known once its files are hashed (by a worker)
            if wanted := _wanted_fields(members, fields):
                slim[folder] = ("", wanted)
            continue
        key = parse_cache.pack_key([(s.path, s.blob, r.kind) for s, r in members], limits.key())
        wanted_fields = _wanted_fields(members, fields)
        if wanted_fields:
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


def _wanted_fields(members: list[tuple[SourceFile, FileRule]], fields: Projection) -> Projection:
    """The projection's fields of the kinds in one folder."""
    kinds = {rule.kind for _, rule in members}
    return {kind: fields[kind] for kind in sorted(kinds) if kind in fields}


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
        folders[_folder(source.path)].append((source, rule))
    workers = min(os.cpu_count() or 1, 4)
    unhashed = [source for source, _ in wanted if not source.blob]
    if unhashed and not (workers > 1 and _more_bytes_than(PARALLEL_BYTES, unhashed)):
        for source in unhashed:
            source.hashed()  # too few to start workers for: the pack keys need the blob ids
    parsed, stale, slim = _cached_folders(cache, folders, limits, fields)
    missing = [member for folder in stale for member in folders[folder]]
    parallel = workers > 1 and _more_bytes_than(PARALLEL_BYTES, (s for s, _ in missing))
    done += len(parsed)
    # Packs are stored as soon as their folder is parsed, and the files' bytes dropped: a cold
    # run holds one folder's raw parse at a time, not the whole tree's (a city: ~10 GB of YAML).
    left = {folder: len(folders[folder]) for folder in stale}

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, total)

    def parsed_one(source: SourceFile, outcome: ParsedFile) -> None:
        parsed[source.path] = outcome
        advance(1)
        folder = _folder(source.path)
        left[folder] -= 1
        if left[folder] == 0:
            pack = {s.path: parsed[s.path] for s, _ in folders[folder]}
            parse_cache.store_pack(cache, stale[folder], pack, remember=folder not in slim)
            parsed.update(pack)
            for member, _ in folders[folder]:
                member.forget()

    record_sources.read_blobs(source for source, _ in missing)  # from a commit: one git call
    if parallel:
        _parse_in_workers(folders, stale, slim, parsed, limits, cache, workers, advance)
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


def _parse_in_workers(
    folders: Folders,
    stale: dict[str, str],
    slim: dict[str, tuple[str, Projection]],
    parsed: dict[str, ParsedFile],
    limits: input_limits.Limits,
    cache: Path | None,
    workers: int,
    advance: Callable[[int], None],
) -> None:
    """Parse the stale folders on `workers` processes into `parsed`, calling `advance` with
    the number of files of each folder done.

    A worker takes a whole folder: reads its files from disk itself, parses them, shares their
    strings, stores the pack (or its projection) in the cache and sends it back pickled once.
    This process only unpickles, as from a warm cache: sending every file's bytes out and every
    record back one by one kept it busier than the workers."""
    jobs = sorted(stale, key=lambda f: -sum(_size(s) for s, _ in folders[f]))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(
                _pack_of_folder,
                [_job_file(source, rule) for source, rule in folders[folder]],
                limits,
                cache,
                stale[folder],
                slim[folder][1] if folder in slim else None,
            ): folder
            for folder in jobs
        }
        for future in as_completed(futures):
            folder = futures[future]
            blobs, key, data = future.result()
            for (member, _), blob in zip(folders[folder], blobs, strict=True):
                member.blob = blob
                member.forget()
            pack = pickle.loads(data)
            if cache is not None:
                parse_cache.remember_pack(key, pack)
            parsed.update(pack)
            slim.pop(folder, None)  # projected by the worker
            advance(len(pack))


def _folder(path: str) -> str:
    """A record file's folder (`posixpath.dirname` of a path with no trailing "/", called for
    every file of a district: 100,000 times)."""
    return path.rpartition("/")[0]


def _size(source: SourceFile) -> int:
    """The file's size in bytes, without reading a file that is not read yet."""
    if source.loaded or not source.disk:
        return len(source.data)
    return source.stamp[1] if source.stamp else os.path.getsize(source.disk)


# What a worker needs of one file: path, blob id, bytes (read from a commit) or the path on
# disk to read them from, and its rule.
JobFile = tuple[str, str, bytes | None, str | None, FileRule]


def _job_file(source: SourceFile, rule: FileRule) -> JobFile:
    if source.loaded or not source.disk:
        return source.path, source.blob, source.data, None, rule
    return source.path, source.blob, None, source.disk, rule


def _pack_of_folder(
    members: list[JobFile],
    limits: input_limits.Limits,
    cache: Path | None,
    key: str,
    fields: Projection | None,
) -> tuple[list[str], str, bytes]:
    """In a worker process: one folder's files' blob ids, and the key and bytes of its pack
    (or of its projection onto `fields`, if asked), stored in the cache.

    `key` is "" when some blob ids are not known yet: the worker hashes the files it reads
    anyway, and a pack the cache holds after all (its stat index lost) is read, not parsed.
    Asked for a projection, the worker keeps only the slim pack: sharing and pickling a
    city's full targets is most of a cold load's work, and a command that reads 5 fields
    never needs the others (a later full load parses the folder again, as from a cold cache).
    """
    with gc_paused():
        files = [
            (SourceFile(path, data, blob, disk, rereadable=disk is not None), rule)
            for path, blob, data, disk, rule in members
        ]
        for source, _ in files:
            if not source.blob:
                _ = source.data  # reading it hashes it, and it is parsed next
        blobs = [source.blob for source, _ in files]
        if not key:
            key = parse_cache.pack_key([(s.path, s.blob, r.kind) for s, r in files], limits.key())
        wanted = parse_cache.projected_key(key, fields) if fields else key
        cached = parse_cache.read_pack_bytes(cache, wanted)
        if cached is not None:
            return blobs, wanted, cached
        full = None if fields is None else parse_cache.read_pack(cache, key, remember=False)
        if full is None:
            full = {source.path: parse_file(source, rule, limits) for source, rule in files}
        pack = parse_cache.project_pack(full, fields) if fields else full
        parse_cache.share_strings(pack)
        data = pickle.dumps(pack, pickle.HIGHEST_PROTOCOL)
    if cache is not None:
        parse_cache.write_atomically(parse_cache.pack_path(cache, wanted), data)
    return blobs, wanted, data
