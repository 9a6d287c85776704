"""The two deadlines: a result is published within the configured number of working days of
the inspection (企业信息公示暂行条例 第六条), and the inspection is done by the end of the
task's window. Warn shortly before a deadline, error after it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from spotcheck.checks.base import CheckContext, Finding
from spotcheck.checks.results.calendars import records_calendar
from spotcheck.model import DrawnTarget, task_draws
from spotcheck.records import RecordSet
from spotcheck.results.deadlines import (
    OVERDUE_PUBLICATION,
    PENDING_PUBLICATION,
    WARN_WITHIN_WORKING_DAYS,
    TaskProgress,
    deadline_working_days,
    task_progress,
    task_statuses,
    working_days_left,
)


def check_deadlines(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """Publication within the configured working days of the inspection; inspections by the
    window end. Warn within 5 working days of a deadline, error after it."""
    calendar = records_calendar(records)
    days = deadline_working_days(records)
    today = context.today
    draws = task_draws(records)
    for task_id, statuses in task_statuses(records, calendar, today).items():
        for status in statuses:
            result = status.result
            if result is not None and status.calendar_problem:
                yield Finding(
                    result,
                    ("inspection_date",),
                    status.calendar_problem,
                    expected="公示期限按法定工作日计算",
                    level="warning",
                    code="calendar-missing",
                )
            if status.status == OVERDUE_PUBLICATION and result is not None:
                # A written explanation does not make it timely, but it is no longer unaccounted
                # for: the site still shows it as overdue, validation warns instead of failing.
                delay = result.data.get("delay") or {}
                explained = f"；已说明原因：{delay['reason']}" if delay.get("reason") else ""
                yield Finding(
                    result,
                    ("inspection_date",),
                    f"检查完成于 {status.inspection_date}，"
                    f"公示期限 {status.publication_deadline} 已过，尚未公示{explained}",
                    expected=f"应在检查完成后 {days} 个工作日内公示（企业信息公示暂行条例第六条）",
                    hint="公示后填写 published（公示日期）；不能按期公示的，填写 delay（逾期说明）",
                    level="warning" if explained else "error",
                    code="deadline-publication-overdue",
                )
            elif (
                status.status == PENDING_PUBLICATION
                and result is not None
                and status.publication_deadline
            ):
                left = working_days_left(calendar, today, status.publication_deadline)
                if isinstance(left, int) and left <= WARN_WITHIN_WORKING_DAYS:
                    yield Finding(
                        result,
                        ("inspection_date",),
                        f"距公示期限 {status.publication_deadline} 只剩 {left} 个工作日，尚未公示",
                        expected="应在期限内公示",
                        level="warning",
                        code="deadline-publication-near",
                    )
            elif status.published_late and result is not None:
                yield Finding(
                    result,
                    ("published",),
                    f"公示日期 {status.published} 晚于公示期限 {status.publication_deadline}",
                    expected=f"应在检查完成后 {days} 个工作日内公示",
                    level="warning",
                    code="deadline-published-late",
                )
        progress = task_progress(task_id, statuses, calendar, today)
        if progress.uninspected and task_id in draws:
            yield from _uninspected(draws[task_id].targets, progress)


def _uninspected(targets: Mapping[str, DrawnTarget], progress: TaskProgress) -> Iterator[Finding]:
    """One finding per task (not per target), placed on the first target in the draw."""
    statuses = progress.uninspected
    end = progress.window_end
    first = targets[statuses[0].target]
    names = "、".join(s.target for s in statuses[:8]) + (
        f" 等 {len(statuses)} 户" if len(statuses) > 8 else ""
    )
    hint = f"为这些对象填写检查结果：spotcheck result new {first.task} <统一社会信用代码>"
    if progress.overdue:
        yield Finding(
            first.draw,
            first.path,
            f"任务检查期已于 {end} 结束，仍有 {len(statuses)} 户没有检查结果：{names}",
            expected="抽中的对象应在检查期内完成检查",
            hint=hint,
            code="deadline-inspection-overdue",
        )
        return
    if progress.calendar_problem:
        yield Finding(
            first.draw,
            first.path,
            progress.calendar_problem,
            level="warning",
            code="calendar-missing",
        )
    elif progress.near:
        yield Finding(
            first.draw,
            first.path,
            f"距任务检查期结束 {end} 只剩 {progress.working_days_left} 个工作日，"
            f"仍有 {len(statuses)} 户没有检查结果：{names}",
            expected="应在检查期内完成检查",
            hint=hint,
            level="warning",
            code="deadline-inspection-near",
        )
