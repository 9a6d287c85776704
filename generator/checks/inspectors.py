"""The inspector directory (执法检查人员名录库): enforcement certificates."""

from __future__ import annotations

from collections.abc import Iterator

from spotcheck import idcard
from spotcheck.checks.base import CheckContext, Finding
from spotcheck.records import Record, RecordSet


def certificate_covers(inspector: dict[str, object], start: str, end: str) -> bool:
    """True when the enforcement certificate is valid on every day from start to end."""
    certificate = inspector.get("certificate") or {}
    if not isinstance(certificate, dict):
        return False
    valid_from = str(certificate.get("valid_from", "9999-12-31"))
    valid_until = str(certificate.get("valid_until", "0000-01-01"))
    return valid_from <= start and valid_until >= end


def check_certificates(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """Certificate numbers are unique, and each is valid from before it ends."""
    numbers: dict[str, Record] = {}
    for inspector in records.of("inspector"):
        certificate = inspector.data.get("certificate") or {}
        number = certificate.get("number")
        if number:
            earlier = numbers.setdefault(str(number), inspector)
            if earlier is not inspector:
                yield Finding(
                    inspector,
                    ("certificate", "number"),
                    f"执法证号 {number} 与 {earlier.id} 重复",
                    expected="每人的执法证号应唯一",
                    hint=f"另见 {earlier.path}",
                    code="certificate-duplicate",
                )
        start, end = certificate.get("valid_from"), certificate.get("valid_until")
        if start and end and str(start) > str(end):
            yield Finding(
                inspector,
                ("certificate", "valid_until"),
                f"执法证有效期止 {end} 早于起 {start}",
                expected="有效期止应不早于有效期起",
                code="certificate-dates",
            )
        if (
            inspector.data.get("active") is not False
            and end
            and str(end) < context.today.isoformat()
        ):
            yield Finding(
                inspector,
                ("certificate", "valid_until"),
                f"执法证已于 {end} 过期，但人员仍为在岗",
                expected="换发执法证后更新有效期，或将该人员设为不在岗",
                level="warning",
                code="certificate-expired",
            )


def check_id_numbers(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """居民身份证号码 has a real birth date and a valid GB 11643-1999 check character. The
    message never shows the number (it is not public)."""
    for inspector in records.of("inspector"):
        wrong = idcard.problem(inspector.data.get("id_number"), context.today)  # type: ignore[arg-type]
        if wrong:
            yield Finding(
                inspector,
                ("id_number",),
                wrong,
                expected="按 GB 11643-1999《公民身份号码》核对",
                hint="对照身份证核对；末位 X 须大写",
                code="id-number",
            )


INSPECTOR_CHECKS = (check_certificates, check_id_numbers)
