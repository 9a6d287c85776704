"""The editor schemas of list files (`schemas/editor/<kind>-list.schema.json`): self-contained
bundles of the record schema and what it references.

Why bundles: a list wrapper that says `{"$ref": "../target.schema.json"}` makes a tool resolve
`common.schema.json` from inside `target.schema.json`; check-jsonschema (0.39) resolves that
second step against the wrapper's folder and fails. A bundle carries the record schema and
the schemas it uses under `$defs`, with every `$ref` rewritten to a local `#/$defs/…`
pointer, so any tool validates a list file offline from the one file.

The record schemas stay the source; the wrappers are generated from them:
`python -m spotcheck.schema_bundle` (tests/test_standard_tools.py checks they are current).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

# kind → (title, description) of its list wrapper
LISTS: dict[str, tuple[str, str]] = {
    "item": ("随机抽查事项清单", "一个文件中的随机抽查事项清单记录列表"),
    "target": ("检查对象名录", "一个文件中的检查对象名录记录列表"),
    "inspector": ("执法检查人员名录", "一个文件中的执法检查人员名录记录列表"),
    "result": (
        "检查结果列表",
        "一个任务的检查结果列表文件（results/<年度>/<任务>/<序号>.yaml）中的记录列表",
    ),
}
_EXTERNAL = re.compile(r"^(?:\./)?([a-z0-9-]+)\.schema\.json(#.*)?$")


def _rewrite(node: Any, name: str, used: set[str]) -> Any:
    """A copy of a schema embedded at `#/$defs/<name>`, its `$ref`s made local."""
    if isinstance(node, dict):
        copy: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                copy[key] = _local_ref(value, name, used)
            elif key != "$schema":
                copy[key] = _rewrite(value, name, used)
        return copy
    if isinstance(node, list):
        return [_rewrite(item, name, used) for item in node]
    return node


def _local_ref(ref: str, name: str, used: set[str]) -> str:
    if ref.startswith("#"):
        return f"#/$defs/{name}{ref[1:]}"
    match = _EXTERNAL.match(ref)
    if match is None:
        raise ValueError(f"cannot bundle $ref {ref!r}")
    other, fragment = match.group(1), match.group(2) or "#"
    used.add(other)
    return f"#/$defs/{other}{fragment[1:]}"


def bundle(folder: Path, kind: str) -> dict[str, Any]:
    """The list wrapper for `kind`, with every schema it needs embedded."""
    title, description = LISTS[kind]
    definitions: dict[str, Any] = {}
    pending = [kind]
    while pending:
        name = pending.pop()
        if name in definitions:
            continue
        used: set[str] = set()
        source = json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
        definitions[name] = _rewrite(source, name, used)
        pending.extend(sorted(used - set(definitions)))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": f"编辑器用包装模式：{description}，每项按 {kind}.schema.json 校验。"
        "由 python -m spotcheck.schema_bundle 从 schemas/ 中的记录模式生成（自包含，便于离线校验），"
        "请勿手工修改。",
        "type": "array",
        "items": {"$ref": f"#/$defs/{kind}"},
        "$defs": dict(sorted(definitions.items())),
    }


def render(folder: Path, kind: str) -> str:
    return json.dumps(bundle(folder, kind), ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    from spotcheck.schemas import schemas_dir

    folder = schemas_dir()
    for kind in LISTS:
        path = folder / "editor" / f"{kind}-list.schema.json"
        path.write_text(render(folder, kind), encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
