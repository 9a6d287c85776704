"""`spotcheck.results.list_file`: a result inserted into a list file lands where its credit
code sorts, and every other record keeps its text, whatever the order of additions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spotcheck import yamlio
from spotcheck.results.list_file import ResultListError, with_result, with_results

PATH = "records/results/2026/2026-SCJG-01/001.yaml"


def item(target: str) -> str:
    return (
        f'# 对象 {target}\n- task: "2026-SCJG-01"\n  target: "{target}"\n'
        '  items:\n    - item: "SCJG-001"  # 注释\n      codes: []\n'
    )


@given(st.lists(st.from_regex(r"9144011[0-9A-Z]{11}", fullmatch=True), unique=True, max_size=8))
def test_insertions_keep_the_file_sorted_and_each_record_verbatim(targets: list[str]) -> None:
    text: str | None = None
    for target in targets:
        text = with_result(text, item(target), PATH)
    if not targets:
        return
    assert text is not None
    data = yamlio.parse(text, PATH)
    assert [d["target"] for d in data] == sorted(targets)
    for target in targets:
        assert item(target) in text  # the comment line travels with its record
    assert text.startswith("# yaml-language-server: $schema=")


codes = st.lists(st.from_regex(r"9144011[0-9A-Z]{11}", fullmatch=True), unique=True, max_size=8)


@given(codes, codes)
def test_adding_several_at_once_is_adding_them_one_by_one(
    before: list[str], added: list[str]
) -> None:
    added = [code for code in added if code not in before]
    text: str | None = None
    for target in before:
        text = with_result(text, item(target), PATH)
    one_by_one = text
    for target in added:
        one_by_one = with_result(one_by_one, item(target), PATH)
    at_once = with_results(text, [item(target) for target in added], PATH) if added else text
    assert at_once == one_by_one


def test_a_file_that_is_not_a_block_list_is_refused() -> None:
    flow = '[{task: "2026-SCJG-01", target: "B"}]\n'
    with pytest.raises(ResultListError, match="未写入"):
        with_result(flow, item("A"), PATH)
    with pytest.raises(ResultListError, match="不是结果列表"):
        with_result('task: "2026-SCJG-01"\n', item("A"), PATH)
