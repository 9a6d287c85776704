"""Which result, for which target: a result sits in its task's folder, for a target the task's
live draw selected (a reserve only with a warning); a result list file is sorted by credit
code."""

from __future__ import annotations

from collections.abc import Iterator

from spotcheck.checks.base import CheckContext, Finding
from spotcheck.checks.results.common import drawn_tasks
from spotcheck.records import RecordSet


def check_result_targets(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """A result sits at results/<year>/<task>/<uscc>.yaml (or in a list file of that folder),
    for a target the live draw chose."""
    tasks, draws = drawn_tasks(records)
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
            if result.index is None and stem != target:  # a list file's name is a number
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


def check_result_list_order(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """A result list file is sorted by credit code, as `result new` keeps it: a reader finds a
    business by scrolling, and two offices adding results to one file rarely touch the same
    lines (fewer merge conflicts)."""
    previous: dict[str, str] = {}  # list file → the credit code of its previous record
    for result in records.of("result"):
        if result.index is None:
            continue
        target = str(result.data.get("target", ""))
        before = previous.get(result.path)
        previous[result.path] = target
        if before is not None and target < before:
            yield Finding(
                result,
                ("target",),
                f"结果列表文件未按统一社会信用代码排序：{target} 排在 {before} 之后",
                expected="列表文件中的结果按检查对象的统一社会信用代码升序排列",
                hint="把这条结果移到正确位置（spotcheck result new --list 会自动插入到正确位置）",
                level="warning",
                code="result-list-order",
            )
