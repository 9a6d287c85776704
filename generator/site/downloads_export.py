"""The site's open data and GSXT downloads, put together from parts kept in the build cache.

At district scale the downloads are ~330 MB of JSON and CSV (the results, targets and draws
tables, and GSXT's rows of every published result); writing them took a third of a rebuild
after one result changed. So each table is made of parts, each kept in the build cache
(`build_cache.DerivedCache`) by the blob ids of exactly the record files it reads:

- an open data table (`spotcheck.exports.opendata`): one part per folder of its kind's record
  files (a result's change makes its task's folder again), and its CSV columns;
- GSXT (`spotcheck.exports.gsxt`): one part per task — its results and its plan, and the
  folders every row looks names up in (targets, items, departments);
- a zipped download (`published_download`): by the digest of the bytes it zips.

The parts are joined in the order the whole table has (the exports' own functions make both),
so the bytes are those of `spotcheck export`'s files; the incremental build's test compares
them with a build without the cache.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from spotcheck.exports.cells import json_array_of, json_lines
from spotcheck.exports.gsxt import COLUMNS, csv_lines, result_order, result_rows
from spotcheck.exports.opendata import (
    Table,
    csv_cells,
    kind_rows,
    opendata_files,
    table,
    table_columns,
    table_kinds,
    task_rows,
)
from spotcheck.model import all_tasks, department_names
from spotcheck.records import Record, RecordSet
from spotcheck.schemas import SchemaSet
from spotcheck.site.build_cache import DerivedCache, digest
from spotcheck.site.views import kind_title

T = TypeVar("T")
# What a GSXT row looks names up in besides its result and its task's plan.
GSXT_LOOKUPS = ("targets", "items", "departments")

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
        # level 3: at district scale ~330 MB are zipped on a full build; level 3 costs about
        # what level 1 does (1.2 s against 1.05 s for the 65 MB draw table) for files ~6 %
        # smaller; level 6 took ~4x the time for files ~12 % smaller
        archive.writestr(info, data, compresslevel=3)
    return path + ".zip", buffer.getvalue()


def export_downloads(
    public: RecordSet, today: dt.date, derived: DerivedCache | None = None
) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """Open data and GSXT files of the public view `public` (so the exports see public values
    only): the entries for the downloads page (name, description and each format's file) and
    the files (site path → bytes). Without `derived` everything is computed."""
    schemas = SchemaSet()
    tables = []
    keys: dict[str, str | None] = {}  # a file → a key of its bytes (see `_published`)
    ready: dict[str, tuple[str, bytes]] = {}  # a file → as published, kept zipped
    for kind in table_kinds(schemas):
        found, key, zipped = _kind_table(public, kind, schemas, derived)
        tables.append(found)
        keys[f"downloads/opendata/{kind}.json"] = keys[f"downloads/opendata/{kind}.csv"] = key
        ready.update(zipped)
    tables.append(table("task", task_rows(kind_rows(public.of("plan"))), schemas))
    exported = {
        f"downloads/opendata/{name}": data
        for name, data in opendata_files(tables, schemas, public.digest()).items()
    }
    gsxt_json, gsxt_csv, key = _gsxt(public, today, derived)
    exported["downloads/gsxt/gsxt.json"], exported["downloads/gsxt/gsxt.csv"] = gsxt_json, gsxt_csv
    keys["downloads/gsxt/gsxt.json"] = keys["downloads/gsxt/gsxt.csv"] = key
    files: dict[str, bytes] = {}
    formats: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(exported):
        published, data = ready.get(path) or _published(
            path, exported[path], derived, keys.get(path)
        )
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
    return _links(formats), files


def _links(formats: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
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
    return links


def _part_key(
    derived: DerivedCache | None, name: str, paths: list[str], needs: tuple[str, ...] = ()
) -> str | None:
    """The key a part is kept by: its files (their blob ids) and the folders it `needs` (None:
    it is not kept)."""
    if derived is None:
        return None
    files = derived.records_digest(paths)
    if files is None:
        return None
    return digest(name, files, *(f"{n}={derived.inputs.get(n, '-')}" for n in needs))


def _kept(derived: DerivedCache | None, name: str, key: str | None, compute: Callable[[], T]) -> T:
    """`compute()`, or its value kept by `key` (`_part_key`)."""
    if derived is None or key is None:
        return compute()
    return derived.get(name, (), compute, records=key)


@dataclass(frozen=True)
class _Part:
    """A run of a kind's table: the rows of one folder's files."""

    rows: int
    keys: list[str]  # every field of its rows, as first met (the CSV's columns come from them)
    columns: list[str]  # the columns its CSV lines have
    json: str
    csv: str


def _kind_part(kind: str, records: list[Record], schemas: SchemaSet) -> _Part:
    rows = kind_rows(records)
    columns = table_columns(kind, rows, schemas)
    return _Part(
        len(rows),
        list(dict.fromkeys(key for row in rows for key in row)),
        columns,
        json_lines(rows),
        csv_lines(columns, csv_cells(columns, rows)),
    )


def _kind_table(
    public: RecordSet, kind: str, schemas: SchemaSet, derived: DerivedCache | None
) -> tuple[Table, str | None, dict[str, tuple[str, bytes]]]:
    """A kind's open data table, a key of its bytes (None: unknown), and its files as
    published when their zips are kept by that key (then the table's bytes are left empty:
    not joined for nothing). One part per folder of its record files: the whole table's rows
    are in (path, position) order, so each folder's rows are a run of it."""
    groups: dict[str, list[Record]] = defaultdict(list)
    for record in public.of(kind):
        groups[record.path.rpartition("/")[0]].append(record)
    ordered = sorted(groups.items(), key=lambda g: min((r.path, r.index or 0) for r in g[1]))
    names = [f"opendata/{kind}/{folder}" for folder, _ in ordered]
    keys = [
        _part_key(derived, name, [r.path for r in records])
        for name, (_, records) in zip(names, ordered, strict=True)
    ]
    # the parts give the table's bytes (its columns come from the parts' fields)
    table_key = None if None in keys else digest(kind, *map(str, keys))
    count = sum(len(records) for _, records in ordered)  # a row per record
    paths = [f"downloads/opendata/{kind}.{extension}" for extension in ("json", "csv")]
    zipped = {path: found for path in paths if (found := _kept_zip(path, table_key, derived))}
    if len(zipped) == len(paths):
        return Table(kind, count, b"", b""), table_key, zipped
    parts = [
        _kept(derived, name, key, lambda records=records: _kind_part(kind, records, schemas))
        for name, key, (_, records) in zip(names, keys, ordered, strict=True)
    ]
    # the schema's public fields, then any other field as first met (`table_columns`)
    columns = table_columns(kind, [dict.fromkeys(part.keys) for part in parts], schemas)
    csv_parts = [
        part.csv
        if part.columns == columns
        # a field outside the schema elsewhere in the table: this part's lines have it too
        else csv_lines(columns, csv_cells(columns, kind_rows(records)))
        for part, (_, records) in zip(parts, ordered, strict=True)
    ]
    found = Table(
        kind,
        count,
        json_array_of([part.json for part in parts]).encode("utf-8"),
        _csv_file(columns, csv_parts),
    )
    return found, table_key, {}


def _kept_zip(path: str, key: str | None, derived: DerivedCache | None) -> tuple[str, bytes] | None:
    """The published (zipped) file at `path` as kept by `_published` under `key`, if it is."""
    if derived is None or key is None:
        return None
    found = derived.find(f"zip/{path}", records=digest(path, key))
    return found if isinstance(found, tuple) else None


def _gsxt(
    public: RecordSet, today: dt.date, derived: DerivedCache | None
) -> tuple[bytes, bytes, str | None]:
    """gsxt.json and gsxt.csv (`spotcheck.exports.gsxt`), and a key of their bytes (None:
    unknown): one part per task, in the export's order (by task, then business)."""
    tasks = all_tasks(public)
    names = department_names(public)
    groups: dict[str, list[Record]] = defaultdict(list)
    for result in public.of("result"):
        groups[result_order(result)[0]].append(result)
    kept = []
    for task_id in sorted(groups):
        results = sorted(groups[task_id], key=result_order)
        task = tasks.get(task_id)
        paths = [r.path for r in results] + ([task.plan.path] if task else [])

        def compute(results: list[Record] = results) -> tuple[str, str]:
            rows = [row for r in results for row in result_rows(r, public, tasks, names, today)]
            return json_lines(rows), csv_lines(COLUMNS, rows)

        name = f"gsxt/{digest(task_id)[:24]}"
        key = _part_key(derived, name, paths, GSXT_LOOKUPS)
        kept.append((_kept(derived, name, key, compute), key))
    keys = [key for _, key in kept]
    return (
        json_array_of([json for (json, _), _ in kept]).encode("utf-8"),
        _csv_file(COLUMNS, [csv for (_, csv), _ in kept]),
        None if None in keys else digest("gsxt", *map(str, keys)),
    )


def _csv_file(columns: tuple[str, ...] | list[str], parts: list[str]) -> bytes:
    """The CSV file of the parts' lines: `csv_bytes` of all their rows (UTF-8 with BOM)."""
    return (csv_lines(columns, [], header=True) + "".join(parts)).encode("utf-8-sig")


def _published(
    path: str, data: bytes, derived: DerivedCache | None, key: str | None
) -> tuple[str, bytes]:
    """`published_download`, kept when it is zipped by `key` (the parts the file was joined
    from, which give its bytes), or else by the digest of `data`."""
    if derived is None or len(data) <= ZIP_ABOVE_BYTES:
        return published_download(path, data)
    return derived.get(
        f"zip/{path}",
        (),
        lambda: published_download(path, data),
        records=digest(path, key) if key is not None else digest(data),
    )
