"""The CI, pre-commit and editor files a district gets: one source (the package data that
`spotcheck init` writes is what this repository runs), and every `spotcheck` invocation in
them is a command with options that exist (parsed with the real argparse parser)."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from spotcheck.cli import build_parser
from spotcheck.district_init import TEMPLATE_FILES, DistrictSettings, district_files, template

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github/workflows/records.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
OPERATORS = {";", ";;", "&&", "||", "|", "(", ")", "then", "else", "do", "!"}
REDIRECTS = {">", ">>", "<", "2>", "&>"}


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _shell_lines(script: str) -> Iterator[str]:
    """Lines of a shell script, without heredoc bodies and with continuations joined."""
    heredoc: str | None = None
    pending = ""
    for raw in script.splitlines():
        if heredoc is not None:
            if raw.strip() == heredoc:
                heredoc = None
            continue
        line = pending + raw
        if line.rstrip().endswith("\\"):
            pending = line.rstrip()[:-1] + " "
            continue
        pending = ""
        marker = re.search(r"<<-?\s*'?\"?(\w+)'?\"?", line)
        if marker:
            heredoc = marker.group(1)
            line = line[: marker.start()]
        yield line


def invocations(script: str) -> Iterator[list[str]]:
    """The argument lists of every `spotcheck …` command in a shell script."""
    for line in _shell_lines(script):
        lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|()<>")
        lexer.whitespace_split = True
        lexer.commenters = "#"
        tokens = list(lexer)
        segment: list[str] = []
        for token in [*tokens, ";"]:
            if token in OPERATORS:
                yield from _spotcheck(segment)
                segment = []
            else:
                segment.append(token)


def _spotcheck(segment: list[str]) -> Iterator[list[str]]:
    while segment and segment[0] in ("if", "then", "else", "do", "!"):
        segment = segment[1:]
    if not segment or segment[0] != "spotcheck":
        return
    args: list[str] = []
    for token in segment[1:]:
        if token in REDIRECTS:
            break
        args.append(token)
    yield args


def github_scripts(workflow: dict[str, Any]) -> Iterator[str]:
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "run" in step:
                yield step["run"]


def gitlab_scripts(pipeline: dict[str, Any]) -> Iterator[str]:
    for name, job in pipeline.items():
        if not isinstance(job, dict) or name in ("variables", "stages"):
            continue
        for key in ("before_script", "script", "after_script"):
            yield from job.get(key) or []


def hook_entries(path: Path) -> Iterator[str]:
    data = _load(path)
    hooks = data if isinstance(data, list) else [h for r in data["repos"] for h in r["hooks"]]
    for hook in hooks:
        yield hook["entry"]


def all_invocations() -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    sources = [
        (".github/workflows/records.yml", github_scripts(_load(WORKFLOW))),
        (".gitlab-ci.yml", gitlab_scripts(_load(GITLAB))),
        (".pre-commit-hooks.yaml", hook_entries(ROOT / ".pre-commit-hooks.yaml")),
        (".pre-commit-config.yaml", hook_entries(ROOT / ".pre-commit-config.yaml")),
    ]
    for name, scripts in sources:
        for script in scripts:
            found.extend((name, args) for args in invocations(script))
    return found


def parses(args: list[str]) -> str:
    """'' when the real parser accepts the arguments, else its complaint."""
    errors = io.StringIO()
    try:
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
            build_parser().parse_args(args)
    except SystemExit as exit_:
        return errors.getvalue() or f"exit {exit_.code}"
    return ""


def test_templates_are_what_this_repository_runs() -> None:
    for target in (".github/workflows/records.yml", ".gitlab-ci.yml", ".vscode/settings.json"):
        source = next(s for s, t in TEMPLATE_FILES.items() if t == target)
        assert (ROOT / target).read_bytes() == template(source), target
    # the project's own pre-commit configuration adds ruff to the district's hooks
    ours = {
        h["id"]: h for r in _load(ROOT / ".pre-commit-config.yaml")["repos"] for h in r["hooks"]
    }
    district = yaml.safe_load(template("pre-commit-config.yaml"))
    for hook in (h for r in district["repos"] for h in r["hooks"]):
        assert ours[hook["id"]] == hook


def test_init_writes_the_templates() -> None:
    files = district_files(DistrictSettings())
    for source, target in TEMPLATE_FILES.items():
        assert files[target] == template(source)


def test_the_extraction_finds_commands_and_the_parser_refuses_unknown_options() -> None:
    script = 'if [ -f x ]; then spotcheck validate --format github; fi\nspotcheck diff a b --format markdown > out.md\ncat <<"EOF"\nspotcheck nonsense\nEOF\ncase "$s" in\n  200) spotcheck audit --checkpoint c.json ;;\nesac'
    assert list(invocations(script)) == [
        ["validate", "--format", "github"],
        ["diff", "a", "b", "--format", "markdown"],
        ["audit", "--checkpoint", "c.json"],
    ]
    assert parses(["validate", "--format", "github"]) == ""
    assert parses(["validate", "--no-such-option"])
    assert parses(["diff", "--format", "yaml"])


def test_every_spotcheck_invocation_exists_with_its_options() -> None:
    found = all_invocations()
    commands = {(name, args[0]) for name, args in found}
    assert {
        (".github/workflows/records.yml", c) for c in ("validate", "diff", "draw", "build")
    } <= commands
    assert {(".gitlab-ci.yml", c) for c in ("validate", "diff", "draw", "build")} <= commands
    assert (".pre-commit-hooks.yaml", "validate") in commands
    for name, args in found:
        assert parses(args) == "", f"{name}: spotcheck {' '.join(args)}"


def test_github_workflow_deploys_pages_and_comments_once() -> None:
    workflow = _load(WORKFLOW)
    publish, review = workflow["jobs"]["publish"], workflow["jobs"]["review"]
    assert publish["permissions"]["pages"] == "write"
    assert publish["permissions"]["id-token"] == "write"
    assert publish["concurrency"]["cancel-in-progress"] is False
    assert publish["environment"]["name"] == "github-pages"
    uses = [step.get("uses", "") for step in publish["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    for job in (publish, review):
        caches = [s for s in job["steps"] if s.get("uses", "").startswith("actions/cache@")]
        assert caches and caches[0]["with"]["path"] == ".git/spotcheck-cache"
    assert review["permissions"]["pull-requests"] == "write"
    comment = next(
        s for s in review["steps"] if s.get("uses", "").startswith("actions/github-script@")
    )
    assert "updateComment" in comment["with"]["script"]
    assert "createComment" in comment["with"]["script"]
    # the place reserved for the checkpoint audit before deploying
    text = WORKFLOW.read_text(encoding="utf-8")
    assert text.index("spotcheck audit --checkpoint") < text.index("actions/deploy-pages")


def test_gitlab_pipeline_publishes_pages_and_notes_the_merge_request() -> None:
    pipeline = _load(GITLAB)
    pages = pipeline["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["resource_group"]
    assert "$CI_DEFAULT_BRANCH" in pages["rules"][0]["if"]
    review = pipeline["review"]
    assert "merge_request_event" in review["rules"][0]["if"]
    script = "\n".join(review["script"])
    assert "SPOTCHECK_BOT_TOKEN" in script and '"PUT"' in script and '"POST"' in script
    assert review["artifacts"]["reports"]["codequality"] == "gl-code-quality.json"
    assert ".git/spotcheck-cache/" in pipeline["default"]["cache"]["paths"]
    assert pipeline["variables"]["GIT_DEPTH"] == "0"
    assert "spotcheck audit --checkpoint" in GITLAB.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["github-records.yml", "gitlab-ci.yml", "pre-commit-config.yaml"])
def test_templates_are_valid_yaml(name: str) -> None:
    assert isinstance(yaml.safe_load(template(name)), dict)
