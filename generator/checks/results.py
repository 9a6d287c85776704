"""Inspection results (抽查结果) against the draws, the directories and the deadlines.

A result is only for a target the task's live draw selected, by the officers the draw
assigned (or documented substitutes), on the task's items, with codes that agree with the
target directory; once published it changes only with a correction entry; and it is
published within 20 working days of the inspection (企业信息公示暂行条例 第六条).
Also the staff-added working calendars (records/calendars/<year>.yaml) the deadlines use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from generator.checks.base import CheckContext, Finding, department_name
from generator.checks.inspectors import certificate_covers
from generator.model import (
    NO_PROBLEM,
    REGISTRATION_CODES,
    DrawnTarget,
    TaskRef,
    all_tasks,
    parse_date,
    task_draws,
)
from generator.records import Record, RecordSet
from generator.registration import status_on
from generator.results.calendar import CalendarMissing, WorkCalendar, work_calendar
from generator.results.deadlines import (
    OVERDUE_INSPECTION,
    OVERDUE_PUBLICATION,
    PENDING_INSPECTION,
    PENDING_PUBLICATION,
    task_statuses,
)

WARN_WITHIN_WORKING_DAYS = 5
# codes that say a problem was found, so a follow-up (后续处置) is expected
PROBLEM_CODES = frozenset(
    {
        "未按规定公示应当公示的信息",
        "公示信息隐瞒真实情况、弄虚作假",
        "通过登记的住所（经营场所）无法联系",
        "发现问题已责令改正",
        "发现问题待后续处理",
        "不配合检查情节严重",
    }
)
NO_ACTION = "无需后续处置"
# Findings with these codes describe the calendar, not the record: `result import` shows
# them without refusing the file.
DEADLINE_CODES = frozenset(
    {
        "deadline-publication-overdue",
        "deadline-publication-near",
        "deadline-published-late",
        "deadline-inspection-overdue",
        "deadline-inspection-near",
        "calendar-missing",
    }
)


def records_calendar(records: RecordSet) -> WorkCalendar:
    return work_calendar(c.data for c in records.of("calendar"))


def _list(value: Any) -> list[Any]:
    """A list field's value; anything else (a schema error, reported there) counts as empty,
    so a string is never walked character by character."""
    return value if isinstance(value, list) else []


def _codes(result: Mapping[str, Any]) -> list[tuple[int, str]]:
    found = []
    for index, entry in enumerate(_list(result.get("items"))):
        if isinstance(entry, dict):
            found.extend((index, str(code)) for code in _list(entry.get("codes")))
    return found


# --- calendars -----------------------------------------------------------------------------


def check_calendars(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """A calendar file holds its own year; make-up workdays are weekends; no date is both."""
    for calendar in records.of("calendar"):
        year = calendar.data.get("year")
        name = calendar.path.rsplit("/", 1)[-1].split(".")[0]
        if isinstance(year, int) and name.isdigit() and int(name) != year:
            yield Finding(
                calendar,
                ("year",),
                f"年度 {year} 与文件名 {name} 不符",
                expected=f"文件应为 records/calendars/{year}.yaml",
                code="calendar-year",
            )
        holidays = [parse_date(d) for d in _list(calendar.data.get("holidays"))]
        workdays = [parse_date(d) for d in _list(calendar.data.get("workdays"))]
        for field, days in (("holidays", holidays), ("workdays", workdays)):
            for index, day in enumerate(days):
                if day is not None and isinstance(year, int) and day.year != year:
                    yield Finding(
                        calendar,
                        (field, index),
                        f"日期 {day} 不在 {year} 年内",
                        expected=f"只应列出 {year} 年的日期",
                        code="calendar-year",
                    )
        for index, day in enumerate(workdays):
            if day is not None and day.weekday() < 5:
                yield Finding(
                    calendar,
                    ("workdays", index),
                    f"调休上班日 {day} 是工作日（星期{'一二三四五'[day.weekday()]}）",
                    expected="调休上班日应为星期六或星期日",
                    code="calendar-workday",
                )
            if day is not None and day in holidays:
                yield Finding(
                    calendar,
                    ("workdays", index),
                    f"{day} 同时列为放假日期和调休上班日",
                    expected="每个日期只能属于其中之一",
                    code="calendar-conflict",
                )


# --- which result, for which target ---------------------------------------------------------


def _drawn(records: RecordSet) -> tuple[dict[str, TaskRef], dict[str, Any]]:
    return all_tasks(records), task_draws(records)


def check_result_targets(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """A result sits at results/<year>/<task>/<uscc>.yaml, for a target the live draw chose."""
    tasks, draws = _drawn(records)
    for result in records.of("result"):
        data = result.data
        task_id, target = str(data.get("task", "")), str(data.get("target", ""))
        parts = result.path.split("/")
        if len(parts) >= 5:
            year, folder, stem = parts[-3], parts[-2], parts[-1].rsplit(".", 1)[0]
            if folder != task_id:
                yield Finding(
                    result,
                    ("task",),
                    f"抽查任务 {task_id} 与所在目录 {folder} 不符",
                    expected=f"结果文件应放在 records/results/{task_id[:4]}/{task_id}/ 下",
                    code="result-path",
                )
            elif year != task_id[:4]:
                yield Finding(
                    result,
                    ("task",),
                    f"任务 {task_id} 的结果放在了 {year} 年目录下",
                    expected=f"应在 records/results/{task_id[:4]}/ 下",
                    code="result-path",
                )
            if stem != target:
                yield Finding(
                    result,
                    ("target",),
                    f"检查对象 {target} 与文件名 {stem} 不符",
                    expected=f"文件名应为 {target}.yaml",
                    code="result-path",
                )
        task = tasks.get(task_id)
        if task is None:
            yield Finding(
                result,
                ("task",),
                f"抽查任务 {task_id} 不存在",
                expected="应为年度抽查计划中的任务编号",
                code="result-task",
            )
            continue
        drawn = draws.get(task_id)
        if drawn is None:
            yield Finding(
                result,
                ("task",),
                f"抽查任务 {task_id} 没有有效的抽取结果",
                expected="只能为已抽取（且未作废）的任务填写检查结果",
                hint="先完成抽取：spotcheck draw commit / run",
                code="result-not-drawn",
            )
            continue
        entry = drawn.targets.get(target)
        if entry is None:
            yield Finding(
                result,
                ("target",),
                f"{target} 不在任务 {task_id} 的抽取结果中",
                expected="只能为随机抽中的检查对象填写结果（双随机）",
                hint=f"核对 {drawn.draw.path} 中的入选对象",
                code="result-not-drawn",
            )
        elif entry.reserve:
            yield Finding(
                result,
                ("target",),
                f"{target} 是任务 {task_id} 的候补对象，不是入选对象",
                expected="候补对象只在入选对象无法检查时按号签顺序递补",
                hint="确认有入选对象因注销、迁出等原因无法检查",
                level="warning",
                code="result-reserve",
            )


# --- officers ------------------------------------------------------------------------------


def check_result_officers(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """Officers are the ones the draw assigned; each change is a substitution with a reason,
    by an inspector of the same department without a conflict with the target."""
    tasks, draws = _drawn(records)
    for result in records.of("result"):
        data = result.data
        task = tasks.get(str(data.get("task")))
        drawn = draws.get(str(data.get("task")))
        entry: DrawnTarget | None = drawn.targets.get(str(data.get("target"))) if drawn else None
        if task is None or entry is None:
            continue  # reported by check_result_targets
        yield from _officers(records, result, task, entry)


def _officers(
    records: RecordSet, result: Record, task: TaskRef, entry: DrawnTarget
) -> Iterator[Finding]:
    data = result.data
    present = [str(o) for o in _list(data.get("officers"))]
    assigned = {str(o.get("inspector")): str(o.get("department")) for o in entry.officers}
    substitutions = [s for s in _list(data.get("substitutions")) if isinstance(s, dict)]
    originals = {str(s.get("original")) for s in substitutions}
    replacements = {str(s.get("replacement")) for s in substitutions}
    departments = task.departments
    day = parse_date(data.get("inspection_date"))
    target = str(data.get("target"))
    for index, officer in enumerate(present):
        inspector = records.get("inspector", officer)
        if inspector is None:
            yield Finding(
                result,
                ("officers", index),
                f"检查人员 {officer} 不在执法检查人员名录库中",
                expected="应为 records/inspectors/ 中登记的人员编号",
                code="result-officer",
            )
            continue
        if entry.reserve:
            if inspector.data.get("department") not in departments:
                yield Finding(
                    result,
                    ("officers", index),
                    f"检查人员 {officer} 不属于任务的参加部门（{'、'.join(departments)}）",
                    expected="应为参加本任务的部门的执法人员",
                    code="result-officer",
                )
        elif officer not in assigned and officer not in replacements:
            yield Finding(
                result,
                ("officers", index),
                f"检查人员 {officer} 不是抽取选派的人员，也没有替换记录",
                expected="应为选派人员：" + "、".join(assigned),
                hint="因回避、请假等换人时，在 substitutions 中写明原人员、替换人员和原因",
                code="result-officer-not-assigned",
            )
        if day is not None and not certificate_covers(
            inspector.data, day.isoformat(), day.isoformat()
        ):
            yield Finding(
                result,
                ("officers", index),
                f"检查人员 {officer} 的执法证在检查日 {day} 无效",
                expected="检查人员须持有效执法证",
                code="result-officer-certificate",
            )
        if target in {str(c.get("target")) for c in _list(inspector.data.get("conflicts"))}:
            yield Finding(
                result,
                ("officers", index),
                f"检查人员 {officer} 与检查对象有利益冲突，应当回避",
                expected="有利害关系的执法人员应回避（行政处罚法第四十三条）",
                code="result-officer-conflict",
            )
    for officer in assigned:
        if officer not in present and officer not in originals:
            yield Finding(
                result,
                ("officers",),
                f"抽取选派的 {officer} 没有参加检查，也没有替换记录",
                expected="选派人员应参加检查，或在 substitutions 中写明替换",
                code="result-officer-missing",
            )
    for index, substitution in enumerate(substitutions):
        original = str(substitution.get("original"))
        replacement = str(substitution.get("replacement"))
        path: tuple[str | int, ...] = ("substitutions", index)
        if not entry.reserve and original not in assigned:
            yield Finding(
                result,
                (*path, "original"),
                f"原抽中人员 {original} 不是该对象的选派人员",
                expected="应为抽取选派的人员：" + "、".join(assigned),
                code="result-substitution",
            )
        if original in present:
            yield Finding(
                result,
                (*path, "original"),
                f"被替换的 {original} 仍列在检查人员中",
                expected="被替换的人员不应再列入 officers",
                code="result-substitution",
            )
        if replacement not in present:
            yield Finding(
                result,
                (*path, "replacement"),
                f"替换人员 {replacement} 没有列入检查人员",
                expected="替换人员应列入 officers",
                code="result-substitution",
            )
        inspector = records.get("inspector", replacement)
        wanted = assigned.get(original) or _department(records, original)
        if inspector is not None and wanted and inspector.data.get("department") != wanted:
            yield Finding(
                result,
                (*path, "replacement"),
                f"替换人员 {replacement} 属于"
                f"{department_name(records, str(inspector.data.get('department')))}，"
                f"原人员属于{department_name(records, wanted)}",
                expected="替换人员应为同一部门的执法人员",
                code="result-substitution-department",
            )
        if inspector is not None and inspector.data.get("expert"):
            yield Finding(
                result,
                (*path, "replacement"),
                f"替换人员 {replacement} 是专家，不是执法人员",
                expected="替换人员应为具有执法资格的人员",
                code="result-substitution",
            )


def _department(records: RecordSet, inspector_id: str) -> str | None:
    inspector = records.get("inspector", inspector_id)
    return str(inspector.data.get("department")) if inspector else None


# --- items, codes, methods, registration ---------------------------------------------------


def check_result_items(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """Every item of the task once and nothing else; 未发现问题 alone; methods from the items."""
    tasks = all_tasks(records)
    for result in records.of("result"):
        data = result.data
        task = tasks.get(str(data.get("task")))
        entries = [e for e in _list(data.get("items")) if isinstance(e, dict)]
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            item_id = str(entry.get("item"))
            codes = [str(c) for c in _list(entry.get("codes"))]
            if NO_PROBLEM in codes and len(codes) > 1:
                yield Finding(
                    result,
                    ("items", index, "codes"),
                    "“未发现问题”与其他检查结果并用："
                    + "、".join(c for c in codes if c != NO_PROBLEM),
                    expected="“未发现问题”只能单独使用",
                    code="result-codes",
                )
            if item_id in seen:
                yield Finding(
                    result,
                    ("items", index, "item"),
                    f"检查事项 {item_id} 重复",
                    expected="每个事项只填一次结果",
                    code="result-item",
                )
            seen.add(item_id)
            if task is not None and item_id not in task.items:
                yield Finding(
                    result,
                    ("items", index, "item"),
                    f"{item_id} 不是任务 {task.id} 的抽查事项",
                    expected="应为：" + "、".join(task.items),
                    code="result-item",
                )
        if task is None:
            continue
        missing = [i for i in task.items if i not in seen]
        if missing and entries:
            yield Finding(
                result,
                ("items",),
                "缺少事项的检查结果：" + "、".join(missing),
                expected="任务的每个抽查事项都应有检查结果",
                hint="未涉及的事项可填“未发现开展本次抽查涉及的经营活动”",
                code="result-item-missing",
            )
        allowed: set[str] = set()
        for item_id in task.items:
            item = records.get("item", item_id)
            if item is not None:
                allowed.update(str(m) for m in _list(item.data.get("methods")))
        for index, method in enumerate(_list(data.get("methods"))):
            if allowed and str(method) not in allowed:
                yield Finding(
                    result,
                    ("methods", index),
                    f"检查方式“{method}”不在本任务事项的检查方式中",
                    expected="应为：" + "、".join(sorted(allowed)),
                    hint="检查方式以抽查事项清单为准；清单调整须经法制审核",
                    code="result-method",
                )


def check_result_registration(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """已注销 / 已被吊销 / 已迁出 agree with the target's registration status on the day."""
    for result in records.of("result"):
        data = result.data
        target = records.get("target", str(data.get("target")))
        if target is None:
            yield Finding(
                result,
                ("target",),
                f"检查对象 {data.get('target')} 不在检查对象名录库中",
                expected="应为 records/targets/ 中登记的统一社会信用代码",
                code="unresolved-reference",
            )
            continue
        day = parse_date(data.get("inspection_date"))
        status = (status_on(target.data, day) if day else None) or target.data.get("status")
        codes = _codes(data)
        for index, code in codes:
            wanted = REGISTRATION_CODES.get(code)
            if wanted and status != wanted:
                yield Finding(
                    result,
                    ("items", index, "codes"),
                    f"检查结果为“{code}”，但名录库中该对象{f'在 {day} ' if day else ''}"
                    f"的登记状态为“{status}”",
                    expected=f"登记状态应为“{wanted}”",
                    hint=f"如属实，先在 {target.path} 更新登记状态并追加变更记录",
                    code="result-registration",
                )
        implied = {v: k for k, v in REGISTRATION_CODES.items()}.get(str(status))
        if implied and codes and implied not in {c for _, c in codes}:
            yield Finding(
                result,
                ("items",),
                f"名录库中该对象的登记状态为“{status}”，检查结果却没有“{implied}”",
                expected=f"应填写“{implied}”",
                hint=f"或更正 {target.path} 的登记状态",
                code="result-registration",
            )


# --- dates, follow-up ----------------------------------------------------------------------


def check_result_dates(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """Inspected after the draw, within the window, not in the future; published after it."""
    tasks, draws = _drawn(records)
    today = context.today
    for result in records.of("result"):
        data = result.data
        inspected = parse_date(data.get("inspection_date"))
        published = parse_date(data.get("published"))
        task = tasks.get(str(data.get("task")))
        drawn = draws.get(str(data.get("task")))
        if inspected is not None:
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
        if published is not None:
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
        for index, correction in enumerate(_list(data.get("corrections"))):
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


def check_result_follow_up(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """Problems found get a follow-up; none found needs none; due dates after the inspection."""
    for result in records.of("result"):
        data = result.data
        codes = {c for _, c in _codes(data)}
        actions = [f for f in _list(data.get("follow_up")) if isinstance(f, dict)]
        if codes & PROBLEM_CODES and not actions:
            yield Finding(
                result,
                ("items",),
                "发现问题但没有填写后续处置：" + "、".join(sorted(codes & PROBLEM_CODES)),
                expected="应在 follow_up 中填写责令改正、移送立案等处置",
                level="warning",
                code="result-follow-up",
            )
        if codes == {NO_PROBLEM}:
            for index, action in enumerate(actions):
                if action.get("action") != NO_ACTION:
                    yield Finding(
                        result,
                        ("follow_up", index, "action"),
                        f"未发现问题，却有后续处置“{action.get('action')}”",
                        expected="未发现问题时无需后续处置",
                        level="warning",
                        code="result-follow-up",
                    )
        inspected = parse_date(data.get("inspection_date"))
        for index, action in enumerate(actions):
            due = parse_date(action.get("due"))
            if due is not None and inspected is not None and due < inspected:
                yield Finding(
                    result,
                    ("follow_up", index, "due"),
                    f"处置期限 {due} 早于检查完成日期 {inspected}",
                    expected="期限应在检查之后",
                    code="result-follow-up",
                )


# --- edits after publication ---------------------------------------------------------------


def _without_corrections(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "corrections"}


def check_published_edits(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """A published result that differs from its first published version needs a new
    `corrections` entry (the original comes from git: CheckContext.published_originals)."""
    for result in records.of("result"):
        original = context.published_originals.get(result.path)
        if original is None:
            continue
        now = _without_corrections(result.data)
        then = _without_corrections(original)
        if now == then:
            continue
        before = len(_list(original.get("corrections")))
        after = len(_list(result.data.get("corrections")))
        if after > before:
            continue
        changed = sorted(
            set(now) ^ set(then) | {k for k in now.keys() & then.keys() if now[k] != then[k]}
        )
        field = changed[0] if changed else "published"
        yield Finding(
            result,
            (field,) if field in now else (),
            f"已于 {original.get('published')} 公示的结果被修改（{'、'.join(changed)}），"
            "但没有更正记录",
            expected="公示后的修改须在 corrections 中写明更正日期、原因和内容",
            hint="或撤销这次修改（git checkout -- 该文件）",
            code="result-edited-after-publication",
        )


# --- deadlines -----------------------------------------------------------------------------


def check_deadlines(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """Publication within 20 working days of the inspection; inspections by the window end.
    Warn within 5 working days of a deadline, error after it."""
    calendar = records_calendar(records)
    today = context.today
    draws = task_draws(records)
    for task_id, statuses in task_statuses(records, calendar, today).items():
        uninspected = []
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
            if status.status in (OVERDUE_INSPECTION, PENDING_INSPECTION):
                uninspected.append(status)
            elif status.status == OVERDUE_PUBLICATION and result is not None:
                # A written explanation does not make it timely, but it is no longer unaccounted
                # for: the site still shows it as overdue, validation warns instead of failing.
                delay = result.data.get("delay") or {}
                explained = f"；已说明原因：{delay['reason']}" if delay.get("reason") else ""
                yield Finding(
                    result,
                    ("inspection_date",),
                    f"检查完成于 {status.inspection_date}，"
                    f"公示期限 {status.publication_deadline} 已过，尚未公示{explained}",
                    expected="应在检查完成后 20 个工作日内公示（企业信息公示暂行条例第六条）",
                    hint="公示后填写 published（公示日期）；不能按期公示的，填写 delay（逾期说明）",
                    level="warning" if explained else "error",
                    code="deadline-publication-overdue",
                )
            elif (
                status.status == PENDING_PUBLICATION
                and result is not None
                and status.publication_deadline
            ):
                left = _working_days_left(calendar, today, status.publication_deadline)
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
                    expected="应在检查完成后 20 个工作日内公示",
                    level="warning",
                    code="deadline-published-late",
                )
        if uninspected and task_id in draws:
            yield from _uninspected(draws[task_id].targets, uninspected, calendar, today)


def _working_days_left(calendar: WorkCalendar, today: dt.date, deadline: dt.date) -> int | str:
    try:
        return calendar.working_days_between(today, deadline)
    except CalendarMissing as error:
        return str(error)


def _uninspected(
    targets: Mapping[str, DrawnTarget], statuses: list[Any], calendar: WorkCalendar, today: dt.date
) -> Iterator[Finding]:
    """One finding per task (not per target), placed on the first target in the draw."""
    end = statuses[0].task_deadline
    first = targets[statuses[0].target]
    names = "、".join(s.target for s in statuses[:8]) + (
        f" 等 {len(statuses)} 户" if len(statuses) > 8 else ""
    )
    hint = f"为这些对象填写检查结果：spotcheck result new {first.task} <统一社会信用代码>"
    if any(s.status == OVERDUE_INSPECTION for s in statuses):
        yield Finding(
            first.draw,
            first.path,
            f"任务检查期已于 {end} 结束，仍有 {len(statuses)} 户没有检查结果：{names}",
            expected="抽中的对象应在检查期内完成检查",
            hint=hint,
            code="deadline-inspection-overdue",
        )
        return
    if end is None:
        return
    left = _working_days_left(calendar, today, end)
    if isinstance(left, str):
        yield Finding(first.draw, first.path, left, level="warning", code="calendar-missing")
    elif left <= WARN_WITHIN_WORKING_DAYS:
        yield Finding(
            first.draw,
            first.path,
            f"距任务检查期结束 {end} 只剩 {left} 个工作日，"
            f"仍有 {len(statuses)} 户没有检查结果：{names}",
            expected="应在检查期内完成检查",
            hint=hint,
            level="warning",
            code="deadline-inspection-near",
        )


RESULT_CHECKS = (
    check_calendars,
    check_result_targets,
    check_result_officers,
    check_result_items,
    check_result_registration,
    check_result_dates,
    check_result_follow_up,
    check_published_edits,
    check_deadlines,
)
