"""Every access to git goes through this package, with one library per job:

- `repository` (GitPython): whatever changes a repository or asks it one question at a time:
  the clean-tree check, the repository lock, the committer's identity, atomic commits with
  trailers (`commit_files`), and a draw's questions about history (`commit_adding`,
  `is_ancestor`, `file_at`, `tree_id`, `commit_time`, `first_parent`).
- `plumbing` (subprocess, git's plumbing commands): the speed-critical batch reads, one git
  process for any number of objects: blobs (`read_blobs`), a commit's file listing
  (`tree_blobs`), whole-history logs (`log_output`), one file at a commit (`show_file`), a new
  repository's `git init` and first commit (`init_repository`, `commit_everything`), and the `git status` scan that
  `checked_clean` runs beside the loading of the committed records.
- `history` (plumbing too): the whole history as plain data for the append-only rules
  (`read_history`, `read_objects`, `tree_blob_map`, `extends`).

No other module imports `git` or runs a `git` process.
"""

from spotcheck.gitops.plumbing import (
    PlumbingError,
    commit_everything,
    init_repository,
    log_output,
    read_blobs,
    show_file,
    status_entries,
    tree_blobs,
)
from spotcheck.gitops.repository import (
    GitError,
    Repo,
    checked_clean,
    clean_message,
    commit_adding,
    commit_files,
    commit_time,
    dirty_paths,
    file_at,
    first_parent,
    has_revision,
    identity,
    is_ancestor,
    message_with_trailers,
    open_repo,
    repository_lock,
    require_clean,
    trailer_pairs,
    tree_id,
    unstage,
)

__all__ = [
    "GitError",
    "PlumbingError",
    "Repo",
    "checked_clean",
    "clean_message",
    "commit_adding",
    "commit_everything",
    "commit_files",
    "commit_time",
    "dirty_paths",
    "file_at",
    "first_parent",
    "has_revision",
    "identity",
    "init_repository",
    "is_ancestor",
    "log_output",
    "message_with_trailers",
    "open_repo",
    "read_blobs",
    "repository_lock",
    "require_clean",
    "show_file",
    "status_entries",
    "trailer_pairs",
    "tree_blobs",
    "tree_id",
    "unstage",
]
