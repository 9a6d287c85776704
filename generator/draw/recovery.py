"""Nothing half-done is published: draw files written but never committed (issue 9).

A draw step writes its files, stages them and commits them in one go (`gitops.commit_files`),
restoring everything when it fails; only a kill (SIGKILL, a power cut) between writing and
committing leaves files under records/draws/ that are not in any commit.  Such a file is not
a draw: `draw verify` cannot find it, yet a site built from the working tree would show it.
So `validate` (and therefore `build`) refuses them, naming each file and how to recover, and
`draw run` / `draw commit` recover by themselves: when everything uncommitted under records/
is exactly what an interrupted step of the same task's same attempt writes, they discard it
and run again — no void is needed, as nothing was ever committed or published.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spotcheck import gitops, yamlio
from spotcheck.report import Message
from spotcheck.trust.history import is_draw_file

DRAWS_DIR = "records/draws"
POPULATIONS_DIR = f"{DRAWS_DIR}/populations"
RULE_UNCOMMITTED = "draw.uncommitted-file"

#: Test hook (honoured in demo repositories only): before committing, a draw step writes this
#: file and waits, so that a test can kill it at the moment a kill leaves files staged.
PAUSE_VARIABLE = "SPOTCHECK_TEST_PAUSE_BEFORE_COMMIT"
PAUSE_SECONDS = 60.0


@dataclass(frozen=True)
class Leftover:
    """A path under records/draws/ that differs from HEAD: `code` is git's XY status."""

    code: str
    path: str

    @property
    def staged(self) -> bool:
        return self.code[0] not in " ?"

    @property
    def new(self) -> bool:
        """Not in HEAD: written (and maybe staged) by a step that never committed."""
        return self.code == "??" or self.code[0] == "A"

    @property
    def task(self) -> str | None:
        """The task whose folder holds the file (records/draws/<year>/<task>/…)."""
        parts = self.path.split("/")
        return parts[3] if len(parts) == 5 and parts[2] != "populations" else None

    def recovery(self) -> str:
        """How to recover, in Chinese: redo the step, or discard the file by hand."""
        if not self.new:
            undo = f"git restore --staged {self.path} && git checkout -- {self.path}"
            return f"已提交的抽取文件不得更改：请撤销这一修改（{undo}）"
        undo = (
            f"git restore --staged {self.path} && rm {self.path}"
            if self.staged
            else f"rm {self.path}"
        )
        name = self.path.rsplit("/", 1)[-1]
        if self.task and name.startswith("commitment"):
            redo = f"重新运行 spotcheck draw commit {self.task} …（原来的种子来源参数）"
        elif self.task:
            redo = f"重新运行 spotcheck draw run {self.task}"
        else:
            redo = "重新运行中断的 spotcheck draw 命令"
        return f"{redo}（会清理这些文件后重做，不需要作废）；或手工撤销：{undo}"


def leftovers(root: Path | str) -> list[Leftover]:
    """Every draw file (`is_draw_file`: under records/draws/, README files aside) that is
    changed, staged or untracked."""
    return [
        Leftover(code, path)
        for code, path in gitops.status_entries(root, DRAWS_DIR)
        if is_draw_file(path)
    ]


def leftover_messages(root: Path | str) -> list[Message]:
    """`validate`'s errors for uncommitted draw files; none outside git."""
    try:
        found = leftovers(root)
    except gitops.PlumbingError:
        return []
    if not found:
        return []
    try:
        head = gitops.log_output(root, "-1", "--format=%h").decode().strip()
    except gitops.PlumbingError:
        head = ""
    at = f"（当前提交 {head}）" if head else ""
    return [
        Message(
            "error",
            leftover.path,
            None,
            None,
            "",
            "",
            (
                "抽取文件" + ("已写入并暂存" if leftover.staged else "已写入")
                if leftover.new
                else "已提交的抽取文件被修改"
            )
            + f"，但没有提交{at}：抽取步骤可能在提交前中断，未提交的抽取文件不得公开"
            f"（规则 {RULE_UNCOMMITTED}）",
            hint=leftover.recovery(),
            code=RULE_UNCOMMITTED,
        )
        for leftover in found
    ]


def attempt_paths(folder: str, attempt: int, kinds: tuple[str, ...]) -> dict[str, str]:
    """The files a step writes for `attempt` of a task in `folder`: path → record kind."""
    suffix = "" if attempt == 1 else f"-{attempt}"
    return {f"{folder}/{kind}{suffix}.yaml": kind for kind in kinds}


def discard_leftovers(
    repo: gitops.Repo, task_id: str, attempt: int, expected: Mapping[str, str]
) -> list[str]:
    """Discard what an interrupted step left if, and only if, everything uncommitted under
    records/ is one of `expected` (path → kind) for `task_id`'s `attempt` — written or staged,
    never committed, holding that task and attempt — or a population file named by such a
    commitment whose name is its content's digest (or a step's temporary file of these).
    Returns the discarded paths; [] when there is nothing, or something else, to discard
    (the caller's clean-tree check then refuses as usual)."""
    root = Path(str(repo.working_tree_dir))
    entries = [Leftover(code, path) for code, path in gitops.status_entries(root, "records")]
    if not entries or any(not e.new for e in entries):
        return []
    contents: dict[str, bytes] = {}
    for entry in entries:
        try:
            contents[entry.path] = (root / entry.path).read_bytes()
        except OSError:
            return []
    temporary = {f"{p.rpartition('/')[0]}/.{p.rpartition('/')[2]}.tmp" for p in expected}
    named: set[str] = set()
    for path, kind in expected.items():
        if path not in contents:
            continue
        data = _record(contents[path], path)
        if data is None or str(data.get("task")) != task_id or data.get("attempt") != attempt:
            return []
        if kind == "commitment":
            named |= {str(s.get("file")) for s in data.get("strata") or []}
    for path, data in contents.items():
        if path in expected or path in temporary:
            continue
        if not (path in named and _is_population_file(path, data)):
            return []
    paths = sorted(contents)
    gitops.unstage(repo, [e.path for e in entries if e.staged])
    for path in paths:
        (root / path).unlink()
    return paths


def _record(data: bytes, path: str) -> dict[str, Any] | None:
    try:
        parsed = yamlio.parse(data.decode("utf-8"), path)
    except (yamlio.YamlSyntaxError, UnicodeDecodeError):
        return None
    return parsed if isinstance(parsed, dict) else None


def _is_population_file(path: str, data: bytes) -> bool:
    folder, _, name = path.rpartition("/")
    return folder == POPULATIONS_DIR and name == f"{hashlib.sha256(data).hexdigest()}.txt"


def pause_before_commit(config: Mapping[str, Any]) -> Callable[[], None] | None:
    """The test hook of `PAUSE_VARIABLE`, in a demo repository only (None elsewhere)."""
    marker = os.environ.get(PAUSE_VARIABLE)
    if not marker or config.get("demo") is not True:
        return None

    def pause() -> None:
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
        deadline = time.monotonic() + PAUSE_SECONDS
        while Path(marker).exists() and time.monotonic() < deadline:
            time.sleep(0.05)

    return pause
