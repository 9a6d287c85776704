from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spotcheck.uscc import ALPHABET, check_character, is_valid, make_code

KNOWN_GOOD = ["9144030071526726XG", "91330100799655058B"]

chars = st.sampled_from(ALPHABET)
digits = st.sampled_from("0123456789")


@pytest.mark.parametrize("code", KNOWN_GOOD)
def test_known_good_codes(code: str) -> None:
    assert is_valid(code)
    assert check_character(code[:17]) == code[17]


@pytest.mark.parametrize(
    "code",
    [
        "9144030071526726XA",  # wrong check character
        "9144030071526726X",  # too short
        "9144030071526726XGG",  # too long
        "914403007152672IXG",  # I is not in the alphabet
        "91A4030071526726XG",  # division must be digits
        "",
        "9144030071526726xg",  # lower case is not accepted
    ],
)
def test_invalid_codes(code: str) -> None:
    assert not is_valid(code)


def test_non_string_is_invalid() -> None:
    assert not is_valid(None)  # type: ignore[arg-type]


def test_check_character_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        check_character("123")
    with pytest.raises(ValueError):
        check_character("9144030071526726O")


def test_make_code_reproduces_known_code() -> None:
    assert make_code("9", "1", "440300", "71526726X") == "9144030071526726XG"


def test_make_code_rejects_bad_parts() -> None:
    with pytest.raises(ValueError):
        make_code("9", "1", "44011", "MA59ABCDE")
    with pytest.raises(ValueError):
        make_code("9", "1", "440114", "MA59ABCD")
    with pytest.raises(ValueError):
        make_code("9", "1", "440114", "MA59ABCDO")


@given(
    authority=chars,
    entity_type=chars,
    division=st.text(digits, min_size=6, max_size=6),
    org9=st.text(chars, min_size=9, max_size=9),
    position=st.integers(0, 17),
    replacement=chars,
)
def test_make_code_always_valid_and_single_changes_detected(
    authority: str, entity_type: str, division: str, org9: str, position: int, replacement: str
) -> None:
    code = make_code(authority, entity_type, division, org9)
    assert is_valid(code)
    changed = code[:position] + replacement + code[position + 1 :]
    # Weights are non-zero mod 31 (a prime), so any one-character change alters the sum.
    assert changed == code or not is_valid(changed)
