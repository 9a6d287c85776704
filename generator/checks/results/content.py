"""What a result says: every item of the task once, codes that agree with each other and with
the target's registration status, methods from the items, a follow-up where a problem was
found."""

from __future__ import annotations

from collections.abc import Iterator

from spotcheck.checks.base import CheckContext, Finding
from spotcheck.checks.results.common import as_list, result_codes
from spotcheck.model import NO_PROBLEM, REGISTRATION_CODES, all_tasks, parse_date
from spotcheck.records import RecordSet
from spotcheck.registration import status_on

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


def check_result_items(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """Every item of the task once and nothing else; 未发现问题 alone; methods from the items."""
    tasks = all_tasks(records)
    for result in records.of("result"):
        data = result.data
        task = tasks.get(str(data.get("task")))
        entries = [e for e in as_list(data.get("items")) if isinstance(e, dict)]
        seen: set[str] = set()
        for index, entry in enumerate(entries):
            item_id = str(entry.get("item"))
            codes = [str(c) for c in as_list(entry.get("codes"))]
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
                allowed.update(str(m) for m in as_list(item.data.get("methods")))
        for index, method in enumerate(as_list(data.get("methods"))):
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
        codes = result_codes(data)
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


def check_result_follow_up(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """Problems found get a follow-up; none found needs none; due dates after the inspection."""
    for result in records.of("result"):
        data = result.data
        codes = {c for _, c in result_codes(data)}
        actions = [f for f in as_list(data.get("follow_up")) if isinstance(f, dict)]
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
