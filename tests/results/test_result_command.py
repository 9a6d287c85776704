"""Acceptance: `spotcheck result …` and `spotcheck export …` as a person runs them, on git."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from spotcheck import yamlio
from tests.results.fixture_repo import TASK, TODAY, code, commit_all, fresh_repo, selected


def spotcheck(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spotcheck.cli", *args, "--repo", str(root)],
        capture_output=True,
        text=True,
        cwd=root,
    )


def validate(root: Path, today: str = TODAY) -> subprocess.CompletedProcess[str]:
    return spotcheck(root, "validate", "--today", today, "--no-cache")


def test_result_new_fill_validate_publish_correct(tmp_path: Path) -> None:
    root, draws = fresh_repo(tmp_path, git=True)
    target = selected(draws[TASK])[0]
    done = spotcheck(root, "result", "new", TASK, target)
    assert done.returncode == 0, done.stderr
    path = root / "records/results/2026" / TASK / f"{target}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "未按规定公示应当公示的信息" in text and "# 企业公示信息的检查" in text
    assert "（组长）" in text
    # an unfilled scaffold does not pass
    unfilled = validate(root)
    assert unfilled.returncode == 1 and f"{path.relative_to(root).as_posix()}:" in unfilled.stdout
    # refusals: the file exists; a target that was not drawn
    again = spotcheck(root, "result", "new", TASK, target)
    assert again.returncode == 1 and "已存在" in again.stderr
    outsider = next(
        c
        for c in (code(n) for n in range(1, 11))
        if c not in selected(draws[TASK])
        and c not in [r["target"] for s in draws[TASK]["strata"] for r in s["reserves"]]
    )
    refused = spotcheck(root, "result", "new", TASK, outsider)
    assert refused.returncode == 1 and "不在任务" in refused.stderr
    assert not (path.parent / f"{outsider}.yaml").exists()
    # fill it in as an inspector would
    text = text.replace('inspection_date: ""', 'inspection_date: "2026-11-20"')
    text = text.replace("methods: []", 'methods: ["实地检查"]')
    text = text.replace("codes: []", 'codes: ["未发现问题"]')
    path.write_text(text, encoding="utf-8")
    ok = validate(root)
    assert ok.returncode == 0, ok.stdout
    status = spotcheck(root, "result", "status", TASK, "--today", TODAY)
    assert f"{target}  待公示，公示期限 2026-12-18" in status.stdout
    # publish, commit; a later silent edit is an error until a correction is recorded
    path.write_text(text.replace('# published: ""', 'published: "2026-11-25"'), encoding="utf-8")
    assert validate(root).returncode == 0
    commit_all(root, "publish")
    edited = path.read_text(encoding="utf-8").replace(
        'inspection_date: "2026-11-20"', 'inspection_date: "2026-11-19"'
    )
    path.write_text(edited, encoding="utf-8")
    bad = validate(root)
    assert bad.returncode == 1 and "没有更正记录" in bad.stdout
    corrected = edited + (
        'corrections:\n  - date: "2026-11-27"\n    reason: "检查日期录入错误"\n'
        '    changes: "检查完成日期由 2026-11-20 更正为 2026-11-19"\n'
    )
    path.write_text(corrected, encoding="utf-8")
    assert validate(root).returncode == 0


@pytest.mark.parametrize("lists", [False, True], ids=["result-files", "result-lists"])
def test_tasksheet_import_and_exports(tmp_path: Path, lists: bool) -> None:
    root, draws = fresh_repo(tmp_path, git=True)
    if lists:  # the district keeps new results in list files
        config = root / "records/config.yaml"
        config.write_text(config.read_text("utf-8") + "result_lists: true\n", "utf-8")
    sheet = tmp_path / "task.xlsx"
    exported = spotcheck(root, "export", "tasksheet", TASK, "-o", str(sheet))
    assert exported.returncode == 0, exported.stderr
    book = load_workbook(sheet)
    ws = book["检查结果"]
    keys = {c.value: c.column for c in ws[2] if c.value}
    for row in (3, 4):
        ws.cell(row, keys["inspection_date"]).value = "2026-11-16"
        ws.cell(row, keys["methods"]).value = "书面检查"
        ws.cell(row, keys["codes:SCJG-001"]).value = "未发现问题"
        ws.cell(row, keys["codes:SCJG-002"]).value = "未发现问题"
        ws.cell(row, keys["published"]).value = "2026-11-24"
    book.save(sheet)
    imported = spotcheck(root, "result", "import", str(sheet), "--today", TODAY)
    assert imported.returncode == 0, imported.stderr
    assert validate(root).returncode == 0
    folder = root / "records/results/2026" / TASK
    written = sorted(p.name for p in folder.iterdir())
    if lists:
        assert written == ["001.yaml"]
        text = (folder / "001.yaml").read_text(encoding="utf-8")
        targets = [line.split('"')[1] for line in text.splitlines() if "  target: " in line]
        assert targets == sorted(selected(draws[TASK])[:2])
        again = spotcheck(root, "result", "import", str(sheet), "--today", TODAY)
        assert again.returncode == 0 and "2 个未变" in again.stdout
        assert (folder / "001.yaml").read_text(encoding="utf-8") == text
    else:
        assert written == sorted(f"{t}.yaml" for t in selected(draws[TASK])[:2])
    gsxt = spotcheck(root, "export", "gsxt", "-o", str(tmp_path / "gsxt"))
    assert gsxt.returncode == 0, gsxt.stderr
    rows = json.loads((tmp_path / "gsxt/gsxt.json").read_text(encoding="utf-8"))
    assert len(rows) == 4 and {r["检查结果"] for r in rows} == {"未发现问题"}
    opendata = spotcheck(root, "export", "opendata", "-o", str(tmp_path / "open"))
    assert opendata.returncode == 0, opendata.stderr
    results = json.loads((tmp_path / "open/result.json").read_text(encoding="utf-8"))
    assert sorted(r["target"] for r in results) == sorted(selected(draws[TASK])[:2])


def test_help_is_chinese() -> None:
    for args in (["result", "--help"], ["export", "--help"], ["result", "import", "--help"]):
        shown = subprocess.run(
            [sys.executable, "-m", "spotcheck.cli", *args], capture_output=True, text=True
        )
        assert shown.returncode == 0 and "任务" in shown.stdout


def test_result_new_list_inserts_sorted_and_leaves_published_results_alone(
    tmp_path: Path,
) -> None:
    root, draws = fresh_repo(tmp_path, git=True)
    chosen = sorted(selected(draws[TASK]))[:3]
    folder = root / "records/results/2026" / TASK
    listed = folder / "001.yaml"
    # the last credit code first: the others must be inserted before it
    first = spotcheck(root, "result", "new", TASK, chosen[2], "--list")
    assert first.returncode == 0, first.stderr
    assert "001.yaml" in first.stdout and not (folder / f"{chosen[2]}.yaml").exists()
    text = listed.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../../schemas/editor/")
    assert "（组长）" in text and "# 企业公示信息的检查" in text
    # fill it in and publish it, commit: its bytes must survive the next additions
    text = text.replace('inspection_date: ""', 'inspection_date: "2026-11-20"', 1)
    text = text.replace("methods: []", 'methods: ["实地检查"]', 1)
    text = text.replace("codes: []", 'codes: ["未发现问题"]')
    text = text.replace(
        '  inspection_date: "2026-11-20"',
        '  published: "2026-11-25"\n  inspection_date: "2026-11-20"',
    )
    listed.write_text(text, encoding="utf-8")
    assert validate(root).returncode == 0
    commit_all(root, "publish the first result")
    # no --list: the task's folder already keeps its results in a list file
    for target in (chosen[0], chosen[1]):
        added = spotcheck(root, "result", "new", TASK, target)
        assert added.returncode == 0, added.stderr
    after = listed.read_text(encoding="utf-8")
    assert after.endswith(text.split("\n", 1)[1])  # the published record's lines, unchanged
    records = [line.split('"')[1] for line in after.splitlines() if line.startswith("  target: ")]
    assert records == chosen
    assert sorted(p.name for p in folder.iterdir()) == ["001.yaml"]
    # the unfilled ones are reported in the list file, at their lines; the published one is not
    unfilled = validate(root)
    assert unfilled.returncode == 1
    reported = [line for line in unfilled.stdout.splitlines() if "001.yaml:" in line]
    assert reported and not any("没有更正记录" in line for line in reported)
    assert {chosen[0], chosen[1]} <= {t for t in chosen if t in unfilled.stdout}
    # refused: a target with a result already
    again = spotcheck(root, "result", "new", TASK, chosen[1])
    assert again.returncode == 1 and "001.yaml 第 2 条已是" in again.stderr
    assert listed.read_text(encoding="utf-8") == after


def test_result_new_list_refuses_a_list_file_it_cannot_insert_into(tmp_path: Path) -> None:
    root, draws = fresh_repo(tmp_path, git=True)
    chosen = sorted(selected(draws[TASK]))[:2]
    listed = root / "records/results/2026" / TASK / "001.yaml"
    listed.parent.mkdir(parents=True)
    flow = f'[{{task: "{TASK}", target: "{chosen[1]}"}}]\n'  # flow style: no line per record
    listed.write_text(flow, encoding="utf-8")
    refused = spotcheck(root, "result", "new", TASK, chosen[0])
    assert refused.returncode == 1 and "未写入" in refused.stderr
    assert listed.read_text(encoding="utf-8") == flow
    assert [p.name for p in listed.parent.iterdir()] == ["001.yaml"]  # no temporary left


def test_result_new_starts_the_next_list_file_when_the_last_is_full(tmp_path: Path) -> None:
    root, draws = fresh_repo(tmp_path, git=True)
    chosen = sorted(selected(draws[TASK]))[:2]
    config = root / "records/config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "result_lists: true\nlimits:\n  records_per_file: 100\n",
        encoding="utf-8",
    )
    folder = root / "records/results/2026" / TASK
    filler = [{"task": TASK, "target": f"FILLER{n:03d}"} for n in range(100)]
    folder.mkdir(parents=True)
    (folder / "001.yaml").write_text(yamlio.dump(filler), encoding="utf-8")
    done = spotcheck(root, "result", "new", TASK, chosen[0])  # config: lists by default
    assert done.returncode == 0, done.stderr
    assert "002.yaml" in done.stdout
    assert chosen[0] in (folder / "002.yaml").read_text(encoding="utf-8")
    assert chosen[0] not in (folder / "001.yaml").read_text(encoding="utf-8")
