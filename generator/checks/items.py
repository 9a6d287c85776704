"""The inspection item list (随机抽查事项清单): legal basis and legal review."""

from __future__ import annotations

from collections.abc import Iterator

from spotcheck.checks.base import CheckContext, Finding, department_name
from spotcheck.records import RecordSet

REVIEWED = "已审核"


def check_legal_reviewer(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """Item lists are reviewed by the district legal office (区法制办), no one else."""
    legal_office = records.config.get("legal_office")
    for item in records.of("item"):
        review = item.data.get("legal_review") or {}
        reviewer = review.get("reviewer")
        if review.get("status") == REVIEWED and legal_office and reviewer != legal_office:
            yield Finding(
                item,
                ("legal_review", "reviewer"),
                f"审核部门为 {reviewer}，不是区法制部门",
                expected=f"应由 {department_name(records, legal_office)}（{legal_office}）审核",
                hint="抽查事项清单须经区法制部门审核后公布",
                code="item-reviewer",
            )
        if review.get("status") == REVIEWED and not review.get("date"):
            yield Finding(
                item,
                ("legal_review",),
                "已审核的事项缺少审核日期",
                expected="应填写审核日期",
                code="item-review-date",
            )


def check_items_used_by_plans(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """A task may only use items that are active and have passed legal review."""
    for plan in records.of("plan"):
        for t_index, task in enumerate(plan.data.get("tasks") or []):
            for i_index, item_id in enumerate(task.get("items") or []):
                item = records.get("item", str(item_id))
                if item is None:
                    continue  # reported as an unresolved reference
                path = ("tasks", t_index, "items", i_index)
                if item.data.get("active") is False:
                    yield Finding(
                        plan,
                        path,
                        f"抽查事项 {item_id} 已停用，不能用于抽查任务",
                        expected="应使用清单中在用的事项",
                        hint="法律法规规章没有规定的，一律不得擅自开展检查",
                        code="item-inactive",
                    )
                status = (item.data.get("legal_review") or {}).get("status")
                if status != REVIEWED:
                    yield Finding(
                        plan,
                        path,
                        f"抽查事项 {item_id} 的法制审核状态为“{status or '未填写'}”",
                        expected="任务使用的事项应已通过区法制部门审核",
                        hint="先完成法制审核，再把事项列入抽查任务",
                        code="item-not-reviewed",
                    )


ITEM_CHECKS = (check_legal_reviewer, check_items_used_by_plans)
