"""Mutation testing of the rule core: do the tests catch a broken rule?

    python benchmarks/mutation.py                  # every module, results cached by mutmut
    python benchmarks/mutation.py --fresh          # start from scratch (what the README reports)
    python benchmarks/mutation.py deadlines uscc   # some modules only
    python benchmarks/mutation.py --report         # print the table of the last run, run nothing

mutmut (the `mutation` extra: pip install -e '.[mutation]') copies the package to mutants/,
changes one operator, constant or call at a time (a "mutant"), and runs the tests that reach the
changed function; a mutant survives when they all still pass. Only the fast rule tests
(tests/rules, configured in pyproject's [tool.mutmut]) are run, so a full run takes minutes.

Score per module = killed / (mutants - equivalent). A mutant that no input can tell from the
original (e.g. a change to a speed-only shortcut) is listed, with the reason, in
benchmarks/mutation-equivalent.toml. A mutant that times out or crashes the tests counts as
killed. The target is 95% on every module; the exit status is 1 when one falls short. Surviving
mutants are listed by name: `mutmut show NAME` prints the change.

Mutation testing is run on demand, never in CI: it runs the rule tests about two thousand times.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT_FILE = ROOT / "benchmarks" / "mutation-equivalent.toml"
TARGET = 0.95

#: The rule core: short name -> source file.  pyproject's [tool.mutmut] only_mutate lists the
#: same files (checked below).
MODULES = {
    "tickets": "spotcheck/draw/tickets.py",
    "sampling": "spotcheck/draw/sampling.py",
    "assignment": "spotcheck/draw/assignment.py",
    "population": "spotcheck/draw/population.py",
    "uscc": "spotcheck/uscc.py",
    "idcard": "spotcheck/idcard.py",
    "deadlines": "spotcheck/results/deadlines.py",
    "calendar": "spotcheck/results/calendar.py",
    "credit": "spotcheck/results/credit.py",
    "model-draws": "spotcheck/model/draws.py",
    "model-results": "spotcheck/model/results.py",
    "stats-figures": "spotcheck/statistics/figures.py",
    "stats-intervals": "spotcheck/statistics/intervals.py",
    "stats-warnings": "spotcheck/statistics/warnings.py",
    "stats-suggestions": "spotcheck/statistics/suggestions.py",
    "stats-report": "spotcheck/statistics/report.py",
    "stats-extract": "spotcheck/statistics/extract.py",
}

# mutmut's exit codes of a mutant's test run (mutmut/stats.py).
KILLED_CODES = {1, 3, -24, 24, 152, 255, 36, -11, -9}  # failed, errored, timed out, crashed
SURVIVED_CODES = {0}
NO_TESTS_CODES = {5, 33}


@dataclass
class Score:
    module: str
    total: int = 0
    killed: int = 0
    equivalent: int = 0
    survived: list[str] = field(default_factory=list)  # non-equivalent, not killed
    not_run: int = 0  # no test reaches the function, or not checked yet
    killed_equivalent: list[str] = field(default_factory=list)  # listed equivalent, yet killed

    @property
    def counted(self) -> int:
        return self.total - self.equivalent

    @property
    def score(self) -> float:
        return self.killed / self.counted if self.counted else 1.0

    @property
    def passed(self) -> bool:
        return self.score >= TARGET


def module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def equivalents() -> dict[str, str]:
    """Mutant name -> why it cannot change behaviour."""
    with EQUIVALENT_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    found: dict[str, str] = {}
    for module, entries in data.items():
        for name, reason in entries.items():
            if not str(reason).strip():
                raise SystemExit(f"{EQUIVALENT_FILE.name}: {module}.{name} needs a reason")
            found[name] = str(reason)
    return found


def check_configuration() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        configured = set(tomllib.load(handle)["tool"]["mutmut"]["only_mutate"])
    if configured != set(MODULES.values()):
        raise SystemExit(
            "pyproject.toml [tool.mutmut] only_mutate and benchmarks/mutation.py MODULES differ: "
            f"{sorted(configured ^ set(MODULES.values()))}"
        )


def run_mutmut(modules: list[str], max_children: int) -> float:
    """Run mutmut on the modules' mutants; returns the wall time in seconds."""
    patterns = [f"{module_name(MODULES[m])}.*" for m in modules]
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(max_children)]
    if set(modules) != set(MODULES):
        command += patterns
    started = time.perf_counter()
    # mutmut prints a progress line per mutant; keep only its summary.
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        sys.stdout.write(completed.stdout[-4000:])
        sys.stderr.write(completed.stderr[-4000:])
        raise SystemExit(f"mutmut failed (exit status {completed.returncode})")
    return elapsed


def scores(modules: list[str], equivalent: dict[str, str]) -> list[Score]:
    found = []
    for module in modules:
        path = MODULES[module]
        meta = ROOT / "mutants" / f"{path}.meta"
        score = Score(module)
        if not meta.exists():
            found.append(score)
            continue
        exit_codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
        for name, code in sorted(exit_codes.items()):
            score.total += 1
            if name in equivalent:
                score.equivalent += 1
                if code in KILLED_CODES:
                    score.killed_equivalent.append(name)
            elif code in KILLED_CODES:
                score.killed += 1
            elif code in SURVIVED_CODES:
                score.survived.append(name)
            else:
                score.not_run += 1
                score.survived.append(name)
        found.append(score)
    return found


def print_table(found: list[Score]) -> None:
    header = f"{'module':<12}{'file':<34}{'mutants':>8}{'equiv.':>8}{'killed':>8}{'score':>9}  "
    print(header + f"target {TARGET:.0%}")
    print("-" * (len(header) + 11))
    for s in found:
        verdict = "pass" if s.passed else "FAIL"
        print(
            f"{s.module:<12}{MODULES[s.module]:<34}{s.total:>8}{s.equivalent:>8}{s.killed:>8}"
            f"{s.score:>9.1%}  {verdict}"
        )
    total = Score("all", sum(s.total for s in found), sum(s.killed for s in found))
    total.equivalent = sum(s.equivalent for s in found)
    print("-" * (len(header) + 11))
    print(
        f"{'all':<12}{'':<34}{total.total:>8}{total.equivalent:>8}{total.killed:>8}"
        f"{total.score:>9.1%}"
    )
    for s in found:
        if s.survived:
            print(f"\nsurviving in {s.module} (`mutmut show NAME` prints the change):")
            for name in s.survived:
                print(f"  {name}")
        for name in s.killed_equivalent:
            print(f"\n{name} is listed as equivalent but was killed: remove it from the list")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "modules", nargs="*", metavar="MODULE", help=f"default: all of {', '.join(MODULES)}"
    )
    parser.add_argument("--fresh", action="store_true", help="forget earlier results first")
    parser.add_argument("--report", action="store_true", help="only print the last results")
    parser.add_argument(
        "--max-children",
        type=int,
        default=min(os.cpu_count() or 1, 2),
        help="parallel test processes (default: 2 at most, the machine is shared)",
    )
    args = parser.parse_args(argv)
    unknown_modules = set(args.modules) - set(MODULES)
    if unknown_modules:
        parser.error(f"unknown module {sorted(unknown_modules)}; choose from {', '.join(MODULES)}")
    modules = args.modules or list(MODULES)
    check_configuration()
    equivalent = equivalents()
    if not args.report:
        if not _importable("mutmut"):
            raise SystemExit("mutmut is missing: pip install -e '.[mutation]'")
        if args.fresh:
            shutil.rmtree(ROOT / "mutants", ignore_errors=True)
        elapsed = run_mutmut(modules, args.max_children)
        print(f"mutmut run: {elapsed / 60:.1f} min wall time, --max-children {args.max_children}")
    found = scores(modules, equivalent)
    print_table(found)
    unknown = set(equivalent) - _all_names()
    if unknown and not args.modules:
        print(f"\nlisted as equivalent but no longer generated (remove): {sorted(unknown)}")
    return 0 if all(s.passed for s in found) else 1


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def _all_names() -> set[str]:
    names: set[str] = set()
    for path in MODULES.values():
        meta = ROOT / "mutants" / f"{path}.meta"
        if meta.exists():
            names |= set(json.loads(meta.read_text())["exit_code_by_key"])
    return names


if __name__ == "__main__":
    sys.exit(main())
