"""The records under `records/`: the record model (`model`), the files they come from — the
working tree or a commit (`sources`) —, parsing one file (`parsing`), the parse cache
(`cache`) and loading them all (`loading`)."""

from spotcheck.records.cache import cache_dir, write_atomically
from spotcheck.records.loading import load
from spotcheck.records.model import Record, RecordSet, non_text_key
from spotcheck.records.sources import SourceFile, read_sources, sources_digest

__all__ = [
    "Record",
    "RecordSet",
    "SourceFile",
    "cache_dir",
    "load",
    "non_text_key",
    "read_sources",
    "sources_digest",
    "write_atomically",
]
