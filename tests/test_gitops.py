"""`gitops.commit_files`: exactly the given files, atomically, on a real repository."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import git
import pytest

from spotcheck import gitops
from tests.fixtures import git as run_git


@pytest.fixture
def repo(tmp_path: Path) -> git.Repo:
    root = tmp_path / "repo"
    root.mkdir()
    run_git(root, "init", "-q", "-b", "main")
    run_git(root, "config", "user.name", "测试员")
    run_git(root, "config", "user.email", "tester@example.org")
    run_git(root, "config", "commit.gpgsign", "false")
    (root / "records").mkdir()
    (root / "records/old.yaml").write_text("a: 1\n", encoding="utf-8")
    run_git(root, "add", "-A")
    run_git(root, "commit", "-qm", "Start")
    return git.Repo(root)


def committed_paths(repo: git.Repo) -> set[str]:
    return set(
        run_git(Path(repo.working_tree_dir), "show", "--name-only", "--format=", "HEAD").split()
    )


def test_commits_exactly_the_files_with_the_given_date(repo: git.Repo) -> None:
    when = dt.datetime.fromisoformat("2026-03-05T15:00:00+08:00")
    files = {"records/new/a.yaml": b"x: 1\n", "records/old.yaml": b"a: 2\n"}
    commit = gitops.commit_files(repo, files, "Add a", when=when)
    assert committed_paths(repo) == set(files)
    assert repo.commit(commit).committed_datetime == when
    assert not repo.git.status("--porcelain")


def test_messages_are_cleaned_as_git_commit_cleans_them(repo: git.Repo) -> None:
    message = "Subject  \n\n\n\nBody line \n\n\nKey: value\n\n"
    gitops.commit_files(repo, {"records/m.yaml": b"m: 1\n"}, message)
    assert repo.head.commit.message == "Subject\n\nBody line\n\nKey: value\n"
    assert gitops.clean_message(message) == repo.head.commit.message
    assert gitops.clean_message("\n \n") == ""
    assert "commit: Subject" in repo.git.reflog("-1")


def test_other_staged_changes_stay_out_of_the_commit(repo: git.Repo) -> None:
    root = Path(repo.working_tree_dir or ".")
    (root / "records/staged.yaml").write_text("s: 1\n", encoding="utf-8")
    repo.git.add("records/staged.yaml")
    gitops.commit_files(repo, {"records/mine.yaml": b"m: 1\n"}, "Mine only")
    assert committed_paths(repo) == {"records/mine.yaml"}
    assert repo.git.diff("--cached", "--name-only") == "records/staged.yaml"


def test_a_failed_commit_restores_files_and_history(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(repo.working_tree_dir or ".")
    head = repo.head.commit.hexsha

    def refuse(*args: object, **kwargs: object) -> None:
        raise git.GitCommandError("commit", 1, stderr="refused")

    monkeypatch.setattr(git.cmd.Git, "commit", refuse, raising=False)
    monkeypatch.setattr(git.cmd.Git, "update_ref", refuse, raising=False)
    with pytest.raises(gitops.GitError, match="已恢复原状"):
        gitops.commit_files(repo, {"records/old.yaml": b"a: 9\n", "records/n.yaml": b"n\n"}, "X")
    assert repo.head.commit.hexsha == head
    assert (root / "records/old.yaml").read_text(encoding="utf-8") == "a: 1\n"
    assert not (root / "records/n.yaml").exists()
    assert not repo.git.status("--porcelain")


def test_checked_clean_refuses_after_the_body_and_passes_on_its_errors(repo: git.Repo) -> None:
    root = Path(repo.working_tree_dir or ".")
    ran: list[str] = []
    with gitops.checked_clean(repo):
        ran.append("clean")
    (root / "records/new.yaml").write_text("n: 1\n", encoding="utf-8")
    with pytest.raises(gitops.GitError, match=r"records/new\.yaml"), gitops.checked_clean(repo):
        ran.append("dirty")
    with pytest.raises(KeyError), gitops.checked_clean(repo):
        raise KeyError("the body's own error wins")
    assert ran == ["clean", "dirty"]
    (root / "records/new.yaml").unlink()
    # records/ is clean again, but something is staged elsewhere: a commit would take it along
    (root / "elsewhere.txt").write_text("x", encoding="utf-8")
    repo.git.add("elsewhere.txt")
    with pytest.raises(gitops.GitError, match="暂存区"), gitops.checked_clean(repo):
        pass


def test_plumbing_reads_a_commits_files_and_blobs_in_one_call_each(repo: git.Repo) -> None:
    root = Path(repo.working_tree_dir or ".")
    gitops.commit_files(repo, {"records/b/ü.yaml": "名: 1\n".encode()}, "Add ü")
    listing = gitops.tree_blobs(root, "HEAD", "records")
    assert [path for path, _ in listing] == ["records/b/ü.yaml", "records/old.yaml"]
    blobs = [blob for _, blob in listing]
    assert gitops.read_blobs(root, [*blobs, "0" * 40]) == ["名: 1\n".encode(), b"a: 1\n", None]
    assert gitops.first_parent(repo, "HEAD") == repo.head.commit.parents[0].hexsha
    assert gitops.has_revision(repo, "main") and not gitops.has_revision(repo, "nowhere")
    with pytest.raises(gitops.PlumbingError):
        gitops.tree_blobs(root, "nowhere", "records")


# The protocol's reference implementation is docs/protocol.md's code, statement for statement:
# an independent second implementation that imports nothing of spotcheck, gitops included.
# draw/reference.py stands alone; site/search.py runs the Pagefind binary (never git)
INDEPENDENT = {Path("draw/reference.py"), Path("site/search.py")}


def test_no_module_outside_gitops_talks_to_git_itself() -> None:
    package = Path(__file__).resolve().parents[1] / "generator"
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "gitops" not in path.parts
        and path.relative_to(package) not in INDEPENDENT
        and any(
            line.strip().startswith(("import git", "from git ", "import subprocess"))
            or "subprocess." in line
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []
