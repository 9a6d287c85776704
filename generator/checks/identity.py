"""Ids are unique across files, and every reference names a record that exists."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from spotcheck.checks.base import CheckContext, Finding
from spotcheck.layout import KIND_TITLES
from spotcheck.records import Record, RecordSet

KIND_NAMES = {**KIND_TITLES, "task": "抽查任务"}


def check_unique_ids(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """No two records of a kind share an id (tasks: across all plans)."""
    for kind, items in records.by_kind.items():
        if kind in ("config", "void"):
            continue
        first: dict[str, Record] = {}
        for record in items:
            earlier = first.setdefault(record.id, record)
            if earlier is not record:
                yield Finding(
                    record,
                    (),
                    f"{KIND_NAMES.get(kind, kind)}编号 {record.id} 重复",
                    expected="编号在所有文件中应唯一",
                    hint=f"首次出现于 {earlier.path}",
                    code="duplicate-id",
                )
    seen_tasks: dict[str, Record] = {}
    for plan in records.of("plan"):
        for index, task in enumerate(plan.data.get("tasks") or []):
            task_id = str(task.get("id", ""))
            earlier = seen_tasks.setdefault(task_id, plan)
            if earlier is not plan or _count(plan, task_id) > 1:
                yield Finding(
                    plan,
                    ("tasks", index, "id"),
                    f"抽查任务编号 {task_id} 重复",
                    expected="任务编号在所有计划中应唯一",
                    hint=f"另见 {earlier.path}",
                    code="duplicate-id",
                )


def _count(plan: Record, task_id: str) -> int:
    return sum(1 for t in plan.data.get("tasks") or [] if str(t.get("id", "")) == task_id)


def _missing(
    records: RecordSet,
    record: Record,
    path: tuple[str | int, ...],
    kind: str,
    value: object,
    unreadable: frozenset[str] = frozenset(),
) -> Finding | None:
    if value is None or records.get(kind, str(value)) is not None:
        return None
    if kind in unreadable:
        return None  # the file that could not be read may hold it; its error says enough
    return Finding(
        record,
        path,
        f"引用的{KIND_NAMES.get(kind, kind)} {value} 不存在",
        expected=f"应为已登记的{KIND_NAMES.get(kind, kind)}编号",
        hint=f"检查拼写，或先在 records/ 中登记该{KIND_NAMES.get(kind, kind)}",
        code="unresolved-reference",
    )


def check_references(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """Every department, item, target, inspector, office and region named exists."""
    missing = functools.partial(_missing, unreadable=context.unreadable_kinds)
    config = records.config
    offices = {str(o.get("id")) for o in config.get("offices") or []}
    regions = {str(r.get("code")) for r in config.get("regions") or []}
    candidates: list[Finding | None] = []
    for config_record in records.of("config"):
        candidates.append(
            missing(
                records, config_record, ("legal_office",), "department", config.get("legal_office")
            )
        )
        for index, office in enumerate(config.get("offices") or []):
            path = ("offices", index, "department")
            candidates.append(
                missing(records, config_record, path, "department", office.get("department"))
            )
    for item in records.of("item"):
        data = item.data
        candidates.append(
            missing(records, item, ("department",), "department", data.get("department"))
        )
        review = data.get("legal_review") or {}
        candidates.append(
            missing(
                records, item, ("legal_review", "reviewer"), "department", review.get("reviewer")
            )
        )
    for target in records.of("target"):
        data = target.data
        if offices and data.get("office") is not None and str(data["office"]) not in offices:
            yield _not_in(target, ("office",), "监管所", data["office"], "config.yaml 的 offices")
        if regions and data.get("region") is not None and str(data["region"]) not in regions:
            yield _not_in(
                target, ("region",), "区域（街道/镇）", data["region"], "config.yaml 的 regions"
            )
    for inspector in records.of("inspector"):
        data = inspector.data
        candidates.append(
            missing(records, inspector, ("department",), "department", data.get("department"))
        )
        if offices and data.get("office") is not None and str(data["office"]) not in offices:
            yield _not_in(
                inspector, ("office",), "监管所", data["office"], "config.yaml 的 offices"
            )
        for index, conflict in enumerate(data.get("conflicts") or []):
            path = ("conflicts", index, "target")
            candidates.append(missing(records, inspector, path, "target", conflict.get("target")))
    for rules in records.of("rules"):
        candidates.append(
            missing(records, rules, ("department",), "department", rules.data.get("department"))
        )
    for plan in records.of("plan"):
        data = plan.data
        candidates.append(
            missing(records, plan, ("department",), "department", data.get("department"))
        )
        for t_index, task in enumerate(data.get("tasks") or []):
            base: tuple[str | int, ...] = ("tasks", t_index)
            for i_index, item_id in enumerate(task.get("items") or []):
                candidates.append(
                    missing(records, plan, (*base, "items", i_index), "item", item_id)
                )
            candidates.append(
                missing(
                    records,
                    plan,
                    (*base, "lead_department"),
                    "department",
                    task.get("lead_department"),
                )
            )
            for d_index, dept in enumerate(task.get("cooperating_departments") or []):
                path = (*base, "cooperating_departments", d_index)
                candidates.append(missing(records, plan, path, "department", dept))
    yield from (c for c in candidates if c is not None)


def _not_in(
    record: Record, path: tuple[str | int, ...], what: str, value: object, where: str
) -> Finding:
    return Finding(
        record,
        path,
        f"{what} {value} 不存在",
        expected=f"应为 {where} 中登记的编号",
        hint=f"在 {where} 中登记，或改正拼写",
        code="unresolved-reference",
    )


IDENTITY_CHECKS = (check_unique_ids, check_references)
