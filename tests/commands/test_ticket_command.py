"""`spotcheck ticket`, run as a real process.

Uses `python -m spotcheck.cli` once every command module listed in `spotcheck.cli` exists;
until then (other commands are written in parallel) a minimal argparse harness that registers
only `ticket` and handles errors the way `spotcheck.cli.main` does.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from spotcheck.draw import ordered

SEED = "xy()134!g2n"

HARNESS = """
import argparse, sys
from spotcheck.commands import ticket
from spotcheck.errors import SpotcheckError
parser = argparse.ArgumentParser(prog="spotcheck")
sub = parser.add_subparsers(dest="command", required=True)
ticket.register(sub)
args = parser.parse_args(sys.argv[1:])
try:
    sys.exit(int(args.func(args) or 0))
except SpotcheckError as error:
    print(f"错误：{error}", file=sys.stderr)
    sys.exit(error.exit_code)
"""


def _all_commands_exist() -> bool:
    from spotcheck.cli import COMMAND_MODULES

    return all(
        importlib.util.find_spec(f"spotcheck.commands.{name}") is not None
        for name in COMMAND_MODULES
    )


def spotcheck(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    if _all_commands_exist():
        command = [sys.executable, "-m", "spotcheck.cli"]
    else:
        command = [sys.executable, "-c", HARNESS]
    return subprocess.run(
        [*command, "ticket", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def rows(stdout: str) -> list[list[str]]:
    return [line.split("\t") for line in stdout.splitlines()]


def test_published_vector_from_arguments() -> None:
    run = spotcheck("--seed", SEED, "dog", "cat", "fish", "goat")
    assert run.returncode == 0, run.stderr
    assert [r[0] for r in rows(run.stdout)] == ["cat", "dog", "goat", "fish"]
    assert rows(run.stdout) == [[i, t] for i, t in ordered(SEED, ["dog", "cat", "fish", "goat"])]


def test_ids_from_file_strip_blanks_bom_and_crlf(tmp_path: Path) -> None:
    ids_file = tmp_path / "ids.txt"
    ids_file.write_bytes("\ufeffdog\r\n\r\n  cat  \n\nfish\ngoat".encode())
    run = spotcheck("--seed", SEED, "--file", str(ids_file))
    assert run.returncode == 0, run.stderr
    assert [r[0] for r in rows(run.stdout)] == ["cat", "dog", "goat", "fish"]


def test_ids_from_stdin_when_none_given() -> None:
    run = spotcheck("--seed", SEED, stdin="dog\ncat\n\n fish \ngoat\n")
    assert run.returncode == 0, run.stderr
    assert [r[0] for r in rows(run.stdout)] == ["cat", "dog", "goat", "fish"]


def test_dash_reads_stdin() -> None:
    for args in (["-"], ["--file", "-"]):
        run = spotcheck("--seed", SEED, *args, stdin="goat\ndog\n")
        assert run.returncode == 0, run.stderr
        assert [r[0] for r in rows(run.stdout)] == ["dog", "goat"]


def test_chinese_ids_and_tickets_match_the_core() -> None:
    ids = ["9144030071526726XG", "91330100799655058B", "花都区某某餐馆"]
    run = spotcheck("--seed", "种子", *ids)
    assert run.returncode == 0, run.stderr
    assert rows(run.stdout) == [[i, t] for i, t in ordered("种子", ids)]


def test_no_ids_is_a_usage_error() -> None:
    run = spotcheck("--seed", SEED, stdin="\n  \n")
    assert run.returncode == 2
    assert run.stdout == ""
    assert "没有要计算签值的编号" in run.stderr


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    run = spotcheck("--seed", SEED, "--file", str(tmp_path / "nope.txt"))
    assert run.returncode == 2
    assert "找不到编号文件" in run.stderr


def test_duplicates_printed_once_with_a_note() -> None:
    run = spotcheck("--seed", SEED, "dog", "dog", "cat")
    assert run.returncode == 0
    assert [r[0] for r in rows(run.stdout)] == ["cat", "dog"]
    assert "重复" in run.stderr


def test_seed_is_required() -> None:
    run = spotcheck("dog")
    assert run.returncode == 2


def test_help_is_chinese_and_accepts_repo() -> None:
    run = spotcheck("--help")
    assert run.returncode == 0
    assert "签值" in run.stdout and "--repo" in run.stdout
    assert spotcheck("--seed", SEED, "--repo", ".", "dog").returncode == 0
