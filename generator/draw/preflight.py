"""What `draw commit` checks before committing, so that a commitment never forces a void
(issue 9): the committed records pass validation, and the task's inspector assignment
(docs/protocol.md §3) succeeds for every selection the seed could give.

Assignment fails only where rules 1–5 of §3.3 leave a slot without a candidate: the load cap
(rule 6) is lifted rather than leave a slot empty, and "not already on the target" (rule 5)
only needs each department to have as many candidates per target as it has slots there.  So
the draw succeeds for every seed if and only if, for every target that can be selected (any
target of a stratum whose sample size is not 0) and every department d of the task,

    |officers of d passing rules 1–4 for that target|  ≥  slots of d per target.

Rules 1–3 do not depend on the target; rule 4 (conflicts; own jurisdiction for
cross-jurisdiction tasks) does, and is checked for the worst target: a department's
qualified officers are counted per office once, and only targets some officer declared a
conflict with, or whose office can leave too few, are looked at one by one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from spotcheck.draw.assignment import (
    RULE_CERTIFICATE,
    RULE_CONFLICT,
    RULE_EXPERT,
    RULE_INACTIVE,
    RULE_JURISDICTION,
    AssignmentRules,
    Candidate,
    qualification_failure,
    slot_departments,
)
from spotcheck.draw.engine import DrawError, candidates_for
from spotcheck.model import TaskRef
from spotcheck.records import RecordSet
from spotcheck.report import Message
from spotcheck.schemas import SchemaSet

SHOWN_ERRORS = 5


class RecordsInvalid(DrawError):
    """The committed records fail validation: no commitment is made on them."""


class AssignmentNotGuaranteed(DrawError):
    """Some selection could not be staffed: the commitment would force a void."""


def require_valid_records(
    root: Path,
    today: dt.date,
    schemas: SchemaSet,
    commit: str = "HEAD",
    *,
    also_on: dt.date | None = None,
) -> None:
    """Refuse when the records committed at `commit` fail validation (first errors and count).

    With `also_on` (a demo repository under a simulated clock: `today` is simulated, `also_on`
    the machine's date), only errors found on both days refuse: a demo history made after the
    fact holds records dated after the simulated day, which are errors on that day only."""
    from spotcheck.validation import validate

    def errors_on(day: dt.date) -> list[Message]:
        found = validate(root, commit=commit, today=day, schemas=schemas).messages
        return [m for m in found if m.level == "error"]

    errors = errors_on(today)
    if errors and also_on is not None and also_on != today:
        later = {(m.where, m.code) for m in errors_on(also_on)}
        errors = [m for m in errors if (m.where, m.code) in later]
    if errors:
        shown = "\n".join(
            f"  {m.where}：{m.message}" + (f"（规则 {m.code}）" if m.code else "")
            for m in errors[:SHOWN_ERRORS]
        )
        more = (
            f"\n  …… 另有 {len(errors) - SHOWN_ERRORS} 个错误" if len(errors) > SHOWN_ERRORS else ""
        )
        raise RecordsInvalid(
            f"提交 {commit[:10]} 中的记录有 {len(errors)} 个校验错误，不能在其上提交抽取承诺"
            f"（承诺提交后抽取将无法进行，只能作废）：\n{shown}{more}\n"
            "请先修正并提交，运行 spotcheck validate 确认无误后再提交承诺"
        )


def rules_for(task: TaskRef) -> AssignmentRules:
    window = task.task.get("window") or {}
    return AssignmentRules(
        departments=task.departments,
        window_start=str(window.get("start")),
        window_end=str(window.get("end")),
        officers_per_target=int(task.task.get("officers_per_target") or 2),
        cross_jurisdiction=bool(task.task.get("cross_jurisdiction")),
    )


def require_assignable(
    records: RecordSet,
    task: TaskRef,
    selectable: Iterable[str],
    names: Mapping[str, str] | None = None,
    commit: str = "HEAD",
) -> None:
    """Refuse when some target of `selectable` (ids that some seed can select) would leave a
    department's slot without a candidate; the message names the department, the rule that
    emptied its pool and (for rule 4) the target."""
    targets = sorted(selectable)
    if not targets:
        return
    rules = rules_for(task)
    slots = Counter(slot_departments(rules))
    candidates = candidates_for(records, rules.departments)
    for department in rules.departments:
        name = (names or {}).get(department, department)
        members = [c for c in candidates if c.department == department]
        where = _directory(records, department, commit)
        removed = dict.fromkeys((RULE_INACTIVE, RULE_CERTIFICATE, RULE_EXPERT), 0)
        qualified: list[Candidate] = []
        for candidate in members:
            failure = qualification_failure(candidate, rules)
            if failure is None:
                qualified.append(candidate)
            else:
                removed[failure] += 1
        needed = slots[department]
        if len(qualified) < needed:
            raise AssignmentNotGuaranteed(
                f"任务 {task.id} 的抽取无法完成，未提交承诺：{name}每户需要 {needed} 名执法人员，"
                f"该部门执法人员 {len(members)} 人中{_counts(removed)}，合格仅 {len(qualified)} 人"
                f"（清空人选的规则：{_nonzero(removed)}；{where}）。"
                "请先更新执法人员名录（在岗、执法证有效期）或调整任务的部门与每户人数"
            )
        short = Shortage(task.id, name, where, needed)
        _require_for_every_target(records, rules, qualified, short, targets)


@dataclass(frozen=True)
class Shortage:
    """What a refusal names: the task, the department (its name, where its officers are
    recorded) and how many officers it needs per target."""

    task: str
    name: str
    where: str
    needed: int


def _require_for_every_target(
    records: RecordSet,
    rules: AssignmentRules,
    qualified: list[Candidate],
    short: Shortage,
    targets: list[str],
) -> None:
    """Rule 4 for each target that could leave too few of `qualified` (see the docstring)."""
    needed = short.needed
    cross = rules.cross_jurisdiction
    per_office = Counter(c.office for c in qualified if c.office is not None) if cross else {}
    conflicted: dict[str, list[Candidate]] = {}
    for candidate in qualified:
        for target in candidate.conflicts:
            conflicted.setdefault(target, []).append(candidate)
    worst = max(per_office.values(), default=0) + max(map(len, conflicted.values()), default=0)
    if len(qualified) - worst >= needed:
        return  # not even the worst office and the most conflicted target together suffice
    short_offices = {o for o, n in per_office.items() if len(qualified) - n < needed}
    failing: list[tuple[str, int, int]] = []
    for target in targets:
        if not short_offices and target not in conflicted:
            continue
        office = _office_of(records, target) if cross else None
        own = per_office.get(office, 0) if office is not None else 0
        conflicts = sum(
            1 for c in conflicted.get(target, ()) if not (office is not None and c.office == office)
        )
        if len(qualified) - own - conflicts < needed:
            failing.append((target, own, conflicts))
    if not failing:
        return
    target, own, conflicts = failing[0]
    task, name, where = short.task, short.name, short.where
    removed = {RULE_JURISDICTION: own, RULE_CONFLICT: conflicts}
    others = f"（另有 {len(failing) - 1} 户同样情形）" if len(failing) > 1 else ""
    raise AssignmentNotGuaranteed(
        f"任务 {task} 的抽取可能无法完成，未提交承诺：若抽中 {target}{others}，"
        f"{name}每户需要 {needed} 名执法人员，合格的 {len(qualified)} 人中{_counts(removed)}，"
        f"只剩 {len(qualified) - own - conflicts} 人（清空人选的规则：{_nonzero(removed)}；{where}）。"
        "承诺提交后种子一旦抽中该户，抽取只能作废：请先调整执法人员名录、利益冲突声明或任务的所所交叉设置"
    )


def _directory(records: RecordSet, department: str, commit: str) -> str:
    """Where the department's officers are recorded: "人员名录 FILE（提交 C）"."""
    paths = sorted(
        {r.path for r in records.of("inspector") if r.data.get("department") == department}
    )
    shown = "、".join(paths) if paths else "records/inspectors/ 中没有该部门的人员"
    return f"人员名录 {shown}（提交 {commit[:10]}）"


def _office_of(records: RecordSet, target: str) -> str | None:
    found = records.get("target", target)
    return found.data.get("office") if found else None  # as the assignment compares it


def _counts(removed: Mapping[str, int]) -> str:
    return "，".join(
        f"{rule}{'' if rule.endswith('）') else ' '}{count} 人"
        for rule, count in removed.items()
        if count
    )


def _nonzero(removed: Mapping[str, int]) -> str:
    return "、".join(rule for rule, count in removed.items() if count) or "无"
