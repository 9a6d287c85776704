"""Strict YAML: YAML 1.2 scalars, duplicate keys refused, positions for every value."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from spotcheck import yamlio


def test_yaml_11_surprises_stay_text() -> None:
    data = yamlio.parse("a: no\nb: on\nc: 2026-01-01\nd: '012'\ne: y\n", "f.yaml")
    assert data == {"a": "no", "b": "on", "c": "2026-01-01", "d": "012", "e": "y"}


def test_duplicate_key_is_refused_with_its_line() -> None:
    try:
        yamlio.parse("name: a\nother: 1\nname: b\n", "records/x.yaml")
    except yamlio.YamlSyntaxError as error:
        assert error.position == yamlio.Position(3, 1)
        assert "重复的键" in error.reason
        assert str(error).startswith("records/x.yaml:3:1")
    else:
        raise AssertionError("duplicate key accepted")


def test_syntax_error_has_line_and_chinese_reason() -> None:
    try:
        yamlio.parse("a: b: c\n", "f.yaml")
    except yamlio.YamlSyntaxError as error:
        assert error.position is not None and error.position.line == 1
        assert "冒号" in error.reason or "不允许" in error.reason
    else:
        raise AssertionError("bad YAML accepted")


def test_tab_indentation_is_named() -> None:
    try:
        yamlio.parse("a:\n\t- 1\n", "f.yaml")
    except yamlio.YamlSyntaxError as error:
        assert error.position == yamlio.Position(2, 1)
        assert "制表符" in error.reason
    else:
        raise AssertionError("tab accepted")


def test_a_complex_key_that_is_a_mapping_is_a_located_chinese_error() -> None:
    # found by tests/test_fuzz.py: the parser raised TypeError (an unhashable key)
    with pytest.raises(yamlio.YamlSyntaxError) as caught:
        yamlio.parse("? : a: 1\n", "x.yaml")
    assert caught.value.position is not None and caught.value.position.line == 1
    assert "复杂键" in caught.value.reason


def test_locate_finds_nested_values() -> None:
    text = "tasks:\n  - id: T1\n    items:\n      - A\n      - B\n"
    positions = yamlio.locate(text)
    assert positions[("tasks", 0, "items", 1)] == yamlio.Position(5, 9)
    assert yamlio.nearest_position(positions, ("tasks", 0, "missing")) == yamlio.Position(2, 5)


def test_front_matter_split_keeps_line_numbers() -> None:
    header, body, offset = yamlio.split_front_matter("---\nid: R\n---\n# 标题\n", "r.md")
    assert header == "id: R\n"
    assert body == "# 标题\n"
    assert offset == 3


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.text(max_size=20),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4),
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(documents)
def test_dump_round_trips_under_both_parsers(data: object) -> None:
    text = yamlio.dump(data)
    assert yamlio.parse(text, "x.yaml") == data
    assert yaml.safe_load(text) == data


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_raises_anything_but_a_yaml_error(text: str) -> None:
    try:
        yamlio.parse(text, "random.yaml")
    except yamlio.YamlSyntaxError as error:
        assert str(error).startswith("random.yaml")
    yamlio.locate(text)


@pytest.mark.parametrize(
    "text", ["a\x7fb", "a\x85b", "行\u2028分\u2029段", "\ufeffbom", "\x00\t\x1b", "\ud7ff\ue000"]
)
def test_dump_escapes_what_yaml_cannot_hold_raw(text: str) -> None:
    dumped = yamlio.dump({"name": text, text: [text]})
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufeff]", dumped)
    assert yamlio.parse(dumped, "x.yaml") == {"name": text, text: [text]}
    assert yaml.safe_load(dumped) == {"name": text, text: [text]}


@pytest.mark.parametrize("key", ["_0", "A\n", "_1_000", "x\r"])
def test_keys_that_would_read_back_as_something_else_are_quoted(key: str) -> None:
    text = yamlio.dump({key: None})
    assert yamlio.parse(text, "x.yaml") == {key: None}
    assert yaml.safe_load(text) == {key: None}
