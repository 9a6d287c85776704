"""Every command and option people can use is documented (fails when one is added silently);
every record kind has a schema, an example and a place on the site; every path and section
that a docstring or a document cites exists. (Finding codes: tests/test_findings.py checks
that each is in docs/findings.md.)"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

from spotcheck.cli import build_parser
from spotcheck.records import Record

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
    from spotcheck.layout import FILE_RULES, KIND_TITLES
    from spotcheck.records import load

    records = load(ROOT)
    for rule in FILE_RULES:
        assert (ROOT / "schemas" / f"{rule.kind}.schema.json").is_file(), rule.kind
        assert rule.kind in KIND_TITLES
    example_kinds = {r.kind for r in records.records}
    # a reveal is registered only between a seed's publication and its draw
    assert example_kinds >= {r.kind for r in FILE_RULES} - {"reveal"}


def test_the_ci_workflow_uses_documented_commands() -> None:
    from spotcheck import yamlio

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


# --- record kinds, and the references that docstrings and documents make -------------------


def test_every_schema_is_a_record_kind() -> None:
    from spotcheck.layout import FILE_RULES, KIND_TITLES

    schemas = {p.name.removesuffix(".schema.json") for p in (ROOT / "schemas").glob("*.json")}
    shared = {"common"}  # definitions the record schemas refer to
    assert schemas - shared == set(KIND_TITLES)
    assert {rule.kind for rule in FILE_RULES} | {"config"} == set(KIND_TITLES)


# How the site shows a record of each kind: a text of the record that its page carries.
SHOWN_BY: dict[str, Callable[[Record], str]] = {
    "config": lambda r: r.data["district"]["name"],
    "department": lambda r: r.data["short_name"],
    "item": lambda r: r.id,
    "target": lambda r: r.data["uscc"],  # in the business lookup's files
    "inspector": lambda r: r.data["name"],
    "rules": lambda r: r.data["title"],
    "plan": lambda r: r.data["title"],
    "commitment": lambda r: r.data["population"]["digest"],
    "draw": lambda r: r.data["seed"],
    "reveal": lambda r: r.data["seed"],
    "void": lambda r: r.data["reason"],
    "result": lambda r: r.data["target"],
    "approval": lambda r: r.data["digest"][:12],
}
# Kinds the site does not publish as such, and why.
NOT_ON_THE_SITE = {
    "calendar": "工作日历只用于计算期限：网站显示据此算出的公示期限和逾期状态",
}


def test_every_record_of_the_example_is_on_the_built_site() -> None:
    """The example district's public records through the site's sections (as `spotcheck
    build` runs them, without MkDocs): every record of every published kind shows up."""
    import datetime as dt

    from spotcheck.layout import KIND_TITLES
    from spotcheck.records import load
    from spotcheck.schemas import SchemaSet
    from spotcheck.site import lookup, public, sections

    assert set(SHOWN_BY) | set(NOT_ON_THE_SITE) == set(KIND_TITLES)
    records = load(ROOT)
    content = sections.build_site(
        public.public_records(records, SchemaSet()),
        today=dt.date(2026, 11, 28),
        audit=None,
        evidence={},
    )
    site = "\n".join(page.content for page in content.pages)
    site += "\n".join(data.decode("utf-8", errors="replace") for data in content.files.values())
    # a never-drawn business is only a front-coded line of the lookup's code shards
    site += "\n".join(
        code
        for path, data in content.files.items()
        if path.startswith("lookup/codes/")
        for code in lookup.decode_codes(data)
    )
    for kind, shown in SHOWN_BY.items():
        missing = [r.id for r in records.of(kind) if shown(r) not in site]
        assert not missing, f"{KIND_TITLES[kind]} not on the site: {missing[:5]}"


# A path of the repository cited in a docstring, a comment or a document: the folder and
# what follows, up to a file ending or a closing slash.
CITED_PATH = re.compile(
    r"(?<![\w./-])((?:generator|docs|tests|benchmarks|schemas)/[\w./-]*?"
    r"(?:\.(?:py|md|tsv|json|j2|txt)|/))(?![\w-])"
)
CITED_SECTION = re.compile(r"docs/(\w+)\.md §(\d+(?:\.\d+)*)")


def _citing_files() -> list[Path]:
    found = [ROOT / "README.md", ROOT / "records" / "README.md"]
    for folder in ("generator", "docs", "tests", "benchmarks", "schemas"):
        found += [
            p
            for p in (ROOT / folder).rglob("*")
            if p.suffix in (".py", ".md", ".json", ".j2", ".tsv") and "__pycache__" not in p.parts
        ]
    return [p for p in found if p != Path(__file__).resolve()]  # its examples lead nowhere


def test_every_cited_path_exists() -> None:
    dangling = []
    for path in _citing_files():
        for cited in CITED_PATH.findall(path.read_text(encoding="utf-8")):
            if not (ROOT / cited).exists():
                dangling.append(f"{path.relative_to(ROOT)}: {cited}")
    assert not dangling, dangling


def _has_section(document: str, number: str) -> bool:
    return (
        re.search(rf"^#+ (?:§\s*)?{re.escape(number)}(?:\.(?!\d)|\s)", document, re.M) is not None
    )


def test_every_cited_section_exists() -> None:
    """`docs/X.md §N` leads to a heading numbered N (the protocol's own, stricter test is in
    tests/test_protocol_doc.py)."""
    cited = 0
    for path in _citing_files():
        for document, number in CITED_SECTION.findall(path.read_text(encoding="utf-8")):
            text = (ROOT / "docs" / f"{document}.md").read_text(encoding="utf-8")
            assert _has_section(text, number), (
                f"{path.relative_to(ROOT)}: docs/{document}.md §{number}"
            )
            cited += 1
    assert cited >= 5


def test_the_checks_of_this_file_can_fail(tmp_path: Path) -> None:
    text = "see generator/no_such_module.py and docs/nowhere.md §9.9, docs/findings.md"
    assert CITED_PATH.findall(text) == [
        "generator/no_such_module.py",
        "docs/nowhere.md",
        "docs/findings.md",
    ]
    assert CITED_SECTION.findall(text) == [("nowhere", "9.9")]
    assert _has_section("## 2.1 Strata\n", "2.1") and not _has_section("## 2.1 Strata\n", "2")
    assert CITED_PATH.findall("`generator/checks/` and (generator/trust/drand.py)") == [
        "generator/checks/",
        "generator/trust/drand.py",
    ]
