"""Importing the target directory from a registration-system export: merging rows into the
directory (`targets`, pure) and the files that hold it (`files`)."""

from generator.importing.files import FILE_LIMIT, read_table, target_files, write_all
from generator.importing.targets import COLUMNS, CellProblem, ImportOutcome, merge_targets

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
