"""Review as data: the legal office's approval of items, rules and plans, and CODEOWNERS.

- An active item, and every implementation rules and plan record, must have an approval by the
  legal office of its *current* content (when `require_legal_approval` is on); a change after
  the approval needs a new one (`generator/approvals.py` defines the content digest).
- An approval record must come from the legal office, for a record that exists.
- CODEOWNERS, when present, must be what `spotcheck codeowners` writes for the departments:
  a stale file lets the wrong people approve changes, so it is an error (the pull request that
  changes a department also regenerates CODEOWNERS).
"""

from __future__ import annotations

from collections.abc import Iterator

from spotcheck import approvals, codeowners
from spotcheck.checks.base import CheckContext, Finding, department_name
from spotcheck.records import Record, RecordSet


def check_current_approvals(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """Refuse an active item, rule or plan whose current content the legal office has not approved."""
    if not approvals.required(records.config):
        return
    legal_office = records.config.get("legal_office")
    by_subject = approvals.approvals_by_subject(records)
    for kind, name in approvals.APPROVED_KINDS.items():
        for record in records.of(kind):
            if not approvals.needs_approval(record):
                continue
            if approvals.current_approval(record, by_subject, legal_office) is not None:
                continue
            digest = approvals.record_digest(record)
            earlier = [
                a
                for a in by_subject.get((kind, record.id), [])
                if a.data.get("department") == legal_office
            ]
            if earlier:
                last = earlier[-1].data
                message = (
                    f"{name}内容在 {last.get('date')} 经 {last.get('approver')} 审核后已修改，"
                    f"当前版本（摘要 {digest[:12]}）尚未经法制审核"
                )
            else:
                message = f"{name}的当前版本（摘要 {digest[:12]}）没有区法制部门的审核记录"
            yield Finding(
                record,
                (),
                message,
                expected=f"应有 {department_name(records, str(legal_office))}对当前内容的审核记录",
                hint=f"区法制部门审核后运行 spotcheck approve {kind} {record.id} --by 审核人姓名",
                code="approval-missing",
            )


def check_approval_records(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """An approval names an existing record and comes from the legal office's reviewers."""
    legal_office = records.config.get("legal_office")
    legal = records.get("department", str(legal_office)) if legal_office else None
    reviewers = (
        {str(r.get("name")) for r in (legal.data.get("reviewers") or [])} if legal else set()
    )
    for approval in records.of(approvals.APPROVAL_KIND):
        data = approval.data
        if legal_office and data.get("department") != legal_office:
            yield Finding(
                approval,
                ("department",),
                f"审核部门为 {data.get('department')}，不是区法制部门",
                expected=f"应为 {department_name(records, str(legal_office))}（{legal_office}）",
                hint="抽查事项清单、实施细则和年度计划须经区法制部门审核",
                code="approval-department",
            )
        elif reviewers and str(data.get("approver")) not in reviewers:
            yield Finding(
                approval,
                ("approver",),
                f"审核人 {data.get('approver')} 不在区法制部门登记的审核人员中",
                expected="应为 " + "、".join(sorted(reviewers)) + " 之一",
                hint="人员变动时先更新部门记录的审核人员",
                level="warning",
                code="approval-approver",
            )
        subject = records.get(str(data.get("subject_kind")), str(data.get("subject")))
        if subject is None:
            yield Finding(
                approval,
                ("subject",),
                f"审核对象 {data.get('subject')} 不存在",
                expected="应为已登记的抽查事项、实施细则或年度计划编号",
                hint="记录已删除时可保留审核记录作为历史；否则检查拼写",
                level="warning",
                code="approval-subject",
            )


def check_codeowners(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """CODEOWNERS says what the department records say."""
    if context.codeowners is None:
        if approvals.required(records.config) and records.of("department"):
            yield Finding(
                _codeowners_record(),
                (),
                "仓库没有 CODEOWNERS：合并请求不会自动请审核人审核",
                expected="仓库根目录应有 spotcheck codeowners 生成的 CODEOWNERS",
                hint="运行 spotcheck codeowners 并提交",
                level="warning",
                code="codeowners-missing",
            )
        return
    if context.codeowners != codeowners.render(records):
        yield Finding(
            _codeowners_record(),
            (),
            "CODEOWNERS 与部门记录中的审核人不一致（部门或审核人变更后未重新生成）",
            expected="应为 spotcheck codeowners 按当前部门记录生成的内容",
            hint="运行 spotcheck codeowners 并把 CODEOWNERS 与部门记录的修改一起提交",
            code="codeowners-stale",
        )


def _codeowners_record() -> Record:
    return Record("config", codeowners.FILE_NAME, {}, codeowners.FILE_NAME)


REVIEW_CHECKS = (check_current_approvals, check_approval_records, check_codeowners)
