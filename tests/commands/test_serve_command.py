"""`spotcheck serve`: a local preview that rebuilds when a record changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.site.fixture_repo import build


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page is not None and needle in page:
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_a_record_changes(tmp_path: Path) -> None:
    root = build(tmp_path / "repo")
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "spotcheck.cli",
            "serve",
            "--repo",
            str(root),
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/items/SCJG/"
        assert _wait_for(url, "抽查事项", 90), "the preview did not start"
        items = root / "records" / "items" / "SCJG.yaml"
        text = items.read_text(encoding="utf-8")
        assert "企业公示信息" in text
        items.write_text(
            text.replace("企业公示信息", "企业公示信息（预览修改）", 1), encoding="utf-8"
        )
        assert _wait_for(url, "企业公示信息（预览修改）", 90), "no rebuild after the record changed"
    finally:
        server.terminate()
        server.wait(timeout=20)
