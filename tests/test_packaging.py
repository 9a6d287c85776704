"""The package is imported as `spotcheck`, although its source lives in generator/ (issue 10).

The committed symlink `spotcheck -> generator` is what hatchling packs (pyproject.toml): the
wheel holds `spotcheck/` with the schemas, pages and templates it needs and no `generator`
module; a wheel installed on its own runs `spotcheck init` (validate and build) from its own
files; an editable install exposes `spotcheck` only. And nothing in the repository names the old
module any more, so a merge that brings an old import back fails here.

The wheel is built as a release is, the sdist first and the wheel from it (`python -m build`),
and as `pip install .` builds it, from the checkout; both install the build backend (hatchling)
from the package index.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OLD = "generator"  # the source folder, no longer a module name
NEW = "spotcheck"

# The forms of the old module name: dotted (imports, `python -m`, entry points, resource and
# template package names, mutant names in benchmarks/mutation-equivalent.toml, docs), `from _
# import` and a bare `import _`. Paths (generator/...) and the plain word are not names.
OLD_NAME = (
    re.compile(rf"(?<![\w./-]){OLD}\.(?=[A-Za-z_])"),
    re.compile(rf"\bfrom {OLD} import\b"),
    re.compile(rf"(?<![\w.])import {OLD}(?=[ \t]*(?:$|#|,|as\b))", re.MULTILINE),
)


def tracked_files(*folders: str) -> list[Path]:
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--", *folders],
        capture_output=True,
        check=True,
    ).stdout
    return [ROOT / name for name in listed.decode("utf-8").split("\0") if name]


def old_names(text: str) -> list[int]:
    """Line numbers where `text` names the old module."""
    return sorted(
        {
            text.count("\n", 0, found.start()) + 1
            for pattern in OLD_NAME
            for found in pattern.finditer(text)
        }
    )


def test_the_patterns_find_the_old_name_and_leave_paths_and_words_alone() -> None:
    named = (
        f"from {OLD}.draw import tickets\nimport {OLD}\nx = {OLD}.cli\nfrom {OLD} import yamlio\n"
    )
    assert old_names(named) == [1, 2, 3, 4]
    assert old_names(f"python -m {OLD}.cli\n") == [1]
    left = f"see {OLD}/draw/tickets.py\nthe {OLD}.\nG2Element.{OLD}()\n{NEW}.cli\n"
    assert old_names(left) == []


def test_no_tracked_file_names_the_old_module() -> None:
    found = []
    for path in tracked_files():
        if path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data:
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        found += [f"{path.relative_to(ROOT)}:{line}" for line in old_names(text)]
    assert found == [], f"the package is imported as `{NEW}` (source in {OLD}/): {found}"


def test_no_python_file_imports_the_old_module() -> None:
    """Any import form, parsed: `import os, generator` and the like slip past the patterns."""
    found = []
    for path in tracked_files(OLD, "tests", "benchmarks"):
        if path.suffix != ".py" or path.is_symlink():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module or ""]
            else:
                continue
            if any(module.split(".")[0] == OLD for module in modules):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_the_link_points_at_the_source_folder() -> None:
    link = ROOT / NEW
    assert link.is_symlink() and os.readlink(link) == OLD


def build(command: list[str], folder: Path) -> Path:
    built = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (found,) = folder.glob(f"{NEW}-*.whl")
    return found


def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return {n for n in archive.namelist() if ".dist-info/" not in n}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist, then the wheel built from the unpacked sdist."""
    folder = tmp_path_factory.mktemp("dist")
    return build([sys.executable, "-m", "build", "--outdir", str(folder), str(ROOT)], folder)


@pytest.mark.slow
def test_pip_builds_the_same_wheel_from_the_checkout(wheel: Path, tmp_path: Path) -> None:
    pip = [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps"]
    from_checkout = build([*pip, "--wheel-dir", str(tmp_path)], tmp_path)
    assert wheel_names(from_checkout) == wheel_names(wheel)


@pytest.mark.slow
def test_the_wheel_holds_spotcheck_with_its_data_and_no_generator(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(
            archive.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt")
        )
    assert {n.split("/")[0] for n in names if ".dist-info/" not in n} == {NEW}
    expected = {
        f"{NEW}/{path.relative_to(ROOT / OLD).as_posix()}" for path in tracked_files(OLD)
    }  # every module, template, data table and district template file
    expected |= {
        f"{NEW}/_schemas/{p.relative_to(ROOT / 'schemas')}" for p in tracked_files("schemas")
    }
    expected |= {f"{NEW}/_site/{p.relative_to(ROOT / 'site')}" for p in tracked_files("site")}
    expected.add(f"{NEW}/_docs/protocol.md")
    assert expected - names == set()
    assert f"{NEW}/site/templates/task.md.j2" in names and f"{NEW}/data/findings.tsv" in names
    assert "spotcheck = spotcheck.cli:main" in entry_points
    assert "spotcheck = spotcheck.site.plugin:SpotcheckPlugin" in entry_points


PROBE = f"""
import importlib, json, {NEW}
from {NEW}.schemas import schemas_dir
from {NEW}.site.defaults import site_sources
from {NEW}.site.sections.tasks import protocol_text
try:
    importlib.import_module("{OLD}" + ".cli")
    old = True
except ModuleNotFoundError:
    old = False
print(json.dumps({{
    "package": {NEW}.__file__,
    "schemas": str(schemas_dir()),
    "site": str(site_sources()),
    "protocol": protocol_text().splitlines()[0],
    "old": old,
}}))
"""


GIT_PERSON = {
    "GIT_AUTHOR_NAME": "测试",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "测试",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


def probe(cwd: Path, env: dict[str, str]) -> dict[str, object]:
    ran = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


@pytest.mark.slow
def test_an_installed_wheel_runs_from_its_own_files(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site-packages"
    pip = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index"]
    subprocess.run(
        [*pip, "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "NO_MKDOCS_2_WARNING": "1"}
    found = probe(tmp_path, env)
    package = target / NEW
    assert found["package"] == str(package / "__init__.py")
    assert found["schemas"] == str(package / "_schemas")
    assert found["site"] == str(package / "_site")
    assert found["protocol"] == (ROOT / "docs/protocol.md").read_text("utf-8").splitlines()[0]
    assert found["old"] is False
    # a new district from the installed files alone: schemas copied, records validated, the
    # empty site built with the packed pages and templates, through the mkdocs plugin
    made = subprocess.run(
        [sys.executable, "-m", f"{NEW}.cli", "init", str(tmp_path / "district")],
        cwd=tmp_path,
        env={**env, **GIT_PERSON},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert (tmp_path / "district/public/index.html").is_file()
    assert (tmp_path / "district/schemas/item.schema.json").is_file()


def test_this_environment_exposes_spotcheck_only(tmp_path: Path) -> None:
    """The install the tests run on (`pip install -e .` in CI): from a folder outside the
    checkout, `spotcheck` imports and `generator` is no module; an editable install that put
    the repository root on sys.path (hatchling's default) would expose it."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    assert probe(tmp_path, env)["old"] is False
