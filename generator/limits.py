"""How much work one input may ask for: the limits checked before the expensive work.

Records arrive by pull request from many hands and spreadsheets come back from the field, and
CI runs `validate` and the importers on whatever arrives. Each limit is checked on what is
cheap to know first (a file's size, a zip's directory, a sheet's stated dimension) so that a
hostile file is refused in time proportional to its size. A district may change a limit in
`records/config.yaml` (`limits:`), only within the safe bounds below (the schema states them
too; a value outside is clamped here and reported by `validate`).

YAML anchors and aliases (`&a`, `*a`) are refused outright in records: no record needs them,
an alias hides a value's content from the pull request's diff, and nested aliases are the
"billion laughs" that multiply a 1 KB file into a billion values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

MIB = 1024 * 1024


@dataclass(frozen=True)
class Bound:
    default: int
    low: int
    high: int
    title: str  # Chinese, as in schemas/config.schema.json
    unit: str


# name in config.yaml → (default, safe bounds, title). Defaults leave room: the largest files of
# a 200,000-target district are ~1 MB target files of 2,000 records and ~3 MB draw files; the
# deepest record nests ~8 levels; a registration export has one row per target.
BOUNDS: dict[str, Bound] = {
    "file_bytes": Bound(16 * MIB, 1 * MIB, 64 * MIB, "单个记录文件的最大字节数", "字节"),
    "records_per_file": Bound(5000, 100, 20000, "单个文件的最多记录数", "条"),
    "depth": Bound(32, 8, 64, "最大嵌套层数", "层"),
    "sheet_rows": Bound(300_000, 1000, 1_048_576, "表格最多行数", "行"),
    "sheet_columns": Bound(200, 50, 1000, "表格最多列数", "列"),
    "sheet_bytes": Bound(256 * MIB, 16 * MIB, 1024 * MIB, "表格解压后的最大字节数", "字节"),
    "compression_ratio": Bound(100, 20, 1000, "XLSX 的最大压缩比", "倍"),
}


@dataclass(frozen=True)
class Limits:
    file_bytes: int = BOUNDS["file_bytes"].default
    records_per_file: int = BOUNDS["records_per_file"].default
    depth: int = BOUNDS["depth"].default
    sheet_rows: int = BOUNDS["sheet_rows"].default
    sheet_columns: int = BOUNDS["sheet_columns"].default
    sheet_bytes: int = BOUNDS["sheet_bytes"].default
    compression_ratio: int = BOUNDS["compression_ratio"].default

    def describe(self, name: str) -> str:
        """'单个记录文件的最大字节数 16777216 字节（limits.file_bytes）' for messages."""
        bound = BOUNDS[name]
        return f"{bound.title} {getattr(self, name)} {bound.unit}（config.yaml 的 limits.{name}）"

    def key(self) -> str:
        """A short text that differs when any limit differs (part of the parse cache's key)."""
        return ",".join(str(getattr(self, f.name)) for f in fields(self))


DEFAULT = Limits()


def from_config(config: Mapping[str, Any] | None) -> Limits:
    """The limits a district's config asks for, each clamped into its safe bounds."""
    section = (config or {}).get("limits")
    if not isinstance(section, Mapping):
        return DEFAULT
    changes: dict[str, int] = {}
    for name, bound in BOUNDS.items():
        value = section.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            changes[name] = min(max(value, bound.low), bound.high)
    return replace(DEFAULT, **changes) if changes else DEFAULT


def schema_properties() -> dict[str, Any]:
    """The `limits` section of schemas/config.schema.json (a test keeps the two equal)."""
    return {
        name: {
            "title": bound.title,
            "description": f"默认 {bound.default}{bound.unit}；可设范围 {bound.low}–{bound.high}。",
            "type": "integer",
            "minimum": bound.low,
            "maximum": bound.high,
            "default": bound.default,
        }
        for name, bound in BOUNDS.items()
    }
