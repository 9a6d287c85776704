"""Credit-code rules: 统一社会信用代码 (GB 32100-2015), generator/uscc.py.

A code is 18 characters: registration authority (1) and entity type (1) from the code
alphabet, a 6-digit administrative division, a 9-character organisation code, and a check
character. Each rule is shown failing on its own: every other rule of the case holds,
including a correct check character where the shape allows one to be computed.
"""

from __future__ import annotations

import pytest

from spotcheck.uscc import ALPHABET, WEIGHTS, check_character, is_valid, make_code

GOOD = "9144030071526726XG"


def with_check(first17: str) -> str:
    """`first17` completed by the check character the weights give (letters outside the shape's
    position rules included, so the check character is never what fails)."""
    return first17 + check_character(first17)


def test_code_alphabet_has_no_i_o_s_v_z() -> None:
    assert ALPHABET == "0123456789ABCDEFGHJKLMNPQRTUWXY"
    assert len(ALPHABET) == 31 and len(WEIGHTS) == 17


def test_a_published_code_is_valid() -> None:
    assert is_valid(GOOD)
    assert is_valid("91330100799655058B")


def test_check_character_is_31_minus_the_weighted_sum_mod_31() -> None:
    first17 = GOOD[:17]
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    assert check_character(first17) == ALPHABET[(31 - total % 31) % 31] == "G"


def test_check_character_for_a_sum_divisible_by_31_is_zero() -> None:
    # 31 - 0 = 31 stands for value 0
    assert check_character("91440114MA5000015") == "0"
    assert is_valid("91440114MA50000150")


def test_check_character_of_all_zeros_is_zero() -> None:
    assert check_character("0" * 17) == "0"
    assert check_character("0" * 16 + "1") == ALPHABET[31 - 28]  # last weight is 28


@pytest.mark.parametrize("length", [16, 18])
def test_check_character_needs_exactly_17_characters(length: int) -> None:
    first = ("9144030071526726XG" * 2)[:length]
    with pytest.raises(ValueError) as error:
        check_character(first)
    assert str(error.value) == f"需要 17 个字符，实际 {length} 个：{first!r}"


def test_check_character_rejects_characters_outside_the_alphabet() -> None:
    with pytest.raises(ValueError) as error:
        check_character("9144030071526726O")
    assert str(error.value) == "含有代码字符集以外的字符：'O'"


def test_wrong_check_character_is_invalid() -> None:
    assert not is_valid(GOOD[:17] + "A")


def test_letter_in_the_division_is_invalid_even_with_a_correct_check_character() -> None:
    code = with_check("9144A114MA5900001")
    assert code == "9144A114MA5900001M"
    assert not is_valid(code)


@pytest.mark.parametrize("position", [2, 7])
def test_letter_at_either_end_of_the_division_is_invalid(position: int) -> None:
    first17 = GOOD[:position] + "A" + GOOD[position + 1 : 17]
    assert not is_valid(with_check(first17))


def test_digit_or_letter_in_authority_and_type_is_valid() -> None:
    assert is_valid(with_check("Y1440300715267260"))
    assert is_valid(with_check("9A440300715267260"))


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_excluded_letter_in_any_part_is_invalid(letter: str) -> None:
    for position in (0, 1, 8, 16, 17):
        assert not is_valid(GOOD[:position] + letter + GOOD[position + 1 :])


def test_lower_case_is_invalid() -> None:
    assert not is_valid(GOOD.lower())
    assert not is_valid(GOOD[:17] + "g")


@pytest.mark.parametrize("code", [GOOD[:17], GOOD + "G", GOOD + "\n", GOOD + "\r", " " + GOOD, ""])
def test_wrong_length_or_whitespace_is_invalid(code: str) -> None:
    assert not is_valid(code)


@pytest.mark.parametrize("value", [None, 91440300715267260, b"9144030071526726XG"])
def test_a_non_string_is_invalid(value: object) -> None:
    assert not is_valid(value)  # type: ignore[arg-type]


def test_make_code_assembles_the_parts_and_the_check_character() -> None:
    assert make_code("9", "1", "440300", "71526726X") == GOOD


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "1", "440300", "71526726X"), "登记管理部门代码和机构类别代码各为 1 个字符"),
        (("91", "1", "440300", "71526726X"), "登记管理部门代码和机构类别代码各为 1 个字符"),
        (("9", "", "440300", "71526726X"), "登记管理部门代码和机构类别代码各为 1 个字符"),
        (("9", "12", "440300", "71526726X"), "登记管理部门代码和机构类别代码各为 1 个字符"),
        (("9", "1", "44030", "71526726X"), "行政区划码须为 6 位数字：'44030'"),
        (("9", "1", "4403000", "71526726X"), "行政区划码须为 6 位数字：'4403000'"),
        (("9", "1", "44A300", "71526726X"), "行政区划码须为 6 位数字：'44A300'"),
        (("9", "1", "440300", "71526726"), "主体标识码须为 9 个字符：'71526726'"),
        (("9", "1", "440300", "71526726XX"), "主体标识码须为 9 个字符：'71526726XX'"),
        (("9", "1", "440300", "71526726O"), "含有代码字符集以外的字符：'O'"),
    ],
)
def test_make_code_rejects_each_bad_part_on_its_own(
    parts: tuple[str, str, str, str], message: str
) -> None:
    with pytest.raises(ValueError) as error:
        make_code(*parts)
    assert str(error.value) == message
