"""Every command and option people can use is documented (fails when one is added silently)."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_command_is_in_the_readme() -> None:
    missing = []
    for name, command in _subcommands(build_parser()).items():
        actions = _subcommands(command)
        if not actions and f"spotcheck {name}" not in README:
            missing.append(name)
        for action in actions:
            if f"spotcheck {name} {action}" not in README and f"{name} {action}" not in README:
                missing.append(f"{name} {action}")
    assert not missing, f"undocumented commands: {missing}"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    command = "pip install -e '.[test]' && python -m pytest"
    assert command in README
    lines = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert command in lines


def test_every_record_kind_has_a_schema_an_example_and_a_layout_rule() -> None:
    from generator.layout import FILE_RULES, KIND_TITLES
    from generator.records import load

    records = load(ROOT)
    for rule in FILE_RULES:
        assert (ROOT / "schemas" / f"{rule.kind}.schema.json").is_file(), rule.kind
        assert rule.kind in KIND_TITLES
    example_kinds = {r.kind for r in records.records}
    # a reveal is registered only between a seed's publication and its draw
    assert example_kinds >= {r.kind for r in FILE_RULES} - {"reveal"}


def test_the_ci_workflow_uses_documented_commands() -> None:
    from generator import yamlio

    workflow = yamlio.parse(
        (ROOT / ".github/workflows/records.yml").read_text(encoding="utf-8"), "records.yml"
    )
    commands = [
        step["run"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "run" in step and step["run"].strip().startswith("spotcheck")
    ]
    assert commands
    for command in commands:
        words = command.split()
        assert " ".join(words[:2]) in README or " ".join(words[:3]) in README, command
