"""How draw evidence is published: the big files gzip-compressed, the rest as committed.

Population lists (one credit code a line, ~60 MB at district scale) and draw results (every
selected business with its ticket, ~65 MB) are what make the downloads heavy; gzip cuts them
to about a third, and `gunzip -k` (or 7-Zip, or Python's `gzip`) gives back the committed bytes,
whose SHA-256 is the digest in the commitment.  A population list is stored once under its
digest however many draws use it.  Commitments, voids, timestamp tokens and certificates are
small and stay as they are, so `openssl ts -verify` runs on them directly.
"""

from __future__ import annotations

import gzip
import re

# records/… paths without the leading "records/"
COMPRESSED = re.compile(r"^draws/(populations/[0-9a-f]{64}\.txt|\d{4}/[^/]+/draw[^/]*\.yaml)$")


def download_path(path: str) -> str:
    """The published path under `downloads/` of the evidence file at `path` (a records path,
    with or without its "records/" prefix)."""
    relative = path.removeprefix("records/")
    return relative + ".gz" if COMPRESSED.match(relative) else relative


def download_bytes(path: str, data: bytes) -> bytes:
    """The published bytes: gzip without a name or time in the header, so the same file gives
    the same bytes on every build."""
    if not COMPRESSED.match(path.removeprefix("records/")):
        return data
    return gzip.compress(data, compresslevel=6, mtime=0)
