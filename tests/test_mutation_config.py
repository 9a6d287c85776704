"""The mutation-testing set-up (benchmarks/mutation.py) stays consistent with the package.

Mutation testing itself runs on demand; these checks are fast and catch a moved module or a
malformed list of equivalent mutants before someone runs it.
"""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from functools import cache
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


@cache
def runner() -> ModuleType:
    name = "benchmarks_mutation"
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "mutation.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_every_listed_module_exists_and_pyproject_agrees() -> None:
    mutation = runner()
    for path in mutation.MODULES.values():
        assert (ROOT / path).is_file(), path
    mutation.check_configuration()  # raises SystemExit when pyproject's only_mutate differs
    with (ROOT / "pyproject.toml").open("rb") as handle:
        config = tomllib.load(handle)
    assert config["tool"]["mutmut"]["pytest_add_cli_args_test_selection"] == ["tests/rules"]


def test_every_listed_module_is_mutated_under_its_import_name() -> None:
    """mutmut walks `source_paths` and names each mutant after its file's path, and the tests
    import the package as `spotcheck`: the paths go through the `spotcheck` link to generator/
    (a path under generator/ would never be mutated, and its module would score nothing)."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        config = tomllib.load(handle)["tool"]["mutmut"]
    assert config["source_paths"] == ["spotcheck"]
    assert (ROOT / "spotcheck").resolve() == (ROOT / "generator").resolve()
    for path in runner().MODULES.values():
        assert path.startswith("spotcheck/"), path


def test_every_equivalent_mutant_names_its_module_and_a_reason() -> None:
    mutation = runner()
    equivalent = mutation.equivalents()
    assert equivalent
    prefixes = tuple(f"{mutation.module_name(p)}." for p in mutation.MODULES.values())
    for name, reason in equivalent.items():
        assert name.startswith(prefixes), name
        assert len(reason) > 10, name


def test_score_leaves_equivalent_mutants_out() -> None:
    mutation = runner()
    short = mutation.Score("x", total=100, killed=93, equivalent=2)
    assert short.counted == 98 and not short.passed  # 93 / 98 = 94.9%
    enough = mutation.Score("x", total=100, killed=94, equivalent=2)
    assert enough.passed  # 94 / 98 = 95.9%
    assert mutation.TARGET == 0.95
