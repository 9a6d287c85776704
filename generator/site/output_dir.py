"""The previous build's output, cleared while the next one is computed.

MkDocs empties the output folder before it builds (`clean_directory`: every entry but hidden
ones). At district scale that is ~6,000 files in ~3,600 folders, seconds of file-system work
that the build then waits for. So before MkDocs cleans, the previous output's entries are
moved (renamed, instant) into a hidden folder inside the output folder, which MkDocs leaves
alone, and deleted by a thread while the records are turned into pages; the build waits for
the thread before it reads its own output (`wait`), so nothing of the previous site remains.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

PREFIX = ".spotcheck-previous-"


class PreviousOutput:
    """The previous output being deleted in the background (see the module's text)."""

    def __init__(self, site_dir: Path) -> None:
        self.thread: threading.Thread | None = None
        if not site_dir.is_dir():
            return
        # an earlier build that stopped half-way left its folder: deleted with this one
        left = [site_dir / e for e in os.listdir(site_dir) if e.startswith(PREFIX)]
        entries = [e for e in os.listdir(site_dir) if not e.startswith(".")]
        aside = site_dir / f"{PREFIX}{os.getpid()}"
        try:
            aside.mkdir()
            for entry in entries:
                os.rename(site_dir / entry, aside / entry)
        except OSError:
            pass  # what was not moved MkDocs deletes as it always does
        folders = [p for p in {*left, aside} if p.is_dir()]
        self.thread = threading.Thread(
            target=_delete, args=(folders,), name="spotcheck-previous-output", daemon=True
        )
        self.thread.start()

    def wait(self) -> None:
        """Return once the previous output is gone."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None


def _delete(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
