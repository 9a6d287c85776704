"""Open data: every record kind as CSV and JSON, with a data dictionary from the schemas.

Only public values leave: every record goes through `spotcheck.site.public.public_records`
(the one function that drops `"x-public": false` fields, shared with the website), and the
data dictionary lists only public fields. Output is deterministic (sorted, no timestamps) so
that a rebuild from the same records gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spotcheck.exports.cells import json_lines_array
from spotcheck.exports.gsxt import csv_bytes
from spotcheck.records import Record, RecordSet
from spotcheck.schemas import SchemaSet
from spotcheck.site.public import public_records

# config is settings, not data; it is published as the site itself
EXCLUDED_KINDS = frozenset({"config"})
KIND_TITLES_FALLBACK = {"task": "抽查任务"}


def _kinds(schemas: SchemaSet) -> list[str]:
    return [k for k in schemas.kinds() if k not in EXCLUDED_KINDS]


def _row(record: Record) -> dict[str, Any]:
    data = dict(record.data)
    if record.kind == "rules" and record.body is not None:
        data["body"] = record.body
    return data


def tables(records: RecordSet, schemas: SchemaSet) -> dict[str, list[dict[str, Any]]]:
    """Public rows per kind (plus `task`: the plans' tasks, one row each)."""
    public = public_records(records, schemas)
    found: dict[str, list[dict[str, Any]]] = {}
    for kind in table_kinds(schemas):
        found[kind] = kind_rows(public.of(kind))
    found["task"] = task_rows(found.get("plan", []))
    return found


def table_kinds(schemas: SchemaSet) -> list[str]:
    """The kinds published as tables, in their order (`task` follows them)."""
    return _kinds(schemas)


def kind_rows(records: Iterable[Record]) -> list[dict[str, Any]]:
    """The rows of some public records of one kind, in file order."""
    return [_row(r) for r in sorted(records, key=lambda r: (r.path, r.index or 0))]


def task_rows(plan_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"plan": plan["id"], **task} for plan in plan_rows for task in plan.get("tasks") or []]


def table_columns(kind: str, rows: list[dict[str, Any]], schemas: SchemaSet) -> list[str]:
    """The CSV columns of a kind's table (see `_columns`)."""
    return _columns(kind, rows, schemas)


def csv_cells(columns: list[str], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows as the CSV's cells (nested values as JSON, booleans as true/false)."""
    return [{c: _cell(r.get(c)) for c in columns} for r in rows]


@dataclass(frozen=True)
class Table:
    """A kind's table as published: its row count and its JSON and CSV bytes."""

    kind: str
    rows: int
    json: bytes
    csv: bytes


def table(kind: str, rows: list[dict[str, Any]], schemas: SchemaSet) -> Table:
    columns = _columns(kind, rows, schemas)
    return Table(
        kind,
        len(rows),
        json_lines_array(rows).encode("utf-8"),
        csv_bytes(columns, csv_cells(columns, rows)),
    )


def _columns(kind: str, rows: list[dict[str, Any]], schemas: SchemaSet) -> list[str]:
    """Every public field of the schema in its order (stable even for an empty table), then
    any other key present (rows are already stripped of non-public fields)."""
    schema_kind, prefix = ("plan", ("tasks", 0)) if kind == "task" else (kind, ())
    names = tuple(step for step in prefix if isinstance(step, str))  # non_public_paths skip indices
    hidden = {
        path[-1]
        for path in schemas.non_public_paths(schema_kind)
        if len(path) == len(names) + 1 and path[:-1] == names
    }
    properties = [
        p
        for p in (schemas.field_schema(schema_kind, prefix) or {}).get("properties") or {}
        if p not in hidden
    ]
    if kind == "task":
        properties = ["plan", *properties]
    if kind == "rules":
        properties.append("body")
    present: dict[str, None] = {}
    for row in rows:
        present.update(dict.fromkeys(row))
    return properties + [k for k in present if k not in properties]


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def dictionary(schemas: SchemaSet) -> list[dict[str, str]]:
    """Every public field of every kind: path (a[].b for list items), title, description, type."""
    rows: list[dict[str, str]] = []
    for kind in _kinds(schemas):
        hidden = schemas.non_public_paths(kind)
        root = schemas.field_schema(kind, ()) or {}
        rows.append(_entry(kind, "", root))
        for path, names, schema in _walk(schemas, kind, (), ()):
            if any(tuple(names[: len(h)]) == h for h in hidden):
                continue
            rows.append(_entry(kind, _dotted(path), schema))
    return rows


def _walk(
    schemas: SchemaSet,
    kind: str,
    path: tuple[str | int, ...],
    names: tuple[str, ...],
    depth: int = 0,
) -> Iterator[tuple[tuple[str | int, ...], tuple[str, ...], dict[str, Any]]]:
    schema = schemas.field_schema(kind, path) or {}
    if depth > 8:
        return
    for name in schema.get("properties") or {}:
        child_path = (*path, name)
        child = schemas.field_schema(kind, child_path) or {}
        yield child_path, (*names, name), child
        yield from _walk(schemas, kind, child_path, (*names, name), depth + 1)
        if isinstance(child.get("items"), dict):
            yield from _walk(schemas, kind, (*child_path, 0), (*names, name), depth + 1)


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for step in path:
        text += "[]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _entry(kind: str, field: str, schema: dict[str, Any]) -> dict[str, str]:
    kind_type = schema.get("type", "")
    return {
        "kind": kind,
        "field": field,
        "title": str(schema.get("title", "")),
        "description": str(schema.get("description", "")),
        "type": "/".join(kind_type) if isinstance(kind_type, list) else str(kind_type),
        "enum": "；".join(str(v) for v in schema.get("enum") or []),
    }


def write_opendata(records: RecordSet, schemas: SchemaSet, out_dir: Path) -> list[Path]:
    """<kind>.json and <kind>.csv for every kind, data-dictionary.json/.csv, index.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    found = [table(kind, rows, schemas) for kind, rows in tables(records, schemas).items()]
    written = []
    for name, data in opendata_files(found, schemas, records.digest()).items():
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
    return written


def opendata_files(found: Iterable[Table], schemas: SchemaSet, digest: str) -> dict[str, bytes]:
    """The open data files (name → bytes): each table's JSON and CSV, the data dictionary and
    index.json (`digest`: the records' digest, `RecordSet.digest`)."""
    files: dict[str, bytes] = {}
    index = []
    for each in found:
        json_name, csv_name = f"{each.kind}.json", f"{each.kind}.csv"
        files[json_name], files[csv_name] = each.json, each.csv
        title = (schemas.by_kind.get(each.kind) or {}).get("title") or KIND_TITLES_FALLBACK.get(
            each.kind, each.kind
        )
        index.append(
            {
                "kind": each.kind,
                "title": title,
                "records": each.rows,
                "files": [json_name, csv_name],
            }
        )
    entries = dictionary(schemas)
    dict_json, dict_csv = "data-dictionary.json", "data-dictionary.csv"
    files[dict_json] = (json.dumps(entries, ensure_ascii=False, indent=1) + "\n").encode()
    files[dict_csv] = csv_bytes(["kind", "field", "title", "description", "type", "enum"], entries)
    files["index.json"] = (
        json.dumps(
            {"records_digest": digest, "tables": index, "dictionary": [dict_json, dict_csv]},
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    ).encode()
    return files
