"""The records under `records/`: the record model (`model`), the files they come from — the
working tree or a commit (`sources`) —, parsing one file (`parsing`), the parse cache
(`cache`) and loading them all (`loading`)."""

from generator.records.cache import CACHE_FORMAT, cache_dir, write_atomically
from generator.records.loading import load
from generator.records.model import Record, RecordSet, non_text_key
from generator.records.parsing import ParsedFile, gc_paused, parse_file
from generator.records.sources import (
    SourceFile,
    blob_id,
    git_tree_files,
    read_sources,
    sources_digest,
    working_tree_files,
)

__all__ = [
    "CACHE_FORMAT",
    "ParsedFile",
    "Record",
    "RecordSet",
    "SourceFile",
    "blob_id",
    "cache_dir",
    "gc_paused",
    "git_tree_files",
    "load",
    "non_text_key",
    "parse_file",
    "read_sources",
    "sources_digest",
    "working_tree_files",
    "write_atomically",
]
