"""Checks that cross records: each module decides one part of the domain's rules.

Every check is a pure function `(RecordSet, CheckContext) -> Iterable[Finding]`; the
validation engine turns findings into messages with file, line and the field's Chinese title.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spotcheck.checks.base import CheckContext, Finding
from spotcheck.checks.burden import BURDEN_CHECKS
from spotcheck.checks.draws import DRAW_CHECKS
from spotcheck.checks.identity import IDENTITY_CHECKS
from spotcheck.checks.inspectors import INSPECTOR_CHECKS
from spotcheck.checks.items import ITEM_CHECKS
from spotcheck.checks.plans import PLAN_CHECKS
from spotcheck.checks.results import RESULT_CHECKS
from spotcheck.checks.review import REVIEW_CHECKS
from spotcheck.checks.targets import TARGET_CHECKS
from spotcheck.records import RecordSet

Check = Callable[[RecordSet, CheckContext], Iterable[Finding]]

ALL_CHECKS: tuple[Check, ...] = (
    *IDENTITY_CHECKS,
    *TARGET_CHECKS,
    *ITEM_CHECKS,
    *INSPECTOR_CHECKS,
    *PLAN_CHECKS,
    *BURDEN_CHECKS,
    *DRAW_CHECKS,
    *RESULT_CHECKS,
    *REVIEW_CHECKS,
)

__all__ = ["ALL_CHECKS", "Check", "CheckContext", "Finding"]
