"""Record text is untrusted: hostile names must render as text on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spotcheck.site import markdown_safe
from spotcheck.site.urls import safe_title
from tests.site import fixture_repo
from tests.site.conftest import TODAY, copy_site_sources, spotcheck

HOSTILE = {
    "target": fixture_repo.HOSTILE_SCRIPT,
    "inspector": "<img src=x onerror=alert(3)>",
    "task": "[t](javascript:alert(4))",
    "item": "<script>alert(5)</script>",
    "adjustment": "'><svg onload=alert(6)>",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "repo"
    fixture_repo.build(root, hostile=True, draws=False)
    replacements = {
        "records/inspectors/SCJG.yaml": (
            'name: "检查员1"',
            f"name: {_quoted(HOSTILE['inspector'])}",
        ),
        "records/plans/2026/SCJG.yaml": (
            'name: "作废演示抽查"',
            f"name: {_quoted(HOSTILE['task'])}",
        ),
        "records/items/SCJG.yaml": (
            'content: "餐饮服务操作规范"',
            f"content: {_quoted(HOSTILE['item'])}",
        ),
    }
    for path, (old, new) in replacements.items():
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new), encoding="utf-8")
    plan = root / "records/plans/2026/SCJG.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("增加餐饮专项抽查任务", HOSTILE["adjustment"]),
        encoding="utf-8",
    )
    # every target gets drawn in task 03 so the hostile target names reach the task page
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("count: 2", "count: 30"), encoding="utf-8")
    fixture_repo._git(root, "add", "-A")
    fixture_repo._git(root, "commit", "-q", "-m", "hostile text")
    from spotcheck.draw import service

    fixture_repo._git(root, "config", "user.name", "测试员")
    fixture_repo._git(root, "config", "user.email", "tester@example.invalid")
    service.run(root, "2026-SCJG-03", "seed", without_commitment=True)
    copy_site_sources(root)
    site = root / "out"
    result = spotcheck("build", "--repo", str(root), "--site-dir", str(site), "--today", TODAY)
    assert result.returncode == 0, result.stderr + result.stdout
    return site


def _quoted(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def test_hostile_text_is_shown_as_text_everywhere(hostile_site: Path) -> None:
    task = (hostile_site / "tasks/2026-SCJG-03/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in task
    assert "[x](javascript:alert(1))" in task
    shown = 0
    for path in hostile_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
        assert "<svg onload" not in html, path
        assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.I), path
        shown += html.count("alert(")
    assert shown >= 5  # the hostile text is there, as text


def test_titles_never_carry_markup(hostile_site: Path) -> None:
    task = (hostile_site / "tasks/2026-SCJG-03/index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", task, re.S)
    assert title and "javascript:" in title.group(1) and "[" not in title.group(1)


def test_safe_title_and_markdown_render() -> None:
    assert safe_title("<b>名称</b>[x](y)") == "b名称/bx(y)"
    html = markdown_safe.render(
        "# 标题\n\n<script>x()</script>\n\n[a](javascript:x()) [b](https://a.gov.cn)"
        "\n\n![p](https://cdn.example.com/p.png)"
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html and 'href="https://a.gov.cn"' in html
    assert "<img" not in html and 'href="https://cdn.example.com/p.png"' in html
    assert "<h2>标题</h2>" in html
