"""公民身份号码 (GB 11643-1999): check character and birth date."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from generator import idcard

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
