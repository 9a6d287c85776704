"""`spotcheck approve item|rules|plan ID…`: record the legal office's approval of the current
content of items, implementation rules or plans (one file per approved version)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from spotcheck import approvals, district_init, yamlio
from spotcheck.commands.common import add_repo_option, parse_date, resolve_repo
from spotcheck.commands.import_ import write_all
from spotcheck.errors import SpotcheckError, UsageError
from spotcheck.records import Record, load

MODELINE = "../../../../schemas/approval.schema.json"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "approve",
        help="登记区法制部门对抽查事项、实施细则或年度计划当前内容的审核",
        description="为每个记录的当前内容写一份法制审核记录 records/approvals/<类型>/<编号>/<摘要>.yaml"
        "（内容摘要见 generator/approvals.py）。内容以后再修改，须重新审核。"
        "审核人须为区法制部门登记的审核人员；已审核的同一版本不重复登记。写入后请提交。",
    )
    add_repo_option(parser)
    parser.add_argument(
        "kind", choices=sorted(approvals.APPROVED_KINDS), help="item 事项、rules 细则、plan 计划"
    )
    parser.add_argument("ids", nargs="*", metavar="ID", help="记录编号，如 SCJG-001（可多个）")
    parser.add_argument(
        "--all",
        action="store_true",
        help="该类型全部尚未审核的在用记录（先用 spotcheck diff 看清内容）",
    )
    parser.add_argument(
        "--by", required=True, metavar="姓名", help="审核人（区法制部门的审核人员）"
    )
    parser.add_argument("--role", help="审核人职责（默认取部门记录中登记的职责）")
    parser.add_argument("--document", metavar="文号", help="审核文号，如 花法审〔2026〕12号")
    parser.add_argument(
        "--date", type=parse_date, default=None, metavar="YYYY-MM-DD", help="审核日期（默认今天）"
    )
    parser.add_argument("--remarks", help="审核意见摘要（公开）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = resolve_repo(args.repo)
    if not args.ids and not args.all:
        raise UsageError("请给出记录编号，或用 --all 审核该类型全部尚未审核的在用记录")
    records = load(root)
    legal_office = records.config.get("legal_office")
    if not legal_office:
        raise SpotcheckError("config.yaml 没有登记区法制部门（legal_office）")
    legal = records.get("department", str(legal_office))
    if legal is None:
        raise SpotcheckError(f"区法制部门 {legal_office} 没有部门记录（records/departments/）")
    if args.by == district_init.PLACEHOLDER_REVIEWER:
        raise UsageError("请先在区法制部门的部门记录中填写审核人员的姓名")
    reviewer = next(
        (r for r in legal.data.get("reviewers") or [] if str(r.get("name")) == args.by), None
    )
    if reviewer is None:
        names = "、".join(str(r.get("name")) for r in legal.data.get("reviewers") or [])
        raise SpotcheckError(
            f"{args.by} 不是{legal.data.get('short_name', legal_office)}登记的审核人员（{names}）；"
            "人员变动请先修改部门记录"
        )
    role = args.role or reviewer.get("role")
    if not role:
        raise UsageError("部门记录没有登记该审核人的职责，请用 --role 给出")
    by_subject = approvals.approvals_by_subject(records)
    subjects: list[Record] = []
    if args.all:
        subjects = [
            r
            for r in records.of(args.kind)
            if approvals.needs_approval(r)
            and approvals.current_approval(r, by_subject, legal_office) is None
        ]
    for record_id in args.ids:
        found = records.get(args.kind, record_id)
        if found is None:
            kind_name = approvals.APPROVED_KINDS[args.kind]
            raise SpotcheckError(f"没有编号为 {record_id} 的{kind_name}，未写入任何文件")
        subjects.append(found)
    date: dt.date = args.date or dt.date.today()
    files: dict[Path, str] = {}
    approved: list[Record] = []
    for record in subjects:
        data = approvals.approval_record(
            record,
            approver=args.by,
            role=str(role),
            department=str(legal_office),
            date=date.isoformat(),
            document=args.document,
        )
        if args.remarks:
            data["remarks"] = args.remarks
        path = root / approvals.approval_path(record.kind, record.id, data["digest"])
        if (
            approvals.current_approval(record, by_subject, legal_office) is not None
            or path.exists()
        ):
            print(f"{record.id} 的当前版本已有审核记录，跳过")
            continue
        files[path] = yamlio.dump(data, MODELINE)
        approved.append(record)
    if args.kind == "item":
        files.update(_legal_review_updates(root, approved, legal_office, date, args.document))
    write_all(files)
    for path in sorted(files):
        print(f"已登记审核：{path.relative_to(root).as_posix()}")
    print(f"共登记 {len(files)} 份审核记录。请提交（git add records/approvals && git commit）。")
    return 0


def _legal_review_updates(
    root: Path, items: list[Record], legal_office: object, date: dt.date, document: str | None
) -> dict[Path, str]:
    """The approved items' `legal_review` summaries set to 已审核 (the field is outside the
    content digest, so this does not change what was approved). Item files are rewritten
    in the canonical YAML form; comments in them other than the modeline are not kept."""
    review: dict[str, object] = {
        "status": "已审核",
        "reviewer": str(legal_office),
        "date": date.isoformat(),
    }
    if document:
        review["reference"] = document
    by_file: dict[str, list[Record]] = {}
    for item in items:
        by_file.setdefault(item.path, []).append(item)
    updates: dict[Path, str] = {}
    for relative, members in by_file.items():
        path = root / relative
        text = path.read_text(encoding="utf-8")
        entries = yamlio.parse(text, relative)
        changed = False
        for item in members:
            assert item.index is not None
            if entries[item.index].get("legal_review") != review:
                entries[item.index]["legal_review"] = dict(review)
                changed = True
        if changed:
            first = text.split("\n", 1)[0]
            modeline = first.split("$schema=", 1)[1] if "$schema=" in first else None
            updates[path] = yamlio.dump(entries, modeline)
    return updates
