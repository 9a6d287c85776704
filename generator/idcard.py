"""公民身份号码 (citizen identity number, GB 11643-1999): check character and birth date.

Pure functions on strings; no I/O. Messages about a number never show it: the number is a
non-public field (schemas/inspector.schema.json).
"""

from __future__ import annotations

import datetime as dt
import re
from operator import mul

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"  # indexed by (Σ digit × weight) mod 11
_SHAPE = re.compile(r"[0-9]{17}[0-9X]\Z")


def check_character(first17: str) -> str:
    """The 18th character for 17 digits (ISO 7064 MOD 11-2)."""
    if len(first17) != 17 or not first17.isdigit() or not first17.isascii():
        raise ValueError("需要 17 位数字")
    return CHECK_CHARACTERS[sum(map(mul, map(int, first17), WEIGHTS)) % 11]


def problem(number: str, today: dt.date | None = None) -> str | None:
    """What is wrong with an 18-character number, in Chinese without the number; None if
    valid. A number of the wrong shape is the schema's to report (None here too)."""
    if not isinstance(number, str) or not _SHAPE.match(number):
        return None
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "第 7–14 位的出生日期不是真实存在的日期"
    if birth.year < 1900 or birth > (today or dt.date.today()):
        return "第 7–14 位的出生日期不在合理范围内（1900 年以后、不晚于今天）"
    if check_character(number[:17]) != number[17]:
        return "校验位（第 18 位）错误"
    return None


def is_valid(number: str, today: dt.date | None = None) -> bool:
    return bool(isinstance(number, str) and _SHAPE.match(number)) and problem(number, today) is None
