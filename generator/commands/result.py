"""`spotcheck result new|import|status`: inspection result files for drawn targets."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from spotcheck import limits as input_limits
from spotcheck import yamlio
from spotcheck.commands.common import add_actions, add_repo_option, add_today_option, resolve_repo
from spotcheck.errors import SpotcheckError, UsageError
from spotcheck.layout import RESULTS_PER_LIST_FILE, is_result_list
from spotcheck.model import (
    TaskRef,
    find_task,
    result_folder,
    result_list_path,
    result_path,
    target_for_result,
)
from spotcheck.records import RecordSet, load
from spotcheck.schemas import SchemaSet


class ResultError(SpotcheckError):
    """A result file that must not be written; nothing has been written."""


def register(subparsers: argparse._SubParsersAction) -> None:
    actions = add_actions(
        subparsers,
        "result",
        help="检查结果：新建结果文件、从任务表导入、查看完成与公示情况",
        description="为随机抽中的检查对象建立检查结果文件（records/results/<年度>/<任务>/<统一社会信用代码>.yaml，"
        "或任务的结果列表文件 <序号>.yaml 中的一条），"
        "或从填好的任务表（spotcheck export tasksheet 导出）批量导入。",
    )

    new = actions.add_parser(
        "new",
        help="新建一个检查结果文件（预填选派人员和抽查事项）",
        description="按抽取结果新建检查结果文件：预填任务、对象、选派人员和各抽查事项，"
        "并以注释列出可选的检查结果类别与检查方式。对象未被抽中或已有结果时拒绝。"
        "用 --list（或任务目录已有列表文件、config.yaml 设 result_lists: true）时，"
        "结果按统一社会信用代码插入任务的结果列表文件，其他结果的内容逐字不变。",
    )
    add_repo_option(new)
    new.add_argument("task", metavar="TASK", help="抽查任务编号，如 2026-SCJG-01")
    new.add_argument("target", metavar="TARGET", help="检查对象的统一社会信用代码")
    new.add_argument(
        "--reserve", action="store_true", help="允许为候补对象建立结果（入选对象无法检查时递补）"
    )
    new.add_argument(
        "--list",
        action="store_true",
        help="把结果按统一社会信用代码插入任务的结果列表文件（results/<年度>/<任务>/001.yaml 起，"
        "每个文件至多 2000 条）；任务目录已有列表文件或 config.yaml 设 result_lists: true 时默认如此",
    )
    new.set_defaults(func=run_new)

    imp = actions.add_parser(
        "import",
        help="从填好的任务表（XLSX）导入检查结果",
        description="读取 spotcheck export tasksheet 导出并填好的任务表，"
        "逐行校验（与 spotcheck validate 相同的规则）；"
        "任何一行有错误时不写入任何文件，并列出工作表、行号与列。留空的行（尚未检查）跳过。",
    )
    add_repo_option(imp)
    imp.add_argument("file", metavar="FILE.xlsx", type=Path, help="填好的任务表")
    imp.add_argument(
        "--replace", action="store_true", help="覆盖内容不同的已有结果（已公示的结果从不覆盖）"
    )
    add_today_option(imp)
    imp.set_defaults(func=run_import)

    status = actions.add_parser(
        "status",
        help="各任务抽中对象的检查与公示情况",
        description="列出每个已抽取任务的抽中对象状态：待检查、待公示、已公示、逾期未公示、逾期未检查。",
    )
    add_repo_option(status)
    status.add_argument("task", metavar="TASK", nargs="?", help="只看一个任务")
    add_today_option(status)
    status.set_defaults(func=run_status)


def run_new(args: argparse.Namespace) -> int:
    from spotcheck.results.scaffold import new_result_text

    root = resolve_repo(args.repo)
    records = load(root)
    task, entry = target_for_result(records, args.task, args.target, allow_reserve=args.reserve)
    existing = records.get("result", f"{task.id}/{entry.target}")
    if existing is not None:
        where = (
            f"{existing.path} 已存在"
            if existing.index is None
            else f"{existing.path} 第 {existing.index + 1} 条已是"
        )
        raise ResultError(
            f"{where} {entry.target} 的结果：直接编辑（已公示的结果修改时须写更正记录）"
        )
    if args.list or keeps_lists(root, records, task):
        from spotcheck.results.scaffold import new_result_item_text

        item = new_result_item_text(records, SchemaSet(), task, entry)
        (relative,) = add_to_list(root, records, task, [item])
        print(f"已在 {relative} 中加入 {entry.target} 的结果（按统一社会信用代码排序）")
        print("填写检查完成日期、检查方式和各事项的检查结果后，运行 spotcheck validate 检查。")
        return 0
    relative = result_path(task, entry.target)
    path = root / relative
    if path.exists():
        raise ResultError(f"{relative} 已存在：直接编辑该文件（已公示的结果修改时须写更正记录）")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(new_result_text(records, SchemaSet(), task, entry))
    print(f"已新建 {relative}")
    print("填写检查完成日期、检查方式和各事项的检查结果后，运行 spotcheck validate 检查。")
    return 0


def _list_files(root: Path, task: TaskRef) -> list[Path]:
    """The task's result list files on disk, by number."""
    folder = root / result_folder(task)
    found = [p for p in folder.glob("*.y*ml") if is_result_list(p.relative_to(root).as_posix())]
    return sorted(found, key=lambda p: int(p.name.split(".", 1)[0]))


def keeps_lists(root: Path, records: RecordSet, task: TaskRef) -> bool:
    """Whether the task's new results go to list files: its folder has one already, or the
    district's config says so (`result_lists: true`)."""
    return bool(_list_files(root, task)) or records.config.get("result_lists") is True


def add_to_list(root: Path, records: RecordSet, task: TaskRef, item_texts: list[str]) -> list[str]:
    """Insert results (each a one-record YAML list) into the task's last list file, sorted by
    credit code, and the ones it has no room for into new list files; each file is replaced at
    once or not at all. Returns the files written, from the repository root."""
    from spotcheck.results.list_file import list_records, with_results

    limits = input_limits.from_config(records.config)
    per_file = min(RESULTS_PER_LIST_FILE, limits.records_per_file)
    list_files = _list_files(root, task)
    path = list_files[-1] if list_files else root / result_list_path(task, 1)
    number = int(path.name.split(".", 1)[0])
    pending = list(item_texts)
    written = []
    while pending:
        relative = path.relative_to(root).as_posix()
        old = path.read_bytes() if path.exists() else None
        text = old.decode("utf-8") if old is not None else None
        room = per_file - (len(list_records(text, relative)) if text is not None else 0)
        if room > 0:
            batch, pending = pending[:room], pending[room:]
            changed = with_results(text, batch, relative)
            write_replacing(path, changed.encode("utf-8"), expected=old)
            written.append(relative)
        number += 1
        path = root / result_list_path(task, number)
    return written


def write_replacing(path: Path, data: bytes, *, expected: bytes | None) -> None:
    """Write `path` atomically (a temporary file beside it, then a rename), only if it still
    holds `expected` (None: only if it does not exist): an edit made meanwhile is never lost."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if expected is None:
            try:
                os.link(temporary, path)  # fails if the file appeared meanwhile
            except FileExistsError:
                raise ResultError(f"{path.name} 刚被创建：请重新运行") from None
        else:
            if path.read_bytes() != expected:
                raise ResultError(f"{path.name} 在写入期间被修改：未写入，请重新运行")
            os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def run_import(args: argparse.Namespace) -> int:
    from spotcheck.exports.tasksheet import open_tasksheet, read_tasksheet
    from spotcheck.results.importer import plan_import, result_text

    root = resolve_repo(args.repo)
    records = load(root)
    schemas = SchemaSet()
    limits = input_limits.from_config(records.config)
    book = open_tasksheet(args.file, limits)
    try:
        rows = list(read_tasksheet(book, records, path=args.file, limits=limits))
    finally:
        book.close()
    today: dt.date = args.today
    plan = plan_import(rows, records, schemas, today, replace=args.replace)
    for problem in plan.problems:
        print(problem.text(), file=sys.stderr if problem.level == "error" else sys.stdout)
    if not plan.ok:
        errors = sum(1 for p in plan.problems if p.level == "error")
        print(
            f"共 {errors} 处错误，未写入任何文件。请修改 {args.file.name} 后重新导入。",
            file=sys.stderr,
        )
        return 1
    listed: dict[str, tuple[TaskRef, list[str]]] = {}  # task → its new results for list files
    for relative, data in plan.files.items():
        task = find_task(records, str(data["task"]))
        # a new result of a task that keeps list files goes into one (a file of its own that
        # exists already is replaced where it is)
        if task is not None and not (root / relative).exists() and keeps_lists(root, records, task):
            listed.setdefault(task.id, (task, []))[1].append(yamlio.dump([data]))
            continue
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result_text(data, args.file.name), encoding="utf-8")
        print(f"已写入 {relative}")
    for task, items in listed.values():
        for written in add_to_list(root, records, task, items):
            print(f"已写入 {written}（{task.id} 的结果列表文件，按统一社会信用代码排序）")
    print(
        f"导入完成：写入 {len(plan.files)} 个结果，{len(plan.unchanged)} 个未变，"
        f"{len(plan.skipped_rows)} 行留空（尚未检查）已跳过。"
    )
    return 0


def run_status(args: argparse.Namespace) -> int:
    from spotcheck.checks.results import records_calendar
    from spotcheck.results.deadlines import summary, task_statuses

    root = resolve_repo(args.repo)
    records = load(root)
    statuses = task_statuses(records, records_calendar(records), args.today)
    if args.task:
        if args.task not in statuses:
            raise UsageError(f"任务 {args.task} 没有有效的抽取结果")
        statuses = {args.task: statuses[args.task]}
    for task_id, rows in statuses.items():
        counts = "，".join(f"{k} {v}" for k, v in summary(rows).items() if v)
        print(f"{task_id}：{counts or '没有抽中对象'}")
        for row in rows:
            deadline = f"，公示期限 {row.publication_deadline}" if row.publication_deadline else ""
            print(f"  {row.target}  {row.status}{deadline}")
    return 0
