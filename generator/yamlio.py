"""Strict YAML reading and writing for records.

Reading has two paths that agree on values:

* `parse` — the fast path for every file: `yaml_rs` (a Rust YAML 1.2 parser, ~17x faster than
  PyYAML's C loader on target files). YAML 1.2 keeps `no`, `on`, `2026-01-01` as text, and
  duplicate keys are an error. A leading-zero number such as `012` still parses as a number;
  the schemas expect text for codes, so validation reports it with a hint to quote it.
* `locate` — the precise path, only for a file that has something to report: PyYAML's
  composer gives the line and column of every key and value, addressed by its path.

Writing (`dump`) emits block YAML whose strings are always double-quoted JSON strings, so a
written record reads back to exactly the same data under YAML 1.1 or 1.2.
"""

from __future__ import annotations

import functools
import json
import json.encoder
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
import yaml_rs

from spotcheck.errors import SpotcheckError

Path_ = tuple[str | int, ...]

_LOCATION = re.compile(r"line (\d+),? column (\d+)")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


class YamlSyntaxError(SpotcheckError):
    """A file that is not valid YAML (or has a duplicate key); carries a 1-based position and
    the finding code (`yaml-syntax`, or `yaml-alias` / `yaml-depth` for a refused structure)."""

    def __init__(
        self, path: str, position: Position | None, reason: str, code: str = "yaml-syntax"
    ) -> None:
        self.path = path
        self.position = position
        self.reason = reason
        self.code = code
        where = f"{path}:{position.line}:{position.column}" if position else path
        super().__init__(f"{where}: YAML 格式错误：{reason}")


def _translate(reason: str) -> str:
    """Chinese gloss for the commonest parser complaints; the original text follows."""
    first_line = reason.strip().splitlines()[-1].strip() if reason.strip() else reason
    if "duplicate" in reason:
        key = re.search(r"duplicate mapping key: (.*)", reason)
        return f"重复的键 {key.group(1) if key else ''}（同一映射中每个键只能出现一次）".strip()
    glossary = {
        "mapping values are not allowed": "此处不允许出现“:”，含冒号的文字请加引号",
        "illegal placement of ':' indicator": "冒号位置不正确，含冒号的文字请加引号",
        "did not find expected": "缩进或括号不匹配",
        "found character that cannot start any token": "出现了不能开始一个值的字符（例如制表符），请改用空格缩进",
        "tab": "不能使用制表符缩进，请改用空格",
        "unexpected end": "文件意外结束（引号或括号未闭合）",
        "invalid indentation": "缩进不正确",
    }
    for needle, gloss in glossary.items():
        if needle in reason:
            return f"{gloss}（{first_line}）"
    return f"无法解析（{first_line}）"


DEFAULT_DEPTH = 32  # spotcheck.limits.BOUNDS["depth"].default


def parse(text: str, path: str, line_offset: int = 0, *, depth: int = DEFAULT_DEPTH) -> Any:
    """Parse one document with the fast YAML 1.2 parser; errors name the file and line.

    Refused before parsing: anchors and aliases, and nesting deeper than `depth` (the Rust
    parser crashes the process on ~20,000 levels; Python's checks recurse).
    """
    if "\t" in text and re.search(r"^\t", text, re.MULTILINE):
        line = next(i for i, s in enumerate(text.splitlines(), 1) if s.startswith("\t"))
        raise YamlSyntaxError(
            path, Position(line + line_offset, 1), "不能使用制表符缩进，请改用空格"
        )
    if "&" in text and _ANCHOR.search(text):
        _refuse_aliases(text, path, line_offset)
    if _might_be_deeper(text, depth):
        _refuse_depth(text, path, line_offset, depth)
    try:
        return yaml_rs.loads(text, parse_datetime=False)
    except yaml_rs.YAMLDecodeError as error:
        reason = str(error)
        match = _LOCATION.search(reason)
        position = (
            Position(int(match.group(1)) + line_offset, int(match.group(2))) if match else None
        )
        if position is None or "duplicate" in reason:
            position = _duplicate_key_position(text, line_offset) or position
        if "recursion limit exceeded" in reason:
            raise YamlSyntaxError(
                path,
                position or Position(1 + line_offset, 1),
                f"嵌套超过 {depth} 层（config.yaml 的 limits.depth）：记录不需要这么深的结构",
                code="yaml-depth",
            ) from None
        better = _opening_of_unclosed(text, line_offset)
        if better is not None:
            raise YamlSyntaxError(path, better[0], better[1]) from None
        # every message has a place: the file's start when the parser names none
        position = position or Position(1 + line_offset, 1)
        raise YamlSyntaxError(path, position, _translate(reason)) from None
    except (ValueError, RecursionError) as error:  # e.g. alias limits, absurd nesting
        raise YamlSyntaxError(path, Position(1 + line_offset, 1), _translate(str(error))) from None
    except TypeError:  # a complex key (`? `) that is a mapping or a list: Python cannot hash it
        raise YamlSyntaxError(
            path,
            Position(1 + line_offset, 1),
            "键必须是文字，不能是映射或列表（以“? ”开头的复杂键）",
        ) from None


# An anchor `&name` where a node may start; a match is confirmed by the scanner (a quoted
# "A &B" is text). Without an anchor there is no alias: an unknown alias does not parse.
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]", re.MULTILINE)


def _refuse_aliases(text: str, path: str, line_offset: int) -> None:
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader):
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                mark = token.start_mark
                raise YamlSyntaxError(
                    path,
                    Position(mark.line + 1 + line_offset, mark.column + 1),
                    f"记录中不允许使用 YAML 锚点或别名（{'&' if isinstance(token, yaml.AnchorToken) else '*'}"
                    f"{token.value}）：请把每个值直接写出来",
                    code="yaml-alias",
                )
    except yaml.YAMLError:
        return  # not valid YAML: the parser says where


def _might_be_deeper(text: str, depth: int) -> bool:
    """Cheap and conservative: a block collection nests at most one level per column of
    indentation (and "- " / "? " / ": " indicators), so without a line indented that far the
    blocks cannot be deeper. Flow collections (`[ ]`, `{ }`) need no check before parsing:
    the parser refuses more than ~256 levels itself ("recursion limit exceeded", reported
    as nesting too deep), and below that the checks only descend as deep as the schemas."""
    first_line, deep_line = _depth_patterns(depth)
    return deep_line.search(text) is not None or first_line.match(text) is not None


@functools.cache
def _depth_patterns(depth: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    lead = max(depth - 2, 1)
    # a literal "\n" first: the scan runs at memchr speed (~3% of a cold validate otherwise)
    return re.compile(f"[ ?:-]{{{lead}}}"), re.compile(f"\\n[ ?:-]{{{lead}}}")


def _refuse_depth(text: str, path: str, line_offset: int, depth: int) -> None:
    """Measure nesting with libyaml's event stream (iterative, linear)."""
    level = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                level += 1
                if level > depth:
                    mark = event.start_mark
                    raise YamlSyntaxError(
                        path,
                        Position(mark.line + 1 + line_offset, mark.column + 1),
                        f"嵌套超过 {depth} 层（config.yaml 的 limits.depth）：记录不需要这么深的结构",
                        code="yaml-depth",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                level -= 1
    except yaml.YAMLError:
        return


_OPENERS = {"[": "]", "{": "}"}


def _opening_of_unclosed(text: str, line_offset: int) -> tuple[Position, str] | None:
    """For an unclosed bracket or quote, where it opened (libyaml's context mark)."""
    try:
        for _ in yaml.scan(text, Loader=yaml.CSafeLoader):
            pass
        for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
            pass
    except yaml.MarkedYAMLError as error:
        context = error.context or ""
        mark = error.context_mark
        if mark is None:
            return None
        position = Position(mark.line + 1 + line_offset, mark.column + 1)
        if "flow sequence" in context:
            return position, "这里开始的“[”没有配对的“]”（方括号未闭合）"
        if "flow mapping" in context:
            return position, "这里开始的“{”没有配对的“}”（花括号未闭合）"
        if "quoted scalar" in context and "end of stream" in (error.problem or ""):
            return position, "这里开始的引号没有闭合"
    except yaml.YAMLError:
        return None
    return None


def _duplicate_key_position(text: str, line_offset: int) -> Position | None:
    """Where the second occurrence of a duplicated key is (yaml_rs does not say)."""
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return None
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        mark = key.start_mark
                        return Position(mark.line + 1 + line_offset, mark.column + 1)
                    seen.add(key.value)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Split Markdown into (front-matter YAML, body, line of the body's first line - 1)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        raise YamlSyntaxError(
            path, Position(1, 1), "Markdown 文件开头缺少以 --- 包围的 YAML 头信息"
        )
    header = match.group(1) or ""
    body_offset = text.count("\n", 0, match.end())
    return header, text[match.end() :], body_offset


def locate(text: str, line_offset: int = 0) -> dict[Path_, Position]:
    """Line and column of every value (and of every key, under path + ("<key>",))."""
    positions: dict[Path_, Position] = {}
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return positions
    if root is None:
        return positions

    def mark(node: yaml.Node) -> Position:
        return Position(node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)

    stack: list[tuple[Path_, yaml.Node]] = [((), root)]
    seen: set[int] = set()  # an alias is the same node again: visit each once (no blow-up)
    while stack:
        path, node = stack.pop()
        positions[path] = mark(node)
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    positions[(*path, key.value, "<key>")] = mark(key)
                    stack.append(((*path, key.value), value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(((*path, index), value) for index, value in enumerate(node.value))
    return positions


def nearest_position(positions: Mapping[Path_, Position], path: Path_) -> Position | None:
    """The position of `path`, or of its closest ancestor that the file has."""
    for length in range(len(path), -1, -1):
        found = positions.get(tuple(path[:length]))
        if found is not None:
            return found
    return None


# --- writing -------------------------------------------------------------------------------

# Characters YAML forbids raw, or reads as line breaks (NEL, U+2028/9); \u escapes are valid
# in double-quoted YAML scalars. Plain keys and numbers never hold one, so escaping the quoted
# strings escapes them all (one regex pass over a whole 3 MB draw took 0.05 s; most strings are
# ASCII and skip it).
_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|\ufeff"
)
# A letter first: yaml-rs reads "_0" as the number 0. \Z, not $: "$" also matches before a final
# newline, and "A\n" written plain is not a key at all.
_PLAIN_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*\Z")
_RESERVED_KEYS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
# The C escaper JSONEncoder(ensure_ascii=False).encode calls for a str, without its Python frame;
# it escapes U+0000-U+001F, quotes and backslashes.
_json_quote = json.encoder.encode_basestring


def _quote(text: str) -> str:
    quoted = _json_quote(text)
    if quoted.isascii() and "\x7f" not in quoted:
        return quoted
    return _UNPRINTABLE.sub(_escape, quoted)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _scalar(value: Any) -> str:
    if type(value) is str:  # the common case first: writing a draw formats ~100k strings
        return _quote(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return repr(value)
    return _quote(str(value))


@functools.cache
def _key(key: Any) -> str:
    # Cached: a record repeats the same few keys thousands of times.
    if isinstance(key, str) and _PLAIN_KEY.match(key) and key.lower() not in _RESERVED_KEYS:
        return key
    return _scalar(key)


def _is_block(value: Any) -> bool:
    """A non-empty mapping or sequence (written on its own lines)."""
    if isinstance(value, str):
        return False
    return isinstance(value, Mapping | Sequence) and bool(value)


def _inline(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "[]"
    return _scalar(value)


_SCALAR_TYPES = (str, int, float, bool, type(None))


def _emit(value: Any, pad: str, first: str, lines: list[str]) -> None:
    """Write `value` at indentation `pad`; `first` prefixes its first line (a list's "- ")."""
    if isinstance(value, Mapping):
        lead = first
        for key, item in value.items():
            label = f"{lead}{_key(key)}:"
            lead = pad
            if type(item) in _SCALAR_TYPES:
                lines.append(f"{label} {_scalar(item)}")
            elif _is_block(item):
                lines.append(label)
                _emit(item, pad + "  ", pad + "  ", lines)
            else:
                lines.append(f"{label} {_inline(item)}")
    else:  # a non-empty sequence
        lead = first
        for item in value:
            if isinstance(item, Mapping) and item:
                _emit(item, pad + "  ", lead + "- ", lines)
            elif _is_block(item):
                lines.append(f"{lead}-")
                _emit(item, pad + "  ", pad + "  ", lines)
            else:
                lines.append(f"{lead}- {_inline(item)}")
            lead = pad


def dump(data: Any, schema_modeline: str | None = None) -> str:
    """Block-style YAML with every string double-quoted; optional editor modeline first."""
    lines: list[str] = []
    if schema_modeline:
        lines.append(f"# yaml-language-server: $schema={schema_modeline}")
    if _is_block(data):
        _emit(data, "", "", lines)
    else:
        lines.append(_inline(data))
    return "\n".join(lines) + "\n"
