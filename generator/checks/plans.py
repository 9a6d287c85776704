"""Annual plans (年度抽查计划) and their tasks: windows, departments, officers, adjustments."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

from spotcheck.checks.base import CheckContext, Finding, department_name
from spotcheck.checks.inspectors import certificate_covers
from spotcheck.model import MINIMUM_OFFICERS, participating_departments, slots_per_department
from spotcheck.records import Record, RecordSet


def last_week_of_quarter(day: dt.date) -> bool:
    quarter_end_month = 3 * math.ceil(day.month / 3)
    next_month = dt.date(day.year + (quarter_end_month == 12), quarter_end_month % 12 + 1, 1)
    return (next_month - day).days <= 7


def check_tasks(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    for plan in records.of("plan"):
        year = plan.data.get("year")
        for index, task in enumerate(plan.data.get("tasks") or []):
            yield from _check_task(records, plan, index, task, year)


def _check_task(
    records: RecordSet, plan: Record, index: int, task: dict[str, Any], year: object
) -> Iterator[Finding]:
    base: tuple[str | int, ...] = ("tasks", index)
    window = task.get("window") or {}
    start, end = str(window.get("start", "")), str(window.get("end", ""))
    if start and end and start > end:
        yield Finding(
            plan,
            (*base, "window", "end"),
            f"检查期结束 {end} 早于开始 {start}",
            expected="结束日期应不早于开始日期",
            code="task-window",
        )
    if year and start and not start.startswith(str(year)):
        yield Finding(
            plan,
            (*base, "window", "start"),
            f"检查期开始 {start} 不在计划年度 {year} 内",
            expected=f"应在 {year} 年内",
            level="warning",
            code="task-window-year",
        )
    wanted = task.get("officers_per_target")
    if isinstance(wanted, int) and wanted < MINIMUM_OFFICERS:
        yield Finding(
            plan,
            (*base, "officers_per_target"),
            f"每户检查人员为 {wanted} 人",
            expected="执法检查人员不得少于两人",
            hint="《行政处罚法》第四十二条",
            code="too-few-officers",
        )
    departments = participating_departments(task, plan.data.get("department"))
    if task.get("joint") and len(departments) < 2:
        yield Finding(
            plan,
            (*base, "cooperating_departments"),
            "联合抽查任务只有一个部门",
            expected="跨部门联合抽查应有两个或以上部门（牵头部门加至少一个配合部门）",
            code="joint-departments",
        )
    lead = task.get("lead_department")
    if lead and lead in (task.get("cooperating_departments") or []):
        yield Finding(
            plan,
            (*base, "cooperating_departments"),
            "牵头部门同时列为配合部门",
            expected="配合部门应为牵头部门以外的部门",
            code="joint-departments",
        )
    if lead and plan.data.get("department") and lead != plan.data["department"]:
        yield Finding(
            plan,
            (*base, "lead_department"),
            f"牵头部门 {lead} 与计划所属部门 {plan.data['department']} 不同",
            expected="任务应由编制计划的部门牵头",
            code="task-lead",
        )
    strata = (task.get("strata") or {}).get("groups") or []
    values = [str(group.get("value")) for group in strata]
    for s_index, value in enumerate(values):
        if values.index(value) != s_index:
            yield Finding(
                plan,
                (*base, "strata", "groups", s_index, "value"),
                f"分层取值 {value} 重复",
                expected="每个分层取值只能出现一次",
                code="strata-duplicate",
            )
    if not strata and task.get("ratio") is None and task.get("count") is None:
        yield Finding(
            plan,
            base,
            "任务既没有分层，也没有抽查比例或数量",
            expected="应填写 strata、ratio 或 count 之一",
            code="task-size",
        )
    if start and end:
        yield from _check_officer_supply(records, plan, base, task, start, end)


def _check_officer_supply(
    records: RecordSet,
    plan: Record,
    base: tuple[str | int, ...],
    task: dict[str, Any],
    start: str,
    end: str,
) -> Iterator[Finding]:
    """Each department has enough officers whose certificates cover the whole window."""
    for department, needed in slots_per_department(task, plan.data.get("department")).items():
        qualified = [
            inspector.id
            for inspector in records.of("inspector")
            if inspector.data.get("department") == department
            and inspector.data.get("active") is not False
            and not inspector.data.get("expert")
            and certificate_covers(inspector.data, start, end)
        ]
        if len(qualified) < needed:
            yield Finding(
                plan,
                (*base, "window"),
                f"{department_name(records, department)}在检查期 {start} 至 {end} 内执法证有效的在岗人员只有 "
                f"{len(qualified)} 人",
                expected=f"每户需要该部门 {needed} 人",
                hint="补充执法人员、更新执法证有效期，或调整检查期",
                code="certificate-window",
            )


def check_adjustments(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """An adjusted plan is re-published in the last week of the quarter it was made in."""
    for plan in records.of("plan"):
        versions: list[int] = []
        for index, adjustment in enumerate(plan.data.get("adjustments") or []):
            version = adjustment.get("version")
            if isinstance(version, int):
                if versions and version <= versions[-1]:
                    yield Finding(
                        plan,
                        ("adjustments", index, "version"),
                        f"调整版本号 {version} 未递增",
                        expected="版本号应逐次递增",
                        code="adjustment-version",
                    )
                versions.append(version)
            try:
                day = dt.date.fromisoformat(str(adjustment.get("date")))
            except ValueError:
                continue
            if not last_week_of_quarter(day):
                yield Finding(
                    plan,
                    ("adjustments", index, "date"),
                    f"计划调整的公示日期 {day} 不在该季度最后一周",
                    expected="年度抽查计划调整后应在调整当季度最后一周公示",
                    hint="花府办函〔2017〕104号 二（六）",
                    level="warning",
                    code="adjustment-publication",
                )


PLAN_CHECKS = (check_tasks, check_adjustments)
