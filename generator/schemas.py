"""The record schemas: loading, compiled validation, and the Chinese titles of fields.

Validation runs in two steps, because the two validators are good at different things:
`jsonschema_rs` (compiled, ~130x faster per record) decides *whether* a record is valid;
only for the few invalid ones does `jsonschema` explain *why*, with paths and subschemas we
turn into Chinese messages.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

import jsonschema
import jsonschema_rs
import referencing

NON_PUBLIC_MARKER = "x-public"


def schemas_dir() -> Path:
    """`schemas/` beside the package in a checkout, or the copy packed into the wheel."""
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "schemas", package / "_schemas"):
        if candidate.is_dir() and any(candidate.glob("*.schema.json")):
            return candidate
    raise FileNotFoundError("找不到 schemas/ 目录（安装包不完整）")


@dataclass(frozen=True)
class SchemaError:
    """One reason a record does not match its schema."""

    path: tuple[str | int, ...]  # inside the record
    validator: str  # the JSON Schema keyword that failed
    message: str  # Chinese: what is wrong
    expected: str  # Chinese: what was expected
    hint: str


class SchemaSet:
    """All `*.schema.json` files of a folder, keyed by record kind (`target.schema.json` → target)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or schemas_dir()
        # Schemas carry no absolute `$id`: each is known by its file's URI, so relative `$ref`s
        # resolve from wherever the files are (a checkout, the wheel, the published site).
        self.documents: dict[str, dict[str, Any]] = {}  # URI → schema
        self.by_kind: dict[str, dict[str, Any]] = {}
        self.uris: dict[str, str] = {}  # kind → URI
        digest = hashlib.sha256()
        for path in sorted(self.folder.glob("*.schema.json")):
            raw = path.read_bytes()
            digest.update(path.name.encode() + b"\0" + raw)
            schema = json.loads(raw)
            schema_id = schema.get("$id") or path.resolve().as_uri()
            kind = path.name.removesuffix(".schema.json")
            self.documents[schema_id] = schema
            self.by_kind[kind] = schema
            self.uris[kind] = schema_id
        self.digest = digest.hexdigest()
        self._fast: dict[str, Any] = {}
        self._slow: dict[str, jsonschema.Draft202012Validator] = {}
        self._private: dict[str, frozenset[tuple[str, ...]]] = {}

    @cached_property
    def _rs_registry(self) -> jsonschema_rs.Registry:
        return jsonschema_rs.Registry(list(self.documents.items()))

    @cached_property
    def _py_registry(self) -> referencing.Registry:
        resources = [
            (uri, referencing.Resource.from_contents(doc, referencing.jsonschema.DRAFT202012))
            for uri, doc in self.documents.items()
        ]
        return referencing.Registry().with_resources(resources)

    def kinds(self) -> list[str]:
        return sorted(k for k in self.by_kind if k != "common")

    def _anchored(self, kind: str) -> dict[str, Any]:
        """The schema of `kind` with its file URI as `$id`, the base of its relative `$ref`s."""
        return {"$id": self.uris[kind], **self.by_kind[kind]}

    def is_valid(self, kind: str, record: Any) -> bool:
        validator = self._fast.get(kind)
        if validator is None:
            validator = jsonschema_rs.validator_for(
                self._anchored(kind), registry=self._rs_registry, validate_formats=True
            )
            self._fast[kind] = validator
        return bool(validator.is_valid(record))

    def errors(self, kind: str, record: Any) -> list[SchemaError]:
        validator = self._slow.get(kind)
        if validator is None:
            validator = jsonschema.Draft202012Validator(
                self._anchored(kind),
                registry=self._py_registry,
                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
            )
            self._slow[kind] = validator
        found = [
            _explain(error, private=self.is_private(kind, tuple(error.absolute_path)))
            for error in _leaves(validator.iter_errors(record))
        ]
        return sorted(found, key=lambda e: [str(p) for p in e.path])

    def is_private(self, kind: str, path: tuple[str | int, ...]) -> bool:
        """True when the value at `path` (list indices allowed) lies in an `"x-public": false`
        field: its value must never appear in a message, only the field's title."""
        private = self._private.get(kind)
        if private is None:
            private = self._private[kind] = frozenset(self.non_public_paths(kind))
        if not private:
            return False
        names = tuple(step for step in path if isinstance(step, str))
        return any(names[:length] in private for length in range(1, len(names) + 1))

    # --- field metadata ------------------------------------------------------------------

    def field_schema(self, kind: str, path: tuple[str | int, ...]) -> dict[str, Any] | None:
        """The subschema describing the value at `path` of a record of `kind`."""
        schema = self.by_kind.get(kind)
        if schema is None:
            return None
        base = self.uris[kind]
        schema, base = self._deref(schema, base)
        for step in path:
            found = self._step(schema, base, step)
            if found is None:
                return None
            schema, base = found
        return schema

    def field_title(self, kind: str, path: tuple[str | int, ...]) -> str:
        """Chinese title of the nearest titled field along `path` (never empty)."""
        for length in range(len(path), 0, -1):
            if isinstance(path[length - 1], int):
                continue
            schema = self.field_schema(kind, path[:length])
            if schema and schema.get("title"):
                return str(schema["title"])
        root = self.by_kind.get(kind, {})
        return str(root.get("title", kind))

    def non_public_paths(self, kind: str) -> list[tuple[str, ...]]:
        """Property paths (no list indices) that carry `"x-public": false`."""
        found: list[tuple[str, ...]] = []
        schema = self.by_kind.get(kind)
        if schema is None:
            return found

        def walk(node: dict[str, Any], base: str, path: tuple[str, ...], depth: int) -> None:
            node, base = self._deref(node, base)
            if depth > 12:
                return
            if node.get(NON_PUBLIC_MARKER) is False and path:
                found.append(path)
                return
            for name, child in (node.get("properties") or {}).items():
                walk(child, base, (*path, name), depth + 1)
            items = node.get("items")
            if isinstance(items, dict):
                walk(items, base, path, depth + 1)

        walk(schema, self.uris[kind], (), 0)
        return found

    def _deref(self, schema: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 20:
            target = urljoin(base, schema["$ref"])
            uri, fragment = urldefrag(target)
            document = self.documents.get(uri or base, {})
            resolved: Any = document
            for part in [p for p in fragment.split("/") if p]:
                resolved = resolved.get(part, {}) if isinstance(resolved, dict) else {}
            # sibling keywords of $ref (title, description) win over the target's
            merged = {**resolved, **{k: v for k, v in schema.items() if k != "$ref"}}
            schema, base = merged, uri or base
            seen += 1
        return schema, base

    def _step(
        self, schema: dict[str, Any], base: str, step: str | int
    ) -> tuple[dict[str, Any], str] | None:
        if isinstance(step, int):
            items = schema.get("items")
            return self._deref(items, base) if isinstance(items, dict) else None
        properties = schema.get("properties") or {}
        if step in properties:
            return self._deref(properties[step], base)
        for combinator in ("allOf", "anyOf", "oneOf"):
            for option in schema.get(combinator) or []:
                resolved, option_base = self._deref(option, base)
                found = self._step(resolved, option_base, step)
                if found is not None:
                    return found
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            return self._deref(extra, base)
        return None


def _leaves(errors: Iterator[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
    """For anyOf/oneOf failures report the branch that got furthest, not the whole tree."""
    for error in errors:
        if error.context:
            best = jsonschema.exceptions.best_match(error.context)
            yield best if best is not None else error
        else:
            yield error


_TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "array": "列表",
    "object": "映射（键: 值）",
    "null": "空值",
}


def _type_name(expected: Any) -> str:
    if isinstance(expected, list):
        return " 或 ".join(_TYPE_NAMES.get(t, str(t)) for t in expected)
    return _TYPE_NAMES.get(str(expected), str(expected))


def _show_private(value: Any) -> str:
    return PRIVATE_VALUE


def _show_value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


PRIVATE_VALUE = "（不公开的值，不显示）"


def _explain(error: jsonschema.ValidationError, *, private: bool = False) -> SchemaError:
    """Chinese message, expectation and hint for one jsonschema error; for a non-public field
    the value itself is never shown."""
    path = tuple(error.absolute_path)
    _show = _show_private if private else _show_value
    keyword = str(error.validator)
    value = error.validator_value
    instance = error.instance
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    message, expected, hint = "取值不符合要求", "", ""
    if keyword == "type":
        message = f"类型不对：现为 {_show(instance)}"
        expected = f"应为{_type_name(value)}"
        if value == "string" and isinstance(instance, int | float | bool):
            hint = "YAML 会把未加引号的数字、true/false 读成非文字；请给这个值加上双引号"
    elif keyword == "required":
        missing = [name for name in value if isinstance(instance, Mapping) and name not in instance]
        titles = [
            str((schema.get("properties") or {}).get(name, {}).get("title", name))
            for name in missing
        ]
        message = "缺少必填字段：" + "、".join(
            f"{t}（{n}）" for t, n in zip(titles, missing, strict=True)
        )
        expected = "应填写" + "、".join(missing)
        hint = "请补充该字段"
    elif keyword == "additionalProperties":
        known = sorted((schema.get("properties") or {}).keys())
        extra = sorted(set(instance) - set(known)) if isinstance(instance, Mapping) else []
        message = "出现了未定义的字段：" + "、".join(map(str, extra))
        expected = "只允许：" + "、".join(known)
        hint = "检查字段名拼写（字段名区分大小写）"
    elif keyword == "enum":
        message = f"取值 {_show(instance)} 不在允许范围内"
        expected = "应为以下之一：" + "、".join(_show_value(v) for v in value)
    elif keyword == "const":
        message = f"取值 {_show(instance)} 不正确"
        expected = f"应为 {_show_value(value)}"
    elif keyword == "pattern":
        message = f"格式不对：{_show(instance)}"
        expected = f"应匹配 {value}"
        hint = str(schema.get("description", ""))[:80]
    elif keyword == "format":
        message = f"格式不对：{_show(instance)}"
        expected = {"date": "应为有效日期 YYYY-MM-DD"}.get(str(value), f"应为 {value} 格式")
        hint = "日期写作 2026-03-01，月份和日期需补零且真实存在"
    elif keyword in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        words = {
            "minimum": "不小于",
            "exclusiveMinimum": "大于",
            "maximum": "不大于",
            "exclusiveMaximum": "小于",
        }
        message = f"数值 {_show(instance)} 超出范围"
        expected = f"应{words[keyword]} {value}"
    elif keyword in ("minItems", "maxItems"):
        message = f"列表有 {len(instance)} 项"
        expected = f"应{'至少' if keyword == 'minItems' else '至多'} {value} 项"
    elif keyword in ("minLength", "maxLength"):
        message = f"文字长度为 {len(instance)}"
        expected = f"应{'至少' if keyword == 'minLength' else '至多'} {value} 个字符"
    elif keyword == "uniqueItems":
        message = "列表中有重复项"
        expected = "各项应互不相同"
    elif keyword in ("oneOf", "anyOf"):
        message = "取值不符合任何一种允许的写法"
        expected = "见该字段的说明"
        hint = str(schema.get("description", ""))[:80]
    elif keyword == "not":
        message = "出现了不允许同时出现的内容"
        hint = str(schema.get("description", ""))[:80]
    elif keyword == "dependentRequired":
        message = "缺少与已填字段相关的必填字段"
        expected = str(value)
    else:
        message = "取值不符合要求" if private else error.message
    return SchemaError(path=path, validator=keyword, message=message, expected=expected, hint=hint)
