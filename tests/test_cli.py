"""No traceback and no English from the command line (issue 13): argparse's own messages, output
paths that cannot be written, MkDocs's errors, and a last guard for defects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spotcheck import cli
from spotcheck.cli import main
from spotcheck.commands.build import mkdocs_message
from tests.fixtures import make_district
from tests.results.fixture_repo import TASK, fresh_repo

ENGLISH = re.compile(
    r"\b(usage|error|argument|arguments|required|invalid|choice|unrecognized|expected|options"
    r"|positional|show this|Traceback|Errno|No such|Permission denied)\b",
    re.IGNORECASE,
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out + err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        ((), "缺少必需的参数：命令"),
        (("nosuch",), "无效的取值 'nosuch'"),
        (("validate", "--bogus"), "无法识别的参数：--bogus"),
        (("validate", "--format", "xml"), "参数 --format：无效的取值 'xml'"),
        (("validate", "--today", "2026-13-01"), "日期格式应为 YYYY-MM-DD"),
        (("validate", "--repo"), "参数 --repo：需要一个值"),
        (("export",), "缺少必需的参数：类型"),
        (("export", "tasksheet"), "缺少必需的参数：TASK"),
        (("result", "import"), "缺少必需的参数：FILE.xlsx"),
        (("draw", "--help"), "显示帮助并退出"),
        (("--help",), "用法：spotcheck"),
    ],
)
def test_argparse_speaks_chinese(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], says: str
) -> None:
    code, output = run(capsys, *argv)
    assert says in output, output
    assert code in (0, 2)
    assert not ENGLISH.search(output), output


def test_every_command_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    parser = cli.build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        code, output = run(capsys, name, "--help")
        assert code == 0 and "用法：" in output and "显示帮助并退出" in output, name
        assert not ENGLISH.search(output.replace("--format", "")), (name, output)


# --- output paths --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root, _ = fresh_repo(tmp_path_factory.mktemp("results"))
    return root


def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "已存在的文件.txt"
    path.write_text("x", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (lambda repo, tmp: ["export", "tasksheet", TASK, "-o", str(tmp)], "是一个目录，应为文件名"),
        (
            lambda repo, tmp: ["export", "tasksheet", TASK, "-o", str(a_file(tmp) / "x.xlsx")],
            "是文件，不是目录",
        ),
        (lambda repo, tmp: ["export", "gsxt", "-o", str(a_file(tmp))], "是一个文件，应为目录"),
        (lambda repo, tmp: ["export", "opendata", "-o", "/proc/spotcheck-opendata"], "无法写入"),
        (
            lambda repo, tmp: ["build", "--no-draw", "--site-dir", str(a_file(tmp))],
            "是一个文件，应为目录",
        ),
        (lambda repo, tmp: ["checkpoint", "-o", str(tmp)], "是一个目录，应为文件名"),
    ],
)
def test_unwritable_output_paths_are_refused_in_chinese_before_any_work(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: object, says: str
) -> None:
    arguments = argv(repo, tmp_path)  # type: ignore[operator]
    before = sorted(p.name for p in tmp_path.iterdir())
    code, output = run(capsys, *arguments, "--repo", str(repo))
    assert code in (1, 2) and says in output, output
    assert "内部错误" not in output  # handled where it happens, not by the last guard
    assert not ENGLISH.search(output), output
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_init_over_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run(capsys, "init", str(a_file(tmp_path)), "--no-build")
    assert code == 2 and "是一个文件" in output and "内部错误" not in output, output


def test_an_export_to_a_new_folder_still_works(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "新目录" / "任务表.xlsx"
    code, output = run(capsys, "export", "tasksheet", TASK, "-o", str(out), "--repo", str(repo))
    assert code == 0 and out.is_file(), output


# --- MkDocs and the last guard -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Aborted with 2 configuration errors!", "mkdocs.yml 有 2 处配置错误，已中止"),
        ("Aborted with 3 warnings in strict mode!", "严格模式下出现 3 个警告，已中止"),
        (
            "The 'site_dir' should not be within the 'docs_dir' as this leads to the build "
            "directory being copied into itself and duplicate nested files in the 'site_dir'.",
            "网站输出目录不能位于文档目录（docs_dir）之内",
        ),
        ("Config file 'x/mkdocs.yml' does not exist.", "找不到网站配置文件 x/mkdocs.yml"),
    ],
)
def test_mkdocs_errors_in_chinese(english: str, chinese: str) -> None:
    assert mkdocs_message(english) == chinese


def test_a_defect_meets_the_last_guard_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_district(tmp_path / "d", commit=False)
    import spotcheck.commands.validate as validate_command

    def broken(*args: object, **kwargs: object) -> object:
        raise KeyError("no such thing")

    monkeypatch.setattr(validate_command, "validate", broken)
    monkeypatch.delenv("SPOTCHECK_DEBUG", raising=False)
    code, output = run(capsys, "validate", "--repo", str(root))
    assert code == cli.INTERNAL_ERROR
    assert "内部错误" in output and "请报告" in output and "Traceback" not in output
