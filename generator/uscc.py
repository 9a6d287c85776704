"""统一社会信用代码 (unified social credit code, GB 32100-2015): check character and validation.

Pure functions on strings; no I/O.
"""

from __future__ import annotations

import re
from operator import mul

# GB 32100-2015 character set: digits plus capitals without I, O, S, V, Z.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# \Z, not $: "$" also matches before a final newline, which would accept "<code>\n".
_SHAPE = re.compile(r"^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}\Z")


def check_character(first17: str) -> str:
    """The 18th character for the given first 17 characters.

    Raises ValueError if the input is not 17 characters from ALPHABET.
    """
    if len(first17) != 17:
        raise ValueError(f"需要 17 个字符，实际 {len(first17)} 个：{first17!r}")
    try:
        # map/mul instead of a generator: this runs for every target on every cold validation
        total = sum(map(mul, map(_VALUE.__getitem__, first17), WEIGHTS))
    except KeyError as error:
        raise ValueError(f"含有代码字符集以外的字符：{error.args[0]!r}") from None
    # 31 - (sum mod 31) lies in 1..31; 31 stands for value 0.
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    """True if `code` has the GB 32100-2015 shape and a correct check character."""
    if not isinstance(code, str) or not _SHAPE.match(code):
        return False
    return check_character(code[:17]) == code[17]


def make_code(authority: str, entity_type: str, division: str, org9: str) -> str:
    """Assemble a code: authority (1 char), entity type (1), division (6 digits), org code (9).

    E.g. make_code("9", "1", "440114", "MA59XXXXX"): market-regulation enterprise in 花都区.
    """
    if len(authority) != 1 or len(entity_type) != 1:
        raise ValueError("登记管理部门代码和机构类别代码各为 1 个字符")
    if len(division) != 6 or not division.isdigit():
        raise ValueError(f"行政区划码须为 6 位数字：{division!r}")
    if len(org9) != 9:
        raise ValueError(f"主体标识码须为 9 个字符：{org9!r}")
    first17 = authority + entity_type + division + org9
    code = first17 + check_character(first17)
    if not _SHAPE.match(code):
        raise ValueError(f"含有代码字符集以外的字符：{first17!r}")
    return code
