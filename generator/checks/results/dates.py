"""When: inspected after the draw, within the task's window and not in the future; published
after the inspection; corrections after the publication."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from spotcheck.checks.base import CheckContext, Finding
from spotcheck.checks.results.common import as_list, drawn_tasks
from spotcheck.model import TaskDraw, TaskRef, parse_date
from spotcheck.records import Record, RecordSet


def check_result_dates(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """Inspected after the draw, within the window, not in the future; published after it."""
    tasks, draws = drawn_tasks(records)
    today = context.today
    for result in records.of("result"):
        data = result.data
        inspected = parse_date(data.get("inspection_date"))
        published = parse_date(data.get("published"))
        task = tasks.get(str(data.get("task")))
        drawn = draws.get(str(data.get("task")))
        if inspected is not None:
            yield from _inspection_date(result, inspected, today, task, drawn)
        if published is not None:
            yield from _publication_date(result, published, inspected, today)
        yield from _corrections(result, published)


def _inspection_date(
    result: Record,
    inspected: dt.date,
    today: dt.date,
    task: TaskRef | None,
    drawn: TaskDraw | None,
) -> Iterator[Finding]:
    if inspected > today:
        yield Finding(
            result,
            ("inspection_date",),
            f"检查完成日期 {inspected} 晚于今天 {today}",
            expected="应为已经完成检查的日期",
            code="result-date",
        )
    drawn_on = parse_date(str(drawn.draw.data.get("drawn_at", ""))[:10]) if drawn else None
    if drawn_on is not None and inspected < drawn_on:
        yield Finding(
            result,
            ("inspection_date",),
            f"检查完成日期 {inspected} 早于抽取日期 {drawn_on}",
            expected="检查应在随机抽取之后",
            code="result-date",
        )
    if task is not None and task.window_start and inspected < task.window_start:
        yield Finding(
            result,
            ("inspection_date",),
            f"检查完成日期 {inspected} 早于任务检查期开始 {task.window_start}",
            expected="应在任务检查期内",
            code="result-date",
        )
    if task is not None and task.window_end and inspected > task.window_end:
        yield Finding(
            result,
            ("inspection_date",),
            f"检查完成日期 {inspected} 晚于任务检查期结束 {task.window_end}",
            expected="应在任务检查期内完成",
            level="warning",
            code="result-date-late",
        )


def _publication_date(
    result: Record, published: dt.date, inspected: dt.date | None, today: dt.date
) -> Iterator[Finding]:
    if inspected is not None and published < inspected:
        yield Finding(
            result,
            ("published",),
            f"公示日期 {published} 早于检查完成日期 {inspected}",
            expected="公示日期应不早于检查完成日期",
            code="result-published-date",
        )
    if published > today:
        yield Finding(
            result,
            ("published",),
            f"公示日期 {published} 晚于今天 {today}",
            expected="公示后再填写公示日期",
            level="warning",
            code="result-published-date",
        )


def _corrections(result: Record, published: dt.date | None) -> Iterator[Finding]:
    data = result.data
    for index, correction in enumerate(as_list(data.get("corrections"))):
        when = parse_date(correction.get("date")) if isinstance(correction, dict) else None
        if published is None:
            yield Finding(
                result,
                ("corrections", index),
                "结果尚未公示，不需要更正记录",
                expected="公示前直接修改即可",
                level="warning",
                code="result-correction",
            )
        elif when is not None and when < published:
            yield Finding(
                result,
                ("corrections", index, "date"),
                f"更正日期 {when} 早于公示日期 {published}",
                expected="更正应在公示之后",
                code="result-correction",
            )
