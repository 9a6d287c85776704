"""Validation: schema errors plus the cross-record checks, as located Chinese messages.

A whole-run result is cached by the digest of every file (path + blob id), the schemas, the
tool version and the date of "today", so a run with nothing changed only hashes the files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from spotcheck import __version__, yamlio
from spotcheck.checks import ALL_CHECKS, Check, CheckContext, Finding
from spotcheck.checks.results import TASK_CHECKS
from spotcheck.checks.targets import (
    check_credit_codes,
    check_industry_codes,
    check_registration_status,
)
from spotcheck.codeowners import read_codeowners
from spotcheck.layout import RECORDS_DIR, rule_for
from spotcheck.records import (
    Record,
    RecordSet,
    SourceFile,
    cache_dir,
    load,
    non_text_key,
    read_sources,
    sources_digest,
    write_atomically,
)
from spotcheck.records.sources import read_blobs
from spotcheck.report import Message
from spotcheck.schemas import PRIVATE_VALUE, SchemaSet

Progress = Callable[[int, int], None]


@dataclass
class Validation:
    messages: list[Message]
    records: RecordSet | None  # None when the result came from the cache

    @property
    def ok(self) -> bool:
        return not any(m.level == "error" for m in self.messages)


class Locator:
    """Positions of values in files, computed once per file and only when a message needs one."""

    def __init__(self, records: RecordSet) -> None:
        self.records = records
        self._positions: dict[str, dict[yamlio.Path_, yamlio.Position]] = {}

    def position(
        self, path: str, pointer: tuple[str | int, ...], offset: int
    ) -> yamlio.Position | None:
        positions = self._positions.get(path)
        if positions is None:
            source = self.records.files.get(path)
            positions = {}
            if source is not None:
                text = source.data.decode("utf-8", errors="replace")
                if path.endswith(".md"):
                    try:
                        text, _, _ = yamlio.split_front_matter(text, path)
                    except yamlio.YamlSyntaxError:
                        text = ""
                positions = yamlio.locate(text, line_offset=offset)
            self._positions[path] = positions
        return yamlio.nearest_position(positions, pointer)

    def prefetch(self, findings: list[Finding]) -> None:
        """Read the files these findings point into at once: loading dropped their bytes, and
        files of a commit read one by one would cost a git call each."""
        read_blobs(
            self.records.files[path]
            for path in {f.record.path for f in findings}
            if path not in self._positions and path in self.records.files
        )


def schema_findings(records: RecordSet, schemas: SchemaSet) -> tuple[list[Finding], set[str]]:
    """Why records do not match their schemas; and the record kinds that have no schema."""
    findings: list[Finding] = []
    missing_kinds: set[str] = set()
    for record in records.records:
        if record.kind not in schemas.by_kind:
            missing_kinds.add(record.kind)
            continue
        try:
            if schemas.is_valid(record.kind, record.data):
                continue
        except ValueError:  # the compiled validator refuses non-text keys: say where
            bad = non_text_key(record.data, ())
            if bad is not None:
                where, key = bad
                findings.append(
                    Finding(
                        record,
                        where,
                        f"键 {key!r} 不是文字（字段名必须是文字）",
                        hint="检查是否漏写了字段名，或把含冒号的文字加上引号",
                        code="yaml-key",
                    )
                )
                continue
        try:
            errors = schemas.errors(record.kind, record.data)
        except RecursionError:  # nesting the parser allowed but the explanation cannot walk
            findings.append(
                Finding(
                    record,
                    (),
                    "记录嵌套过深，无法逐项说明哪里不符合 schema",
                    hint="按 schema 的结构改写这条记录",
                    code="yaml-depth",
                )
            )
            continue
        findings.extend(
            Finding(
                record,
                error.path,
                error.message,
                error.expected,
                error.hint,
                code=f"schema-{error.validator}",
            )
            for error in errors
        )
    return findings, missing_kinds


def schema_messages(records: RecordSet, schemas: SchemaSet, locator: Locator) -> list[Message]:
    findings, missing_kinds = schema_findings(records, schemas)
    locator.prefetch(findings)
    messages = [finding_message(f, schemas, locator) for f in findings]
    messages.extend(
        Message(
            "error",
            "schemas",
            None,
            None,
            "",
            "",
            f"没有记录类型 {kind} 的 schema",
            hint="安装包不完整",
            code="schema-missing",
        )
        for kind in sorted(missing_kinds)
    )
    return messages


def finding_message(finding: Finding, schemas: SchemaSet, locator: Locator) -> Message:
    record = finding.record
    position = locator.position(record.path, record.pointer(*finding.path), record.line_offset)
    title = schemas.field_title(record.kind, finding.path) if finding.path else ""
    texts = (finding.message, finding.expected, finding.hint)
    hidden = private_values(schemas, record.kind, record.data)
    if hidden:
        texts = tuple(mask(text, hidden) for text in texts)
        if schemas.is_private(record.kind, finding.path):
            title = f"{title}（不公开）"
    return Message(
        finding.level,
        record.path,
        position.line if position else None,
        position.column if position else None,
        record.id,
        title,
        *texts,
        code=finding.code,
    )


def private_values(schemas: SchemaSet, kind: str, data: object) -> list[str]:
    """The texts of a record's non-public fields (`"x-public": false`), longest first: no
    message may contain one (a pull request's annotations are public)."""
    found: set[str] = set()
    for path in schemas.non_public_paths(kind):
        nodes = [data]
        for step in path:
            nodes = [
                item.get(step)
                for node in nodes
                for item in (node if isinstance(node, list) else [node])
                if isinstance(item, dict)
            ]
        stack = list(nodes)
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
            elif node is not None and not isinstance(node, bool):
                text = str(node)
                if len(text) >= 2:  # a one-character value (性别) is only shown by the schema
                    found.add(text)
    return sorted(found, key=len, reverse=True)


def mask(text: str, hidden: list[str]) -> str:
    for value in hidden:
        if value in text:
            text = text.replace(value, PRIVATE_VALUE)
    return text


def check_messages(
    records: RecordSet,
    schemas: SchemaSet,
    context: CheckContext,
    locator: Locator,
    *,
    tolerate_shape_errors: bool,
    task_cache: Path | None = None,
) -> list[Message]:
    """Run every cross-record check; with schema errors present, a check that trips over
    malformed data is skipped (the schema messages already explain the record).

    The checks of results (`TASK_CHECKS`) are run task by task with `task_cache`, a folder
    where each task's messages are kept (`task_check_messages`)."""
    by_task = None
    if task_cache is not None and not tolerate_shape_errors:
        by_task = task_check_messages(records, schemas, context, locator, task_cache)
    messages: list[Message] = []
    for check in ALL_CHECKS:
        if by_task is not None and check in by_task:
            messages.extend(by_task[check])
            continue
        if task_cache is not None and not tolerate_shape_errors and check in FOLDER_CHECKS:
            messages.extend(
                folder_check_messages(check, records, schemas, locator, task_cache.parent)
            )
            continue
        try:
            findings = list(check(records, context))
        except (TypeError, AttributeError, KeyError, ValueError, IndexError):
            if not tolerate_shape_errors:
                raise
            continue
        if check in TASK_CHECKS:
            findings = in_record_order(findings, records)
        locator.prefetch(findings)
        messages.extend(finding_message(f, schemas, locator) for f in findings)
    return messages


_TASK_CHECKS_FORMAT = "task-checks-v1"
# the kinds of a task's own records: its results and its attempts (a plan holds many tasks)
TASK_KINDS = frozenset({"result", "commitment", "reveal", "draw", "void"})


# Checks that read the records of a few folders under records/ only, and no context: their
# messages are kept by those folders' files (the 200,000 targets of a district are checked
# again only when the directory changes).
FOLDER_CHECKS: dict[Check, tuple[str, ...]] = {
    check_credit_codes: ("targets",),
    check_industry_codes: ("targets",),
    check_registration_status: ("targets",),
}


def folder_check_messages(
    check: Check, records: RecordSet, schemas: SchemaSet, locator: Locator, cache: Path
) -> list[Message]:
    """The messages of one of `FOLDER_CHECKS`, kept in `cache` by the files it reads."""
    prefixes = tuple(f"{RECORDS_DIR}/{folder}/" for folder in FOLDER_CHECKS[check])
    files = sources_digest(f for path, f in records.files.items() if path.startswith(prefixes))
    key = hashlib.sha256(
        f"{_TASK_CHECKS_FORMAT}\n{__version__}\n{schemas.digest}\n{files}".encode()
    ).hexdigest()
    folder = cache / "folder-checks" / check.__name__
    entry = folder / f"{key}.json"
    try:
        return [Message(**item) for item in json.loads(entry.read_bytes())]
    except (OSError, ValueError, TypeError):
        pass
    findings = list(check(records, CheckContext()))
    locator.prefetch(findings)
    messages = [finding_message(f, schemas, locator) for f in findings]
    write_atomically(entry, json.dumps([asdict(m) for m in messages], ensure_ascii=False).encode())
    _prune(folder, {key})
    return messages


def in_record_order(findings: list[Finding], records: RecordSet) -> list[Finding]:
    """The findings in the order of their records (each record's in the order found): the
    same order whether a task's findings were kept or found now."""
    if not findings:
        return findings
    position = records.derived.get("record-positions")
    if position is None:
        position = {id(record): number for number, record in enumerate(records.records)}
        records.derived["record-positions"] = position
    return sorted(findings, key=lambda f: position.get(id(f.record), -1))


def finding_task(finding: Finding) -> str | None:
    """The task a finding of `TASK_CHECKS` is about (None: not a result's or a draw's)."""
    if finding.record.kind in ("result", "draw"):
        return str(finding.record.data.get("task"))
    return None


def task_check_messages(
    records: RecordSet,
    schemas: SchemaSet,
    context: CheckContext,
    locator: Locator,
    folder: Path,
) -> dict[Check, list[Message]] | None:
    """The messages of `TASK_CHECKS`, each task's kept in `folder` by what they depend on
    (`_task_keys`). Only the tasks whose key is not kept are checked: the checks run on the
    records without the other tasks' results and attempts, and what they find about those
    tasks is dropped. None when a finding cannot be told to a task (the caller then runs the
    checks on everything)."""
    keys = _task_keys(records, schemas, context)
    if keys is None:
        return None
    kept: dict[str, dict[str, list[Message]]] = {}
    for task, key in keys.items():
        found = _read_task_messages(folder / f"{key}.json")
        if found is not None:
            kept[task] = found
    missing = {task for task in keys if task not in kept}
    if missing:
        new = _check_tasks(records, schemas, context, locator, missing)
        if new is None:
            return None
        for task, found in new.items():
            payload = {name: [asdict(m) for m in found[name]] for name in found}
            write_atomically(
                folder / f"{keys[task]}.json", json.dumps(payload, ensure_ascii=False).encode()
            )
        kept.update(new)
    _prune(folder, set(keys.values()))
    # each check's messages in the order of their records (as `in_record_order` found them)
    order = _message_order(records)
    by_check: dict[Check, list[Message]] = {}
    for check in TASK_CHECKS:
        messages = [m for task in kept.values() for m in task.get(check.__name__, [])]
        by_check[check] = sorted(messages, key=order)
    return by_check


def _task_keys(
    records: RecordSet, schemas: SchemaSet, context: CheckContext
) -> dict[str, str] | None:
    """Each task's key: its result files, every other record file but the results, the
    checks' code and context (None: a result's file is unknown)."""
    results: dict[str, list[Record]] = defaultdict(list)
    for result in records.of("result"):
        results[str(result.data.get("task"))].append(result)
    tasks = set(results) | {str(d.data.get("task")) for d in records.of("draw")}
    others = sources_digest(
        f for path, f in records.files.items() if not path.startswith(f"{RECORDS_DIR}/results/")
    )
    setting = "\n".join(
        [
            _TASK_CHECKS_FORMAT,
            __version__,
            schemas.digest,
            context.today.isoformat(),
            context.codeowners or "",
            ",".join(sorted(context.unreadable_kinds)),
            others,
        ]
    )
    keys = {}
    for task in tasks:
        paths = sorted({r.path for r in results.get(task, [])})
        files = [records.files[p] for p in paths if p in records.files]
        if len(files) != len(paths):
            return None
        originals = {
            p: context.published_originals[p] for p in paths if p in context.published_originals
        }
        keys[task] = hashlib.sha256(
            "\n".join(
                [
                    setting,
                    task,
                    sources_digest(files),
                    json.dumps(originals, sort_keys=True, default=str),
                ]
            ).encode()
        ).hexdigest()
    return keys


def _check_tasks(
    records: RecordSet,
    schemas: SchemaSet,
    context: CheckContext,
    locator: Locator,
    tasks: set[str],
) -> dict[str, dict[str, list[Message]]] | None:
    """The messages of `TASK_CHECKS` about `tasks` (check name → messages, per task), found
    on every record but the other tasks' results and attempts (what makes the checks slow:
    each task's live draw is worked out from its attempts). None: a finding of no task."""
    subset = RecordSet(files=records.files)
    for record in records.records:
        if record.kind not in TASK_KINDS or str(record.data.get("task")) in tasks:
            subset.add(record)
    found: dict[str, dict[str, list[Message]]] = {task: {} for task in tasks}
    for check in TASK_CHECKS:
        findings = in_record_order(list(check(subset, context)), records)
        locator.prefetch(findings)
        for finding in findings:
            task = finding_task(finding)
            if task is None:
                return None
            if task in tasks:
                message = finding_message(finding, schemas, locator)
                found[task].setdefault(check.__name__, []).append(message)
    return found


def _message_order(records: RecordSet) -> Callable[[Message], int]:
    """Messages of different records in record order; a record's own keep their order (the
    sort is stable, and they come from one task's list)."""
    first: dict[tuple[str, str], int] = {}
    for number, record in enumerate(records.records):
        first.setdefault((record.path, record.id), number)
    return lambda m: first.get((m.path, m.record or ""), -1)


def _read_task_messages(entry: Path) -> dict[str, list[Message]] | None:
    try:
        raw = json.loads(entry.read_bytes())
        return {name: [Message(**item) for item in found] for name, found in raw.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def _prune(folder: Path, keep: set[str]) -> None:
    """Drop the kept messages of tasks as they no longer are (a changed task's old key)."""
    if not folder.is_dir():
        return
    for entry in folder.glob("*.json"):
        if entry.stem not in keep:
            entry.unlink(missing_ok=True)


def validate_records(
    records: RecordSet,
    schemas: SchemaSet,
    context: CheckContext,
    *,
    task_cache: Path | None = None,
) -> list[Message]:
    locator = Locator(records)
    messages = list(records.problems)
    context = replace(context, unreadable_kinds=unreadable_kinds(records))
    messages.extend(schema_messages(records, schemas, locator))
    has_shape_errors = any(m.level == "error" for m in messages)
    messages.extend(
        check_messages(
            records,
            schemas,
            context,
            locator,
            tolerate_shape_errors=has_shape_errors,
            task_cache=task_cache,
        )
    )
    return messages


def unreadable_kinds(records: RecordSet) -> frozenset[str]:
    """The record kinds of files that could not be read (see CheckContext.unreadable_kinds)."""
    kinds = set()
    for problem in records.problems:
        rule = rule_for(problem.path.removeprefix(f"{RECORDS_DIR}/"))
        if problem.level == "error" and rule is not None:
            kinds.add(rule.kind)
    return frozenset(kinds)


def validate(
    root: Path,
    *,
    today: dt.date | None = None,
    commit: str | None = None,
    use_cache: bool = True,
    schemas: SchemaSet | None = None,
    progress: Progress | None = None,
) -> Validation:
    """Validate the records of the repository at `root` (working tree, or `commit`)."""
    schemas = schemas or SchemaSet()
    files = read_sources(root, commit, use_cache=use_cache)
    context = CheckContext(
        today=today or dt.date.today(),
        published_originals=_published_originals(
            root, commit, {f.path: f.blob for f in files}, use_cache=use_cache
        ),
        codeowners=read_codeowners(root, commit),
    )
    key = _report_key(files, schemas, context)
    entry = cache_dir(root) / "reports" / f"{key}.json"
    if use_cache:
        cached = _read_report(entry)
        if cached is not None:
            return Validation(_with_history(cached, root, commit, files), None)
    records = load(root, files=files, use_cache=use_cache, progress=progress)
    messages = validate_records(
        records,
        schemas,
        context,
        task_cache=cache_dir(root) / "task-checks" if use_cache else None,
    )
    if use_cache:
        payload = json.dumps([asdict(m) for m in messages], ensure_ascii=False).encode()
        write_atomically(entry, payload)
    return Validation(_with_history(messages, root, commit, files), records)


def _with_history(
    messages: list[Message], root: Path, commit: str | None, files: list[SourceFile]
) -> list[Message]:
    history = _history_messages(root, commit)
    present = {source.path for source in files}
    return point_at_deleted_results(messages, history, present) + history


def point_at_deleted_results(
    messages: list[Message], history: list[Message], present: set[str]
) -> list[Message]:
    """A task's "没有检查结果" for a target whose published result file was deleted says so,
    and points at the history finding (restore the file from git, do not fill it in anew)."""
    deleted: dict[str, list[str]] = {}  # task → deleted result files still missing
    for message in history:
        parts = message.path.split("/")
        if (
            message.code == "history.deleted"
            and parts[:2] == [RECORDS_DIR, "results"]
            and message.path not in present
            and len(parts) == 5
        ):
            deleted.setdefault(parts[3], []).append(message.path)
    if not deleted:
        return messages
    pointed = []
    for message in messages:
        parts = message.path.split("/")
        paths = deleted.get(parts[3]) if len(parts) > 3 and parts[1] == "draws" else None
        if paths and message.code.startswith("deadline-inspection"):
            message = replace(
                message,
                message=f"{message.message}；其中 {len(paths)} 户的结果已公示，但结果文件已被删除："
                + "、".join(paths),
                hint="从 git 历史中恢复被删除的结果文件（见同一次校验中 history.deleted 的错误），"
                "不要重新填写",
            )
        pointed.append(message)
    return pointed


def _published_originals(
    root: Path, commit: str | None, current: Mapping[str, str], *, use_cache: bool = True
) -> dict[str, dict[str, object]]:
    """Each changed result as first published, from git; empty outside git (the check
    stays silent)."""
    try:
        from spotcheck.results.history import published_originals

        return published_originals(root, commit, current, use_cache=use_cache)
    except Exception:  # history is an extra; validation must run without it
        return {}


def _history_messages(root: Path, commit: str | None) -> list[Message]:
    """What git history shows (published files removed or rewritten, seeds revealed early,
    backdated commits), and, for the working tree, draw files written but never committed
    (an interrupted draw): not part of the cached report, they depend on git, not files."""
    from spotcheck.draw.recovery import leftover_messages
    from spotcheck.trust.history_check import history_messages

    uncommitted = leftover_messages(root) if commit is None else []
    return uncommitted + history_messages(root, commit)


def _report_key(files: list[SourceFile], schemas: SchemaSet, context: CheckContext) -> str:
    h = hashlib.sha256()
    h.update(f"{__version__}\n{schemas.digest}\n{context.today.isoformat()}\n".encode())
    h.update(sources_digest(files).encode())
    if context.codeowners is not None:  # compared with the departments (checks/review.py)
        h.update(b"CODEOWNERS\0" + context.codeowners.encode())
    if context.published_originals:  # the same files can be valid or not, by their history
        h.update(json.dumps(context.published_originals, sort_keys=True, default=str).encode())
    return h.hexdigest()


def _read_report(entry: Path) -> list[Message] | None:
    try:
        raw = json.loads(entry.read_bytes())
        return [Message(**item) for item in raw]
    except (OSError, ValueError, TypeError):
        return None


def tty_progress(label: str) -> Progress | None:
    """A progress bar on stderr for people; nothing for scripts and CI logs."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    bar: list[tqdm] = []

    def update(done: int, total: int) -> None:
        if not bar:
            bar.append(tqdm(total=total, desc=label, unit="文件", leave=False, file=sys.stderr))
        bar[0].n = done
        bar[0].refresh()
        if done >= total:
            bar[0].close()

    return update
