"""Reading the Pagefind index the way its browser code does, for the tests that check what it
holds: its fragment, index and meta files are gzip-compressed, each starting `pagefind_dcd`."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

GZIP_MAGIC = b"\x1f\x8b"
SIGNATURE = b"pagefind_dcd"
# Pagefind joins the words it segmented from Chinese text with zero-width spaces
ZERO_WIDTH_SPACE = "\u200b"


def readable(data: bytes) -> bytes:
    """A Pagefind file's content as stored text (other bytes unchanged)."""
    if data.startswith(GZIP_MAGIC):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return data
        data = data.removeprefix(SIGNATURE)
        return data.decode("utf-8", errors="ignore").replace(ZERO_WIDTH_SPACE, "").encode()
    return data


def search_fragments(site: Path) -> list[dict[str, Any]]:
    """Every page record of the site's search index (url, content, meta)."""
    return [
        json.loads(readable(path.read_bytes()))
        for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    ]
