"""Who inspected: the officers the draw assigned, or documented substitutes of the same
department, with valid certificates and no conflict of interest with the target."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from spotcheck.checks.base import CheckContext, Finding, department_name
from spotcheck.checks.inspectors import certificate_covers
from spotcheck.checks.results.common import as_list, drawn_tasks
from spotcheck.model import DrawnTarget, TaskRef, parse_date
from spotcheck.records import Record, RecordSet


def check_result_officers(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """Officers are the ones the draw assigned; each change is a substitution with a reason,
    by an inspector of the same department without a conflict with the target."""
    tasks, draws = drawn_tasks(records)
    for result in records.of("result"):
        data = result.data
        task = tasks.get(str(data.get("task")))
        drawn = draws.get(str(data.get("task")))
        entry: DrawnTarget | None = drawn.targets.get(str(data.get("target"))) if drawn else None
        if task is None or entry is None:
            continue  # reported by check_result_targets
        yield from _officers(records, result, task, entry)


@dataclass(frozen=True)
class _Crew:
    """Who the result says inspected, whom the draw assigned, and the substitutions."""

    present: list[str]
    assigned: dict[str, str]  # inspector → department
    substitutions: list[dict[str, Any]]

    @classmethod
    def of(cls, data: Mapping[str, Any], entry: DrawnTarget) -> _Crew:
        return cls(
            [str(o) for o in as_list(data.get("officers"))],
            {str(o.get("inspector")): str(o.get("department")) for o in entry.officers},
            [s for s in as_list(data.get("substitutions")) if isinstance(s, dict)],
        )


def _officers(
    records: RecordSet, result: Record, task: TaskRef, entry: DrawnTarget
) -> Iterator[Finding]:
    crew = _Crew.of(result.data, entry)
    yield from _present_officers(records, result, task, entry, crew)
    originals = {str(s.get("original")) for s in crew.substitutions}
    present, assigned = crew.present, crew.assigned
    for officer in assigned:
        if officer not in present and officer not in originals:
            yield Finding(
                result,
                ("officers",),
                f"抽取选派的 {officer} 没有参加检查，也没有替换记录",
                expected="选派人员应参加检查，或在 substitutions 中写明替换",
                code="result-officer-missing",
            )
    yield from _substitutions(records, result, entry, crew)


def _present_officers(
    records: RecordSet, result: Record, task: TaskRef, entry: DrawnTarget, crew: _Crew
) -> Iterator[Finding]:
    """Each officer who inspected: in the directory, assigned (or a substitute, or of a
    participating department for a reserve), certified on the day, without a conflict."""
    data = result.data
    present, assigned = crew.present, crew.assigned
    replacements = {str(s.get("replacement")) for s in crew.substitutions}
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
        if target in {str(c.get("target")) for c in as_list(inspector.data.get("conflicts"))}:
            yield Finding(
                result,
                ("officers", index),
                f"检查人员 {officer} 与检查对象有利益冲突，应当回避",
                expected="有利害关系的执法人员应回避（行政处罚法第四十三条）",
                code="result-officer-conflict",
            )


def _substitutions(
    records: RecordSet, result: Record, entry: DrawnTarget, crew: _Crew
) -> Iterator[Finding]:
    """Each substitution replaces an assigned officer, who then did not inspect, by one who did,
    an inspector (not an expert) of the same department."""
    present, assigned, substitutions = crew.present, crew.assigned, crew.substitutions
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
