"""Importing the directories from other systems' exports: merging rows into the target
directory (`targets`, pure) or the inspector directory (`inspectors`, pure), and the files
that hold them (`files`)."""

from spotcheck.importing.files import FILE_LIMIT, read_table, target_files, write_all
from spotcheck.importing.targets import COLUMNS, CellProblem, ImportOutcome, merge_targets

__all__ = [
    "COLUMNS",
    "FILE_LIMIT",
    "CellProblem",
    "ImportOutcome",
    "merge_targets",
    "read_table",
    "target_files",
    "write_all",
]
