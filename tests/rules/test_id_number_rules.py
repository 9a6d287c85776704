"""公民身份号码 (GB 11643-1999): check character and birth date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spotcheck import idcard

# the standard's worked example
EXAMPLE = "11010519491231002X"


def test_the_standard_example() -> None:
    assert idcard.check_character(EXAMPLE[:17]) == "X"
    assert idcard.is_valid(EXAMPLE)
    assert idcard.problem("110105194912310021") == "校验位（第 18 位）错误"


def test_the_birth_date_is_checked() -> None:
    body = "11010519490231002"  # 31 February
    assert "出生日期" in str(idcard.problem(body + idcard.check_character(body)))
    future = "11010520990101002"
    assert "合理范围" in str(
        idcard.problem(future + idcard.check_character(future), dt.date(2026, 1, 1))
    )


def test_a_wrong_shape_is_left_to_the_schema() -> None:
    assert idcard.problem("12345") is None and idcard.problem("11010519491231002x") is None
    assert idcard.problem("١١010519491231002X") is None  # Arabic-Indic digits are not digits here


@given(
    st.from_regex(
        r"\A[0-9]{6}(19[5-9][0-9]|200[0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}\Z"
    )
)
def test_every_single_digit_change_is_caught(body: str) -> None:
    number = body + idcard.check_character(body)
    assert idcard.is_valid(number)
    for position in range(18):
        for replacement in "0123456789X":
            changed = number[:position] + replacement + number[position + 1 :]
            assert changed == number or not idcard.is_valid(changed), changed


# --- each rule on both sides of its boundary (mutation testing: benchmarks/mutation.py idcard)


def _number(birth: str, order: str = "123") -> str:
    first17 = f"440114{birth}{order}"
    return first17 + idcard.check_character(first17)


def test_the_check_character_needs_exactly_17_ascii_digits() -> None:
    with pytest.raises(ValueError, match="需要 17 位数字"):
        idcard.check_character("4401141990010112")  # 16
    with pytest.raises(ValueError, match="需要 17 位数字"):
        idcard.check_character("44011419900101123X"[:16] + "X")
    with pytest.raises(ValueError, match="需要 17 位数字"):
        idcard.check_character(
            "４４０１１４１９９００１０１１２３"
        )  # full-width digits are digits too


def test_an_impossible_birth_date_is_named_exactly() -> None:
    first17 = "44011419900230123"
    number = first17 + idcard.check_character(first17)
    assert idcard.problem(number) == "第 7–14 位的出生日期不是真实存在的日期"


def test_born_in_1900_is_in_range_and_1899_is_not() -> None:
    today = dt.date(2026, 11, 28)
    assert idcard.problem(_number("19000101"), today) is None
    assert idcard.problem(_number("18991231"), today) == (
        "第 7–14 位的出生日期不在合理范围内（1900 年以后、不晚于今天）"
    )


def test_born_today_is_in_range_and_tomorrow_is_not() -> None:
    today = dt.date(2026, 11, 28)
    assert idcard.problem(_number("20261128"), today) is None
    assert idcard.is_valid(_number("20261128"), today)
    assert idcard.problem(_number("20261129"), today) is not None


def test_validity_is_judged_on_the_given_day_not_the_clock() -> None:
    long_ago = dt.date(2000, 1, 1)
    born_later = _number("20100101")
    assert not idcard.is_valid(born_later, long_ago)
    assert idcard.is_valid(born_later, dt.date(2026, 11, 28))
