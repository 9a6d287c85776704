"""Open data: every record kind as CSV and JSON, with a data dictionary from the schemas.

Only public values leave: every record goes through `spotcheck.site.public.public_records`
(the one function that drops `"x-public": false` fields, shared with the website), and the
data dictionary lists only public fields. Output is deterministic (sorted, no timestamps) so
that a rebuild from the same records gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
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
    for kind in _kinds(schemas):
        found[kind] = [
            _row(r) for r in sorted(public.of(kind), key=lambda r: (r.path, r.index or 0))
        ]
    found["task"] = [
        {"plan": plan["id"], **task}
        for plan in found.get("plan", [])
        for task in plan.get("tasks") or []
    ]
    return found


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
    written: list[Path] = []
    index = []
    for kind, rows in tables(records, schemas).items():
        columns = _columns(kind, rows, schemas)
        json_path, csv_path = out_dir / f"{kind}.json", out_dir / f"{kind}.csv"
        json_path.write_text(json_lines_array(rows), encoding="utf-8")
        csv_path.write_bytes(
            csv_bytes(columns, [{c: _cell(r.get(c)) for c in columns} for r in rows])
        )
        written += [json_path, csv_path]
        title = (schemas.by_kind.get(kind) or {}).get("title") or KIND_TITLES_FALLBACK.get(
            kind, kind
        )
        index.append(
            {
                "kind": kind,
                "title": title,
                "records": len(rows),
                "files": [json_path.name, csv_path.name],
            }
        )
    entries = dictionary(schemas)
    dict_json, dict_csv = out_dir / "data-dictionary.json", out_dir / "data-dictionary.csv"
    dict_json.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    dict_csv.write_bytes(
        csv_bytes(["kind", "field", "title", "description", "type", "enum"], entries)
    )
    index_path = out_dir / "index.json"
    index_path.write_text(
        json.dumps(
            {
                "records_digest": records.digest(),
                "tables": index,
                "dictionary": [dict_json.name, dict_csv.name],
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return [*written, dict_json, dict_csv, index_path]
