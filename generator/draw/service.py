"""`draw commit | run | verify | void` on a git repository: the adapter around the engine.

Every writing step holds the repository lock, refuses a dirty records tree, validates what it
is about to write, and commits atomically (see `spotcheck.gitops`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spotcheck import __version__, gitops, yamlio
from spotcheck.clock import Clock, checked_now, is_demo, now_utc8, require_real_clock
from spotcheck.draw import preflight, recovery, seeds
from spotcheck.draw.engine import (
    CHINA,
    DRAW_FIELDS,
    DrawError,
    attempt_suffix,
    build_commitment,
    compute_draw,
    draw_differences,
    draw_folder,
    find_task,
)
from spotcheck.draw.tickets import ALGORITHM_VERSION
from spotcheck.model import (
    SEED_SOURCE_NAMES,
    SEED_SOURCES,
    Attempts,
    TaskRef,
    attempts_by_task,
    attempts_of,
    department_names,
    selected_count,
)
from spotcheck.records import Record, RecordSet, load
from spotcheck.schemas import SchemaSet


def _parse_time(text: str, what: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise DrawError(
            f"{what} 的时间格式不对：{text}（应为 2026-03-05T15:00:00+08:00）"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CHINA)
    return moment


def _schema_check(schemas: SchemaSet, kind: str, data: dict[str, Any], what: str) -> None:
    if kind in schemas.by_kind and not schemas.is_valid(kind, data):
        problems = "；".join(
            f"{schemas.field_title(kind, e.path)}：{e.message} {e.expected}"
            for e in schemas.errors(kind, data)[:5]
        )
        raise DrawError(f"生成的{what}不符合 schema，未写入：{problems}")


Leftovers = Callable[[TaskRef, Attempts], tuple[int, dict[str, str]]]
"""For a step that recovers from its own interruption: the attempt and the files (path → kind)
it writes, whose uncommitted leftovers it may discard (`spotcheck.draw.recovery`)."""


@contextmanager
def writing(
    root: Path, task_id: str, recover: Leftovers | None = None
) -> Iterator[tuple[gitops.Repo, RecordSet, TaskRef, Attempts]]:
    """What every writing step starts with: the lock, a clean records tree, the committed
    records, the task and its attempts so far."""
    with gitops.open_repo(root) as repo, gitops.repository_lock(repo):
        records: RecordSet | None = None
        dirty: gitops.GitError | None = None
        try:
            with gitops.checked_clean(repo):  # the committed records load while git checks
                records = load(root, commit="HEAD", fields=DRAW_FIELDS)
        except gitops.GitError as error:
            if recover is None or records is None:
                raise
            dirty = error
        require_real_clock(records.config, repo.head.commit.hexsha)
        task = find_task(records, task_id)
        if dirty is not None and recover is not None:  # an interrupted step's leftovers?
            attempt, expected = recover(task, attempts_of(records, task_id))
            if not recovery.discard_leftovers(repo, task_id, attempt, expected):
                raise dirty
            gitops.require_clean(repo)
        yield repo, records, task, attempts_of(records, task_id)


def commitment_path(task: TaskRef, attempt: int) -> str:
    return f"{draw_folder(task)}/commitment{attempt_suffix(attempt)}.yaml"


def draw_path(task: TaskRef, attempt: int) -> str:
    return f"{draw_folder(task)}/draw{attempt_suffix(attempt)}.yaml"


MODELINE_DEPTH = "../../../../schemas/"


def _yaml(kind: str, data: dict[str, Any]) -> bytes:
    return yamlio.dump(data, f"{MODELINE_DEPTH}{kind}.schema.json").encode()


# --- commit --------------------------------------------------------------------------------


def commit(
    root: Path,
    task_id: str,
    seed_source: dict[str, Any],
    *,
    clock: Clock = now_utc8,
    schemas: SchemaSet | None = None,
    timestamp_token: Path | None = None,
    prepare: Path | None = None,
    prepared: bytes | None = None,
) -> tuple[str, dict[str, Any]]:
    """Commit to a task's draw before its seed exists. Returns (commit id, commitment).

    With `prepare`, only writes the commitment file's bytes there (nothing is committed), to
    get a timestamp token for them elsewhere (`timestamp_token`); `prepared` commits those
    bytes later (recomputed, and refused unless identical)."""
    schemas = schemas or SchemaSet()
    with writing(root, task_id, _commit_leftovers) as (repo, records, task, attempts):
        if attempts.open_attempt is not None:
            state = "抽取结果" if attempts.open_attempt in attempts.draws else "抽取承诺"
            raise DrawError(
                f"任务 {task_id} 已有{state}（第 {attempts.open_attempt} 次）。重新抽取须先作废："
                f"spotcheck draw void {task_id} --reason …"
            )
        now = checked_now(clock, repo, records.config)
        source = _checked_seed_source(records, seed_source, now)
        identity = gitops.identity(repo)
        attempt = attempts.latest + 1
        head = repo.head.commit.hexsha
        # a simulated clock (demo repositories only, generator/clock.py) may lie before records
        # already committed: they are checked on the machine's date too
        real_day = dt.datetime.now(CHINA).date() if is_demo(records.config) else None
        preflight.require_valid_records(root, now.date(), schemas, head, also_on=real_day)
        committed_at = seeds.prepared_time(prepared, now) if prepared is not None else now
        commitment, files = _commitment_files(
            root, records, task, attempt, source, committed_at, identity.name, schemas
        )
        path = commitment_path(task, attempt)
        if prepared is not None:
            seeds.require_prepared(path, files[path], prepared)
        preflight.require_assignable(
            records, task, _selectable(root, commitment, files), department_names(records), head
        )
        if prepare is not None:
            prepare.write_bytes(files[path])
            return "", commitment
        files.update(
            seeds.commitment_token(
                root, records.config, path, files[path], source["available_at"], timestamp_token
            )
        )
        message = gitops.message_with_trailers(
            f"抽取承诺：{task_id}（第 {attempt} 次）",
            f"总体 {commitment['population']['size']} 户；种子来源："
            f"{SEED_SOURCE_NAMES[source['kind']]}，{source['available_at']} 产生。",
            {
                "Spotcheck-Task": task_id,
                "Spotcheck-Attempt": str(attempt),
                "Spotcheck-Population-Digest": commitment["population"]["digest"],
                "Spotcheck-Seed-Source": source["kind"],
                "Spotcheck-Seed-Available-At": source["available_at"],
                "Spotcheck-Algorithm": ALGORITHM_VERSION,
                "Spotcheck-Tool-Version": __version__,
            },
        )
        pause = recovery.pause_before_commit(records.config)
        return gitops.commit_files(repo, files, message, when=now, before_commit=pause), commitment


def _selectable(root: Path, commitment: dict[str, Any], files: dict[str, bytes]) -> list[str]:
    """The ids some seed can select: those of every stratum whose sample size is not 0 (read
    from the population files just computed, or already in the repository)."""
    ids: list[str] = []
    for stratum in commitment["strata"]:
        if stratum["sample_size"]:
            path = stratum["file"]
            data = files[path] if path in files else (root / path).read_bytes()
            ids.extend(data.decode("utf-8").splitlines())
    return ids


def _commit_leftovers(task: TaskRef, attempts: Attempts) -> tuple[int, dict[str, str]]:
    """What an interrupted `draw commit` leaves: the next attempt's commitment (and its
    population files)."""
    attempt = attempts.latest + 1
    return attempt, recovery.attempt_paths(draw_folder(task), attempt, ("commitment",))


def _run_leftovers(task: TaskRef, attempts: Attempts) -> tuple[int, dict[str, str]]:
    """What an interrupted `draw run` leaves: the open attempt's draw, or (without a
    commitment) the next attempt's commitment, population files and draw."""
    if attempts.open_attempt is not None:
        attempt = attempts.open_attempt
        return attempt, recovery.attempt_paths(draw_folder(task), attempt, ("draw",))
    attempt = attempts.latest + 1
    return attempt, recovery.attempt_paths(draw_folder(task), attempt, ("commitment", "draw"))


def _commitment_files(
    root: Path,
    records: RecordSet,
    task: TaskRef,
    attempt: int,
    source: dict[str, Any],
    now: dt.datetime,
    committed_by: str,
    schemas: SchemaSet | None = None,
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The commitment and the files to commit for it: the commitment record and the
    population files not yet in the repository (schema-checked when `schemas` is given)."""
    commitment, population_files = build_commitment(
        records,
        task,
        attempt=attempt,
        seed_source=source,
        committed_at=now.isoformat(),
        committed_by=committed_by,
        tool_version=__version__,
    )
    if schemas is not None:
        _schema_check(schemas, "commitment", commitment, "抽取承诺")
    files = {commitment_path(task, attempt): _yaml("commitment", commitment)}
    files.update(p for p in population_files.items() if not (root / p[0]).exists())
    return commitment, files


def _checked_seed_source(
    records: RecordSet, seed_source: dict[str, Any], now: dt.datetime
) -> dict[str, Any]:
    if seed_source.get("kind") == seeds.DRAND:  # its time is the chain's, never typed
        seed_source = seeds.drand_source(seed_source)
    kind = seed_source.get("kind")
    if kind not in SEED_SOURCES:
        raise DrawError(f"未知的种子来源类型 {kind}：应为 {'、'.join(SEED_SOURCES)}")
    if kind == "manual" and not records.config.get("allow_manual_seed"):
        raise DrawError("本区配置（records/config.yaml 的 allow_manual_seed）不允许人工指定种子")
    missing = [name for name in SEED_SOURCES[kind].required if not seed_source.get(name)]
    if missing:
        raise DrawError(f"种子来源“{SEED_SOURCE_NAMES[kind]}”缺少：{'、'.join(missing)}")
    available = _parse_time(str(seed_source.get("available_at", "")), "种子产生时间")
    if available <= now:
        raise DrawError(
            f"种子来源的值在 {available.isoformat()} 产生，不晚于承诺时间 {now.isoformat()}："
            "承诺时种子必须尚未产生，否则抽取结果可被预知。请选择将来的信标轮次、日期或会议"
        )
    return {**seed_source, "available_at": available.isoformat()}


# --- run -----------------------------------------------------------------------------------


def run(
    root: Path,
    task_id: str,
    seed: str | None,
    *,
    without_commitment: bool = False,
    clock: Clock = now_utc8,
    schemas: SchemaSet | None = None,
    beacon: seeds.BeaconInput | None = None,
) -> tuple[str, dict[str, Any]]:
    """Reveal the seed and draw on the records as of the commitment; commit the draw.

    Without `seed`, the value comes from the task's committed reveal record (reveal.yaml); for
    a drand seed source, from the round's verified signature (`beacon`, or the reveal's).
    """
    schemas = schemas or SchemaSet()
    with writing(root, task_id, _run_leftovers) as (repo, head_records, task, attempts):
        attempt = attempts.open_attempt
        evidence: dict[str, Any] = {}
        if (
            attempt is not None
            and attempt in attempts.commitments
            and attempt not in attempts.draws
        ):
            revealed = attempts.reveals.get(attempt)
            seed, evidence = seeds.seed_for_run(
                attempts.commitments[attempt].data.get("seed_source") or {},
                seed,
                beacon,
                revealed.data if revealed else None,
            )
        seed = _revealed_seed(task_id, attempts, attempt, seed)
        now = checked_now(clock, repo, head_records.config)
        identity = gitops.identity(repo)
        files: dict[str, bytes] = {}
        if attempt is None:
            if not without_commitment:
                raise DrawError(
                    f"任务 {task_id} 没有抽取承诺：请先运行 spotcheck draw commit {task_id} --seed-source …"
                )
            if not head_records.config.get("allow_uncommitted_draws"):
                raise DrawError("本区配置（allow_uncommitted_draws）不允许无承诺抽取")
            attempt = attempts.latest + 1
            source = {
                "kind": "manual",
                "note": "无事先承诺（演示/培训）",
                "available_at": now.isoformat(),
            }
            commitment, files = _commitment_files(
                root, head_records, task, attempt, source, now, identity.name
            )
            records_at, commitment_commit = head_records, None
        else:
            commitment = attempts.commitments[attempt].data
            commitment_commit, records_at = _committed_records(
                root, repo, head_records, commitment_path(task, attempt), commitment, now
            )
        draw = compute_draw(
            records_at,
            commitment,
            seed,
            commitment_commit=commitment_commit,
            names=department_names(records_at),
        )
        draw.update(
            {
                "seed_source": commitment["seed_source"],
                **evidence,
                "drawn_at": now.isoformat(),
                "drawn_by": identity.name,
                "tool_version": __version__,
            }
        )
        _schema_check(schemas, "draw", draw, "抽取结果")
        files[draw_path(task, attempt)] = _yaml("draw", draw)
        message = _draw_message(task_id, attempt, seed, draw, commitment_commit)
        pause = recovery.pause_before_commit(head_records.config)
        return gitops.commit_files(repo, files, message, when=now, before_commit=pause), draw


def _revealed_seed(task_id: str, attempts: Attempts, attempt: int | None, seed: str | None) -> str:
    """The seed to draw with: as typed, else from the committed reveal record; refused when
    the two differ, when there is none, or when the attempt is already drawn."""
    revealed = attempts.reveals.get(attempt) if attempt is not None else None
    if seed is None and revealed is not None:
        seed = str(revealed.data.get("seed", ""))
    if revealed is not None and seed != str(revealed.data.get("seed")):
        raise DrawError(f"输入的种子与已登记的种子揭示记录 {revealed.path} 不一致")
    if not seed or not seed.strip():
        raise DrawError("请用 --seed 输入揭示后的种子值，或先提交种子揭示记录（reveal.yaml）")
    if attempt is not None and attempt in attempts.draws:
        raise DrawError(
            f"任务 {task_id} 已抽取（第 {attempt} 次），不能重复抽取。"
            f"如确有错误，先作废：spotcheck draw void {task_id} --reason …"
        )
    return seed


def _committed_records(
    root: Path,
    repo: gitops.Repo,
    head_records: RecordSet,
    path: str,
    commitment: dict[str, Any],
    now: dt.datetime,
) -> tuple[str, RecordSet]:
    """(commitment commit, the records as of it) for drawing on a committed commitment,
    refused if the commitment changed since or its seed does not exist yet."""
    commitment_commit = gitops.commit_adding(repo, path)
    if commitment_commit is None:
        raise DrawError(f"{path} 尚未提交")
    _require_unchanged(repo, path, commitment_commit)
    available = _parse_time(str(commitment["seed_source"]["available_at"]), "种子产生时间")
    if now < available:
        raise DrawError(
            f"承诺的种子要到 {available.isoformat()} 才产生，现在是 {now.isoformat()}："
            "不能使用提前得到的种子"
        )
    # the usual case: nothing under records/ changed since the commitment
    unchanged = gitops.tree_id(repo, commitment_commit, "records") == gitops.tree_id(
        repo, "HEAD", "records"
    )
    return commitment_commit, head_records if unchanged else load(
        root, commit=commitment_commit, fields=DRAW_FIELDS
    )


def _draw_message(
    task_id: str, attempt: int, seed: str, draw: dict[str, Any], commitment_commit: str | None
) -> str:
    return gitops.message_with_trailers(
        f"抽取：{task_id}（第 {attempt} 次）从 {draw['population']['size']} 户中抽中 "
        f"{selected_count(draw)} 户",
        "",
        {
            "Spotcheck-Task": task_id,
            "Spotcheck-Attempt": str(attempt),
            "Spotcheck-Seed": seed,
            "Spotcheck-Population-Digest": draw["population"]["digest"],
            "Spotcheck-Algorithm": ALGORITHM_VERSION,
            "Spotcheck-Tool-Version": __version__,
            "Spotcheck-Commitment": commitment_commit or "none",
        },
    )


def due_tasks(records: RecordSet, now: dt.datetime) -> list[str]:
    """Tasks whose open commitment has a committed reveal, no draw, and a seed time passed."""
    due = []
    by_task = attempts_by_task(records)
    for commitment in records.of("commitment"):
        task_id = str(commitment.data.get("task"))
        attempts = by_task[task_id]
        attempt = attempts.open_attempt
        if attempt is None or attempt in attempts.draws or attempt not in attempts.reveals:
            continue
        if attempts.commitments.get(attempt) is not commitment:
            continue
        available = _parse_time(str(commitment.data["seed_source"]["available_at"]), "种子产生时间")
        if available <= now:
            due.append(task_id)
    return sorted(due)


class RecordsNotCommitted(DrawError):
    """records/ has changes that are not committed: draws use committed records only."""


def run_due(root: Path, *, clock: Clock = now_utc8) -> list[tuple[str, str]]:
    """Run every due draw (see `due_tasks`); returns (task, commit) pairs."""
    with gitops.open_repo(root) as repo:
        if gitops.dirty_paths(repo):
            raise RecordsNotCommitted("records/ 有未提交的修改：到期的抽取只在已提交的记录上执行")
    records = load(root, commit="HEAD", fields=DRAW_FIELDS)
    require_real_clock(records.config, "HEAD")
    due = due_tasks(records, clock())
    return [(task_id, run(root, task_id, None, clock=clock)[0]) for task_id in due]


def _require_unchanged(repo: gitops.Repo, path: str, since: str) -> None:
    original = gitops.file_at(repo, since, path)
    current = gitops.file_at(repo, "HEAD", path)
    if original != current:
        raise DrawError(f"{path} 在承诺提交 {since[:10]} 之后被修改过：承诺一经提交不得更改")


# --- verify --------------------------------------------------------------------------------


@dataclass
class Verdict:
    task: str
    attempt: int
    problems: list[str]
    voided: bool = False
    timestamp: seeds.TokenEvidence | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # cost of the evidence checks

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(root: Path, task_id: str | None = None) -> list[Verdict]:
    """Recompute every draw (or one task's) from its commitment and seed; report problems."""
    verdicts: list[Verdict] = []
    with gitops.open_repo(root) as repo:
        head_records = load(root, commit="HEAD", fields=DRAW_FIELDS)
        draws = [
            d
            for d in head_records.of("draw")
            if task_id is None or str(d.data.get("task")) == task_id
        ]
        if task_id is not None and not draws:
            find_task(head_records, task_id)  # a clear message for an unknown task
            raise DrawError(f"任务 {task_id} 还没有抽取结果")
        loaded: dict[str, RecordSet] = {}
        for record in sorted(draws, key=lambda r: r.path):
            verdicts.append(_verify_one(root, repo, head_records, record, loaded))
    return verdicts


def _verify_one(
    root: Path, repo: gitops.Repo, head: RecordSet, record: Record, loaded: dict[str, RecordSet]
) -> Verdict:
    draw = record.data
    task_id, attempt = str(draw.get("task")), int(draw.get("attempt", 1))
    attempts = attempts_of(head, task_id)
    verdict = Verdict(task_id, attempt, [], voided=attempt in attempts.voids)
    problems = verdict.problems
    draw_commit = gitops.commit_adding(repo, record.path)
    if draw_commit is None:
        problems.append(f"{record.path} 尚未提交")
        return verdict
    if gitops.file_at(repo, draw_commit, record.path) != gitops.file_at(repo, "HEAD", record.path):
        problems.append(f"{record.path} 在抽取提交 {draw_commit[:10]} 之后被修改过")
    commitment_record = attempts.commitments.get(attempt)
    if commitment_record is None:
        problems.append("找不到对应的抽取承诺")
        return verdict
    commitment = commitment_record.data
    commitment_commit = gitops.commit_adding(repo, commitment_record.path)
    if commitment_commit is None:
        problems.append(f"{commitment_record.path} 尚未提交")
        return verdict
    if gitops.file_at(repo, commitment_commit, commitment_record.path) != gitops.file_at(
        repo, "HEAD", commitment_record.path
    ):
        problems.append(f"{commitment_record.path} 在承诺提交之后被修改过")
    if draw.get("pre_committed"):
        problems.extend(_commitment_order(repo, draw, commitment, commitment_commit, draw_commit))
    for stratum in commitment.get("strata") or []:
        data = gitops.file_at(repo, "HEAD", str(stratum.get("file")))
        if data is None:
            problems.append(f"缺少总体名单文件 {stratum.get('file')}")
        elif hashlib.sha256(data).hexdigest() != stratum.get("digest"):
            problems.append(f"总体名单文件 {stratum.get('file')} 的内容与摘要不符")
    revealed = attempts.reveals.get(attempt)
    if revealed is not None and str(revealed.data.get("seed")) != str(draw.get("seed")):
        problems.append(f"抽取所用种子与种子揭示记录 {revealed.path} 不一致")
    _check_seed_evidence(root, repo, head, commitment_record, record.path, draw, revealed, verdict)
    if draw.get("pre_committed"):
        base_commit = commitment_commit
    else:
        # Drawn without a commitment: on the records the draw commit was made on.  A draw
        # committed together with the records (a first commit) can only be checked against them.
        base_commit = gitops.first_parent(repo, draw_commit) or draw_commit
    base_tree = gitops.tree_id(repo, base_commit, "records")  # draws often share one
    if base_tree not in loaded:
        loaded[base_tree] = load(root, commit=base_commit, fields=DRAW_FIELDS)
    try:
        recomputed = compute_draw(
            loaded[base_tree],
            commitment,
            str(draw.get("seed")),
            commitment_commit=commitment_commit if draw.get("pre_committed") else None,
        )
    except DrawError as error:
        problems.append(str(error))
        return verdict
    except Exception as error:  # an impossible assignment now is a mismatch, not a crash
        problems.append(f"重算失败：{error}")
        return verdict
    recomputed["seed_source"] = commitment.get("seed_source")
    if "beacon" in draw:  # checked against the chain's key by _check_seed_evidence
        recomputed["beacon"] = draw["beacon"]
    for name in draw_differences(draw, recomputed):
        problems.append(f"抽取记录的 {name} 与按承诺和种子重算的结果不一致")
    return verdict


def _commitment_order(
    repo: gitops.Repo,
    draw: dict[str, Any],
    commitment: dict[str, Any],
    commitment_commit: str,
    draw_commit: str,
) -> list[str]:
    """A pre-committed draw's commit descends from its commitment's, which it names, and the
    seed became available only after the commitment was committed."""
    problems = []
    if draw.get("commitment_commit") != commitment_commit:
        problems.append(
            f"抽取记录所称的承诺提交 {str(draw.get('commitment_commit'))[:10]} 与实际 "
            f"{commitment_commit[:10]} 不符"
        )
    if commitment_commit == draw_commit or not gitops.is_ancestor(
        repo, commitment_commit, draw_commit
    ):
        problems.append("抽取提交不是承诺提交的后续提交：承诺必须先于抽取提交")
    available = _parse_time(str(commitment["seed_source"].get("available_at")), "种子产生时间")
    committed = gitops.commit_time(repo, commitment_commit)
    if available <= committed:
        problems.append(
            f"种子在 {available.isoformat()} 产生，早于或等于承诺提交时间 {committed.isoformat()}"
        )
    return problems


def _check_seed_evidence(
    root: Path,
    repo: gitops.Repo,
    head: RecordSet,
    commitment: Record,
    draw_file: str,
    draw: dict[str, Any],
    revealed: Record | None,
    verdict: Verdict,
) -> None:
    """The drand signature behind the seed and the commitment's timestamp token (seeds.py)."""
    started = time.perf_counter()
    verdict.problems.extend(
        seeds.beacon_problems(draw_file, draw, commitment.data, revealed.data if revealed else None)
    )
    if (commitment.data.get("seed_source") or {}).get("kind") == seeds.DRAND:
        verdict.seconds["beacon"] = time.perf_counter() - started
    started = time.perf_counter()
    token = gitops.file_at(repo, "HEAD", seeds.token_path(commitment.path))
    verdict.timestamp = seeds.token_evidence(
        head.config,
        commitment.path,
        gitops.file_at(repo, "HEAD", commitment.path),
        token,
        str((commitment.data.get("seed_source") or {}).get("available_at")),
        lambda: seeds.anchors_on_disk(root, head.config),
    )
    verdict.problems.extend(verdict.timestamp.problems)
    if token is not None:
        verdict.seconds["timestamp"] = time.perf_counter() - started


# --- void ----------------------------------------------------------------------------------


def void(
    root: Path,
    task_id: str,
    reason: str,
    *,
    clock: Clock = now_utc8,
    schemas: SchemaSet | None = None,
) -> tuple[str, dict[str, Any]]:
    """Void a task's current commitment or draw with a published reason."""
    schemas = schemas or SchemaSet()
    if len(reason.strip()) < 4:
        raise DrawError("作废必须写明理由（至少 4 个字）")
    with writing(root, task_id) as (repo, records, task, attempts):
        attempt = attempts.open_attempt
        if attempt is None:
            raise DrawError(f"任务 {task_id} 没有可作废的抽取承诺或结果")
        now = checked_now(clock, repo, records.config)
        identity = gitops.identity(repo)
        voided_path = (attempts.draws.get(attempt) or attempts.commitments[attempt]).path
        record = {
            "task": task_id,
            "attempt": attempt,
            "date": now.date().isoformat(),
            "voided_at": now.isoformat(),
            "voided_by": identity.name,
            "reason": reason.strip(),
            "voided_file": voided_path,
            "voided_commit": gitops.commit_adding(repo, voided_path),
        }
        _schema_check(schemas, "void", record, "作废记录")
        path = f"{draw_folder(task)}/void-{attempt}.yaml"
        message = gitops.message_with_trailers(
            f"作废抽取：{task_id}（第 {attempt} 次）",
            reason.strip(),
            {
                "Spotcheck-Task": task_id,
                "Spotcheck-Attempt": str(attempt),
                "Spotcheck-Tool-Version": __version__,
            },
        )
        return gitops.commit_files(repo, {path: _yaml("void", record)}, message, when=now), record
