"""Loading every record under `records/`, from the working tree or from a git commit, through
the parse cache and, for a large uncached tree, on several cores."""

from __future__ import annotations

import gc
import os
import pickle
import posixpath
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from generator import limits as input_limits
from generator.layout import IGNORED, RECORDS_DIR, FileRule, rule_for
from generator.records import cache as parse_cache
from generator.records import sources as record_sources
from generator.records.cache import ParsedFile
from generator.records.model import Record, RecordSet
from generator.records.parsing import gc_paused, parse_file
from generator.records.sources import SourceFile
from generator.report import Message


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

    The folder of config.yaml is read first, under the default limits (`generator.limits`);
    every other folder under the limits that config.yaml sets.
    """
    top = RECORDS_DIR
    first = [(s, r) for s, r in wanted if posixpath.dirname(s.path) == top]
    rest = [(s, r) for s, r in wanted if posixpath.dirname(s.path) != top]
    parsed = dict(_parse_folders(cache, first, progress, input_limits.DEFAULT, 0, len(wanted)))
    config = next((parsed[s.path][0] for s, r in first if r.kind == "config"), None)
    limits = input_limits.from_config(config[0][2] if config else None)
    parsed.update(_parse_folders(cache, rest, progress, limits, len(first), len(wanted)))
    return [(source, parsed[source.path]) for source, _ in wanted]


def _parse_folders(
    cache: Path | None,
    wanted: list[tuple[SourceFile, FileRule]],
    progress: Callable[[int, int], None] | None,
    limits: input_limits.Limits,
    done: int,
    total: int,
) -> dict[str, ParsedFile]:
    """Parse files under `limits`, by folder: the cache holds one pack per folder, keyed by
    the folder's paths and blob ids (and the limits), so 100,000 result files are a few
    hundred cache reads, and a change re-parses only its folder."""
    folders: dict[str, list[tuple[SourceFile, FileRule]]] = defaultdict(list)
    for source, rule in wanted:
        folders[posixpath.dirname(source.path)].append((source, rule))
    parsed: dict[str, ParsedFile] = {}
    missing: list[tuple[SourceFile, FileRule]] = []
    stale: dict[str, str] = {}  # folder → key of the pack to write
    for folder, members in folders.items():
        key = parse_cache.pack_key([(s.path, s.blob, r.kind) for s, r in members], limits.key())
        pack = parse_cache.read_pack(cache, key)
        if pack is None:
            missing.extend(members)
            stale[folder] = key
        else:
            parsed.update(pack)
    done += len(parsed)
    record_sources.read_blobs(source for source, _ in missing)
    workers = min(os.cpu_count() or 1, 4)
    if workers > 1 and sum(len(s.data) for s, _ in missing) > PARALLEL_BYTES:
        # A worker takes a whole folder: parses it, shares its strings, writes its cache pack
        # and sends the pack back pickled once, so this process only unpickles (as from a warm
        # cache) instead of also sharing and pickling every record (cold stats: ~2x faster).
        jobs = sorted(stale, key=lambda f: -sum(len(s.data) for s, _ in folders[f]))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {
                pool.submit(_pack_of_folder, folders[f], limits, cache, stale[f]): f for f in jobs
            }
            for future in as_completed(futures):
                folder = futures[future]
                pack = pickle.loads(future.result())
                if cache is not None:
                    parse_cache.remember_pack(stale[folder], pack)
                parsed.update(pack)
                done += len(pack)
                if progress:
                    progress(done, total)
        return parsed
    for source, rule in missing:
        parsed[source.path] = parse_file(source, rule, limits)
        done += 1
        if progress:
            progress(done, total)
    for folder, key in stale.items():
        pack = {source.path: parsed[source.path] for source, _ in folders[folder]}
        parse_cache.store_pack(cache, key, pack)
        parsed.update(pack)
    return parsed


def _pack_of_folder(
    members: list[tuple[SourceFile, FileRule]],
    limits: input_limits.Limits,
    cache: Path | None,
    key: str,
) -> bytes:
    """In a worker process: one folder's pack, stored in the cache, pickled for the parent."""
    with gc_paused():
        pack = {source.path: parse_file(source, rule, limits) for source, rule in members}
        parse_cache.share_strings(pack)
        data = pickle.dumps(pack, pickle.HIGHEST_PROTOCOL)
    if cache is not None:
        parse_cache.write_atomically(parse_cache.pack_path(cache, key), data)
    return data
