"""One fixture repository and one built site per test session (the builds dominate run time)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site import fixture_repo

REPO = Path(__file__).resolve().parents[2]
TODAY = "2026-05-01"


def spotcheck(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed command the way people do (a subprocess), quietly."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "spotcheck.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=600,
    )


def copy_site_sources(root: Path) -> None:
    """The project's mkdocs.yml and hand-written pages, as a district repository has them."""
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site", root / "site")


@pytest.fixture(scope="session")
def fixture_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = fixture_repo.build(tmp_path_factory.mktemp("district") / "repo", hostile=True)
    copy_site_sources(root)
    return root


@pytest.fixture(scope="session")
def built_site(fixture_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site") / "public"
    result = spotcheck(
        "build", "--repo", str(fixture_root), "--site-dir", str(site), "--today", TODAY
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "网站已生成" in result.stdout
    return site


EXAMPLE_TODAY = "2026-11-30"  # the example district's records run to the end of 2026


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of this repository's example district (records/), as `spotcheck build` makes
    it (without running due draws: the checkout is not changed)."""
    site = tmp_path_factory.mktemp("example") / "public"
    result = spotcheck(
        "build", "--repo", str(REPO), "--site-dir", str(site), "--today", EXAMPLE_TODAY, "--no-draw"
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return site
