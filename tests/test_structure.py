"""The package stays readable: no function in generator/ is longer than 80 lines (issue 14).

Measured with the AST (`end_lineno - lineno + 1`, decorators not counted, nested functions
counted inside their parent and on their own). Duplicated code is measured with the
`duplicates` command, which CI does not have; the figures are in docs/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
LONGEST = 80


def function_lengths(folder: Path) -> list[tuple[int, str]]:
    """(lines, "path:line name") of every function and method below `folder`."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                where = f"{path.relative_to(folder.parent)}:{node.lineno} {node.name}"
                found.append((node.end_lineno - node.lineno + 1, where))
    return found


def test_the_measure_counts_lines_from_def_to_the_last_line(tmp_path: Path) -> None:
    body = "\n".join(f"    x{n} = {n}" for n in range(LONGEST))
    (tmp_path / "long.py").write_text(f"def long() -> None:\n{body}\n", encoding="utf-8")
    (tmp_path / "short.py").write_text("async def short() -> None:\n    pass\n", encoding="utf-8")
    assert sorted(function_lengths(tmp_path)) == [
        (2, f"{tmp_path.name}/short.py:1 short"),
        (LONGEST + 1, f"{tmp_path.name}/long.py:1 long"),
    ]


def test_no_function_in_the_package_is_longer_than_80_lines() -> None:
    lengths = function_lengths(PACKAGE)
    assert len(lengths) > 500  # the whole package was read
    too_long = sorted((n, where) for n, where in lengths if n > LONGEST)
    assert not too_long, f"split these functions (longer than {LONGEST} lines): {too_long}"
