"""The target directory (检查对象名录库): credit codes, industries, registration status."""

from __future__ import annotations

from collections.abc import Iterator

from spotcheck import industries, uscc
from spotcheck.checks.base import CheckContext, Finding
from spotcheck.records import RecordSet
from spotcheck.registration import STATUS_AFTER_EVENT


def check_credit_codes(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """统一社会信用代码 carries a valid GB 32100-2015 check character."""
    for target in records.of("target"):
        code = target.data.get("uscc")
        if not isinstance(code, str) or len(code) != 18 or uscc.is_valid(code):
            continue  # wrong shape is the schema's to report
        try:
            expected = uscc.check_character(code[:17])
        except ValueError:
            continue
        yield Finding(
            target,
            ("uscc",),
            f"统一社会信用代码 {code} 的校验位不正确",
            expected=f"按 GB 32100-2015 计算，第 18 位应为 {expected}",
            hint="核对营业执照上的代码，常见错误是把 O 写成 0、I 写成 1",
            code="uscc-check-character",
        )


def check_industry_codes(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """行业 is a code of GB/T 4754-2017."""
    for target in records.of("target"):
        code = target.data.get("industry")
        if isinstance(code, str) and not industries.is_known(code):
            yield Finding(
                target,
                ("industry",),
                f"行业代码 {code} 不在 GB/T 4754-2017《国民经济行业分类》中",
                expected="应为门类字母加 2–4 位数字的现行代码，如 H6210（正餐服务）",
                hint="对照 GB/T 4754-2017 查找小类代码",
                code="industry-code",
            )


def check_registration_status(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """登记状态 agrees with the last event of its history, and the history is in date order."""
    for target in records.of("target"):
        history = target.data.get("status_history") or []
        dates = [str(event.get("date", "")) for event in history]
        for index in range(1, len(dates)):
            if dates[index] < dates[index - 1]:
                yield Finding(
                    target,
                    ("status_history", index, "date"),
                    f"登记状态变更记录的日期 {dates[index]} 早于前一条 {dates[index - 1]}",
                    expected="变更记录应按日期先后排列",
                    code="status-history-order",
                )
        if not history:
            continue
        last_event = str(history[-1].get("event", ""))
        implied = STATUS_AFTER_EVENT.get(last_event)
        status = target.data.get("status")
        if implied and status != implied:
            yield Finding(
                target,
                ("status",),
                f"登记状态为“{status}”，但最后一条变更记录是“{last_event}”",
                expected=f"应为“{implied}”",
                hint="更新登记状态时同时追加变更记录",
                code="status-history-mismatch",
            )


TARGET_CHECKS = (check_credit_codes, check_industry_codes, check_registration_status)
