"""Append-only history: what a repository's git history says about its published records.

Git dates are whatever the committer types, but git's commit graph and blob ids are not: a
file removed or rewritten after it was committed stays visible in every later clone's history.
These rules read that history (as plain data, see `Commit`; the git adapter is
`spotcheck.trust.history_check`) and report:

- `history.deleted` — a draw file (anything under records/draws/: commitment, reveal, draw,
  void, population list, evidence beside them) or a published result (a result file with a
  公示日期 `published`, or a result list file holding one) was committed and later removed.
  Error.  A published record removed from a list file that stays is `check_published_edits`'s.
- `history.rewritten` — a draw file was committed and later changed (or removed and added
  again with other content).  Draw files never change.  Error.  A published result may
  change with a new `corrections` entry; that rule lives in `spotcheck.checks.results`
  (`check_published_edits`) and is not repeated here.
- `history.reveal-before-seed` — a reveal (or draw) file committed before its seed could be
  known: by commit ORDER, the commit adding the commitment must be a strict ancestor of the
  commit adding the reveal (for a draw, `draw verify` checks the order: it knows whether the
  draw was pre-committed); by date, the reveal's (and the draw's) committer date must not
  precede the commitment's declared `seed_source.available_at`.  Error.
- `history.date-before-parent` — a commit whose committer date is before one of its
  parents' (evidence of backdating, or of a clock set back).  Error when the commit touches
  records/draws/, warning otherwise; warning always in a demo/training repository
  (config `demo: true`), whose example history was made with a simulated clock.
- `history.unsigned` — with `require_signed`, a commit touching records/draws/ without a good
  signature (git's `%G?` is neither G nor U).  Error.

Each finding is reported once per rule and file (or commit, for the rules about commits), at
the first commit in topological order that shows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from spotcheck import yamlio
from spotcheck.layout import RECORDS_DIR, rule_for
from spotcheck.report import Level

DRAWS_DIR = f"{RECORDS_DIR}/draws/"

# The rules' codes; what each means and how to fix it: generator/data/findings.tsv.
RULE_DELETED = "history.deleted"
RULE_REWRITTEN = "history.rewritten"
RULE_REVEAL_BEFORE_SEED = "history.reveal-before-seed"
RULE_DATE_BEFORE_PARENT = "history.date-before-parent"
RULE_UNSIGNED = "history.unsigned"

NO_BLOB = "0" * 40  # git's id for the missing side of an addition or a deletion

# `%G?` letters of a signature that verifies (U: good, but the key's trust is unknown).
GOOD_SIGNATURES = frozenset("GU")
SIGNATURE_PROBLEMS = {
    "N": "没有签名",
    "B": "签名无效",
    "E": "签名无法核验（缺少公钥或 gpg.ssh.allowedSignersFile）",
    "X": "签名已过期",
    "Y": "签名所用密钥已过期",
    "R": "签名所用密钥已被吊销",
}


@dataclass(frozen=True)
class Change:
    """One file's change in a commit (git's `--raw` line; renames are split into D + A)."""

    status: str  # "A", "M", "D" or "T"
    path: str  # from the repository root, POSIX separators
    old_blob: str = NO_BLOB
    new_blob: str = NO_BLOB


@dataclass(frozen=True)
class Commit:
    """A commit as the rules need it. Merge commits list their changes against every parent
    (a file dropped while merging counts as removed)."""

    id: str
    parents: tuple[str, ...]
    committed: dt.datetime
    authored: dt.datetime
    changes: tuple[Change, ...] = ()
    signature: str = ""  # git's %G? letter; "" when it was not read
    trailers: tuple[tuple[str, str], ...] = ()

    @property
    def short(self) -> str:
        return self.id[:10]

    def touches_draws(self) -> bool:
        return any(is_draw_file(c.path) for c in self.changes)


@dataclass(frozen=True)
class HistoryFinding:
    rule: str
    level: Level
    commit: str  # full commit id
    path: str  # the file concerned ("" for a commit that touches no record)
    message: str  # one Chinese sentence

    @property
    def short(self) -> str:
        return self.commit[:10]

    def text(self) -> str:
        where = self.path or "（提交）"
        return f"{where}: 提交 {self.short}：{self.message}（规则 {self.rule}）"


Report = Callable[[str, Level, Commit, str, str], None]  # rule, level, commit, path, message


def is_draw_file(path: str) -> bool:
    """Everything under records/draws/ is append-only (README files aside)."""
    return path.startswith(DRAWS_DIR) and not path.endswith("README.md")


def is_result_file(path: str) -> bool:
    if not path.startswith(f"{RECORDS_DIR}/"):
        return False
    rule = rule_for(path[len(RECORDS_DIR) + 1 :])
    return rule is not None and rule.kind == "result"


def is_published_result(content: bytes | None) -> bool:
    """A result file whose 公示日期 is set (what `check_published_edits` calls published), or
    a result list file holding such a result."""
    if content is None:
        return False
    try:
        data = yamlio.parse(content.decode("utf-8"), "result")
    except (yamlio.YamlSyntaxError, UnicodeDecodeError):
        return False
    if isinstance(data, list):  # a result list file: published when any of its results is
        return any(isinstance(item, dict) and item.get("published") for item in data)
    return isinstance(data, dict) and bool(data.get("published"))


def _sibling(path: str, kind: str) -> tuple[str, str] | None:
    """For a reveal or draw file, (its kind, the path of the commitment of the same attempt)."""
    folder, _, name = path.rpartition("/")
    stem, dot, extension = name.partition(".")
    if kind not in ("reveal", "draw") or not dot:
        return None
    suffix = stem[len(kind) :]
    return kind, f"{folder}/commitment{suffix}.{extension}"


def _kind(path: str) -> str | None:
    if not path.startswith(f"{RECORDS_DIR}/"):
        return None
    rule = rule_for(path[len(RECORDS_DIR) + 1 :])
    return rule.kind if rule else None


@dataclass
class _Walk:
    """What the walk learns, path by path."""

    first_blob: dict[str, str] = field(default_factory=dict)  # draw file → blob when added
    added_in: dict[str, str] = field(default_factory=dict)  # draw file → commit first adding it
    result_blobs: dict[str, list[str]] = field(default_factory=dict)  # result → its versions
    deleted_results: dict[str, str] = field(default_factory=dict)  # result → commit removing it


def _walk(commits: Iterable[Commit]) -> _Walk:
    walk = _Walk()
    for commit in commits:
        for change in commit.changes:
            if is_draw_file(change.path) and change.new_blob != NO_BLOB:
                walk.first_blob.setdefault(change.path, change.new_blob)
                walk.added_in.setdefault(change.path, commit.id)
            elif is_result_file(change.path):
                versions = walk.result_blobs.setdefault(change.path, [])
                for blob in (change.old_blob, change.new_blob):
                    if blob != NO_BLOB and blob not in versions:
                        versions.append(blob)
                if change.status == "D":
                    walk.deleted_results.setdefault(change.path, commit.id)
    return walk


def needed_blobs(commits: list[Commit]) -> set[str]:
    """The blobs whose contents the rules read: every version of a result file that was
    removed at some point (was any of them published?) and each commitment as first
    committed (its seed's declared availability).  A few, whatever the history's size."""
    walk = _walk(commits)
    wanted = {blob for path in walk.deleted_results for blob in walk.result_blobs.get(path, [])}
    wanted |= {blob for path, blob in walk.first_blob.items() if _kind(path) == "commitment"}
    return wanted


def history_findings(
    commits: list[Commit],
    contents: Mapping[str, bytes],
    *,
    demo: bool = False,
    require_signed: bool = False,
) -> list[HistoryFinding]:
    """Every finding about `commits` (oldest first, parents before children).

    `contents` maps blob ids to their bytes, at least for `needed_blobs(commits)`.
    """
    walk = _walk(commits)
    findings: list[HistoryFinding] = []
    reported: set[tuple[str, str]] = set()

    def report(rule: str, level: Level, commit: Commit, path: str, message: str) -> None:
        per_commit = rule in (RULE_DATE_BEFORE_PARENT, RULE_UNSIGNED)
        key = (rule, commit.id if per_commit else path)
        if key not in reported:
            reported.add(key)
            findings.append(HistoryFinding(rule, level, commit.id, path, message))

    published = {
        path
        for path in walk.deleted_results
        if any(is_published_result(contents.get(b)) for b in walk.result_blobs.get(path, []))
    }
    by_id = {commit.id: commit for commit in commits}
    for commit in commits:
        for change in commit.changes:
            _file_rules(commit, change, walk, published, report)
        _reveal_rules(commit, walk, by_id, contents, report)
        _date_rule(commit, by_id, demo, report)
        if require_signed and commit.touches_draws() and commit.signature not in GOOD_SIGNATURES:
            problem = SIGNATURE_PROBLEMS.get(commit.signature, f"签名状态为 {commit.signature!r}")
            path = next(c.path for c in commit.changes if is_draw_file(c.path))
            report(RULE_UNSIGNED, "error", commit, path, f"修改抽取文件的提交{problem}")
    return findings


def _file_rules(
    commit: Commit, change: Change, walk: _Walk, published: set[str], report: Report
) -> None:
    if is_draw_file(change.path):
        if change.status == "D":
            report(
                RULE_DELETED,
                "error",
                commit,
                change.path,
                "已提交的抽取文件在此提交中被删除，抽取记录（含作废记录）必须永久公开",
            )
        elif change.status in ("M", "T") or (
            change.status == "A" and change.new_blob != walk.first_blob.get(change.path)
        ):
            report(
                RULE_REWRITTEN,
                "error",
                commit,
                change.path,
                "已提交的抽取文件在此提交中被改写，抽取文件一经提交不得更改",
            )
    elif change.status == "D" and change.path in published:
        report(
            RULE_DELETED,
            "error",
            commit,
            change.path,
            "已公示的抽查结果在此提交中被删除，公示后只能以更正记录修改，不得删除",
        )


def _available_at(content: bytes | None) -> dt.datetime | None:
    """A commitment's declared seed availability (None when it cannot be read)."""
    if content is None:
        return None
    try:
        data = yamlio.parse(content.decode("utf-8"), "commitment")
        moment = dt.datetime.fromisoformat(str(data["seed_source"]["available_at"]))
    except (yamlio.YamlSyntaxError, UnicodeDecodeError, KeyError, TypeError, ValueError):
        return None
    if moment.tzinfo is None:  # the protocol's times are China's when no offset is written
        moment = moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return moment


def _is_strict_ancestor(ancestor: str, commit: str, by_id: Mapping[str, Commit]) -> bool:
    seen: set[str] = set()
    stack = list(by_id[commit].parents) if commit in by_id else []
    while stack:
        current = stack.pop()
        if current == ancestor:
            return True
        if current in seen or current not in by_id:
            continue
        seen.add(current)
        stack.extend(by_id[current].parents)
    return False


def _reveal_rules(
    commit: Commit,
    walk: _Walk,
    by_id: Mapping[str, Commit],
    contents: Mapping[str, bytes],
    report: Report,
) -> None:
    for change in commit.changes:
        if change.status != "A" or walk.added_in.get(change.path) != commit.id:
            continue
        kind = _kind(change.path)
        sibling = _sibling(change.path, kind or "")
        if sibling is None:
            continue
        kind, commitment = sibling
        what = "种子揭示记录" if kind == "reveal" else "抽取记录"
        committed_in = walk.added_in.get(commitment)
        if committed_in is None:
            if kind == "reveal":  # a draw without commitment is allowed by config, and says so
                report(
                    RULE_REVEAL_BEFORE_SEED,
                    "error",
                    commit,
                    change.path,
                    f"{what}提交时，历史中还没有对应的抽取承诺 {commitment}",
                )
            continue
        # A pre-committed draw's commit order is `draw verify`'s (it knows `pre_committed`).
        if kind == "reveal" and not _is_strict_ancestor(committed_in, commit.id, by_id):
            report(
                RULE_REVEAL_BEFORE_SEED,
                "error",
                commit,
                change.path,
                f"{what}不是在抽取承诺提交 {committed_in[:10]} 之后提交的（承诺必须先于种子揭示）",
            )
            continue
        available = _available_at(contents.get(walk.first_blob.get(commitment, "")))
        if available is not None and commit.committed < available:
            report(
                RULE_REVEAL_BEFORE_SEED,
                "error",
                commit,
                change.path,
                f"{what}的提交时间 {commit.committed.isoformat()} 早于承诺所称的种子产生时间 "
                f"{available.isoformat()}",
            )


def _date_rule(commit: Commit, by_id: Mapping[str, Commit], demo: bool, report: Report) -> None:
    later = [p for p in commit.parents if p in by_id and commit.committed < by_id[p].committed]
    if not later:
        return
    parent = by_id[later[0]]
    draws = [c.path for c in commit.changes if is_draw_file(c.path)]
    level: Level = "error" if draws and not demo else "warning"
    path = draws[0] if draws else (commit.changes[0].path if commit.changes else "")
    note = "（演示仓库，仅作警告）" if demo and draws else ""
    report(
        RULE_DATE_BEFORE_PARENT,
        level,
        commit,
        path,
        f"提交时间 {commit.committed.isoformat()} 早于父提交 {parent.short} 的时间 "
        f"{parent.committed.isoformat()}，可能是倒填日期{note}",
    )
