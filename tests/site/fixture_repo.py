"""A small, valid records repository for the site tests: written, committed and drawn in git.

It goes through the real pipeline (validation, `draw commit/run/void`), so the site is built
from the same kinds of files a district would have.  Every non-public value is distinctive
(`SECRET_VALUES`) so the privacy scan can look for it in every output file.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import Any

from spotcheck import uscc, yamlio
from spotcheck.idcard import check_character

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_LINK = "[x](javascript:alert(1))"

TZ = dt.timezone(dt.timedelta(hours=8))
REGIONS = [("440114001", "新华街道"), ("440114002", "新雅街道")]
INDUSTRIES = ["H6210", "F5211", "H6220", "C1391"]


def _org9(number: int) -> str:
    return f"MA{number:07d}"


def target_code(number: int) -> str:
    return uscc.make_code("9", "1", "440114", _org9(number))


def _write(root: Path, relative: str, data: Any, schema: str | None = None) -> None:
    path = root / "records" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yamlio.dump(data, schema), encoding="utf-8")


def _git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "测试员",
        "GIT_AUTHOR_EMAIL": "tester@example.invalid",
        "GIT_COMMITTER_NAME": "测试员",
        "GIT_COMMITTER_EMAIL": "tester@example.invalid",
    }
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env
    ).stdout


def targets(count: int, *, hostile: bool) -> list[dict[str, Any]]:
    found = []
    for number in range(1, count + 1):
        region, _ = REGIONS[number % 2]
        name = f"广州市花都区测试{number:03d}号餐饮有限公司"
        if hostile and number == 1:
            name = HOSTILE_SCRIPT
        if hostile and number == 2:
            name = HOSTILE_LINK
        found.append(
            {
                "uscc": target_code(number),
                "name": name,
                "address": f"广州市花都区新华路{number}号",
                "legal_representative": f"法人{number:03d}",
                "contact": {
                    "phone": f"1390000{number:04d}",
                    "email": f"secret-mail-{number:03d}@private.invalid",
                },
                "entity_type": "有限责任公司",
                "industry": INDUSTRIES[number % len(INDUSTRIES)],
                "region": region,
                "office": "SCJG-XH" if region == "440114001" else "SCJG-XY",
                "status": "存续",
                "status_history": [{"event": "设立", "date": "2020-01-15"}],
                "credit_class": "ABCD"[number % 4],
            }
        )
    return found


def inspectors() -> list[dict[str, Any]]:
    found = []
    for number in range(1, 9):
        department = "SCJG" if number <= 6 else "WJ"
        found.append(
            {
                "id": f"{department}-P{number:03d}",
                "name": f"检查员{number}",
                "gender": "女" if number % 2 else "男",
                "id_number": with_check_character(f"44011419800101{number:03d}"),
                "phone": f"1370000{number:04d}",
                "title": "四级主任科员",
                "department": department,
                "certificate": {
                    "number": f"粤执法{number:06d}",
                    "valid_from": "2024-01-01",
                    "valid_until": "2028-12-31",
                },
                "expertise": ["食品安全"],
                "office": ("SCJG-XH" if number % 2 else "SCJG-XY")
                if department == "SCJG"
                else "WJ-ZX",
                "expert": False,
                "active": True,
                "conflicts": (
                    [{"target": target_code(5), "reason": f"私密回避原因{number}号配偶任职"}]
                    if number in (1, 7)
                    else []
                ),
            }
        )
    return found


SECRET_MARKERS = ("secret-mail-", "私密回避原因", "13900000", "13700000", "44011419800101")


def build(root: Path, *, target_count: int = 30, hostile: bool = False, draws: bool = True) -> Path:
    """Write the records, commit them, and (optionally) draw, void and record results."""
    saved = {k: os.environ.get(k) for k in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE")}
    try:
        return _build(root, target_count=target_count, hostile=hostile, draws=draws)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _build(root: Path, *, target_count: int, hostile: bool, draws: bool) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    _git(root, "init", "-q", "-b", "main")
    _write(
        root,
        "config.yaml",
        {
            "district": {"name": "花都区", "code": "440114"},
            "regions": [{"code": c, "name": n} for c, n in REGIONS],
            "offices": [
                {
                    "id": "SCJG-XH",
                    "name": "新华市场监管所",
                    "department": "SCJG",
                    "regions": ["440114001"],
                },
                {
                    "id": "SCJG-XY",
                    "name": "新雅市场监管所",
                    "department": "SCJG",
                    "regions": ["440114002"],
                },
                {
                    "id": "WJ-ZX",
                    "name": "卫生监督所",
                    "department": "WJ",
                    "regions": ["440114001", "440114002"],
                },
            ],
            "legal_office": "SFJ",
            "demo": True,  # drawn at fixed, simulated times
            "allow_manual_seed": True,
            "allow_uncommitted_draws": True,
            "result_deadline_working_days": 20,
            "site": {
                "title": "花都区双随机一公开（测试）",
                "url": "https://example.invalid/",
                "repo_url": "https://example.invalid/repo",
                "edit_uri": "edit/main/",
            },
        },
        "../schemas/config.schema.json",
    )
    for dept, name, short, legal in (
        ("SCJG", "广州市花都区市场监督管理局", "区市场监管局", False),
        ("WJ", "广州市花都区卫生健康局", "区卫健局", False),
        ("SFJ", "广州市花都区司法局", "区司法局", True),
    ):
        _write(
            root,
            f"departments/{dept}.yaml",
            {
                "id": dept,
                "name": name,
                "short_name": short,
                "is_legal_office": legal,
                "reviewers": [{"name": f"{short}审核人", "github": f"reviewer-{dept.lower()}"}],
                "office_phone": "020-36800000",
            },
            "../../schemas/department.schema.json",
        )
    review = {
        "status": "已审核",
        "reviewer": "SFJ",
        "date": "2026-01-10",
        "reference": "花司审〔2026〕1号",
    }
    _write(
        root,
        "items/SCJG.yaml",
        [
            {
                "id": "SCJG-001",
                "department": "SCJG",
                "category": "企业信息公示检查",
                "name": "企业公示信息的检查",
                "target_type": "企业",
                "level": "一般检查事项",
                "methods": ["书面检查", "实地检查"],
                "legal_basis": [{"law": "《企业信息公示暂行条例》", "article": "第十四条"}],
                "content": "年度报告公示信息的真实性",
                "remarks": "",
                "active": True,
                "legal_review": review,
            },
            {
                "id": "SCJG-002",
                "department": "SCJG",
                "category": "食品安全监督检查",
                "name": "餐饮服务食品安全检查",
                "target_type": "餐饮服务提供者",
                "level": "重点检查事项",
                "methods": ["实地检查"],
                "legal_basis": [{"law": "《中华人民共和国食品安全法》", "article": "第一百一十条"}],
                "content": "餐饮服务操作规范",
                "active": True,
                "legal_review": review,
            },
        ],
        "../../schemas/editor/item-list.schema.json",
    )
    _write(
        root,
        "items/WJ.yaml",
        [
            {
                "id": "WJ-001",
                "department": "WJ",
                "category": "公共场所卫生检查",
                "name": "公共场所卫生许可检查",
                "target_type": "公共场所经营者",
                "level": "一般检查事项",
                "methods": ["实地检查"],
                "legal_basis": [{"law": "《公共场所卫生管理条例》", "article": "第八条"}],
                "content": "卫生许可证",
                "active": True,
                "legal_review": {"status": "待审核", "reviewer": "SFJ"},
            }
        ],
        "../../schemas/editor/item-list.schema.json",
    )
    _write(
        root,
        "targets/440114001/001.yaml",
        targets(target_count, hostile=hostile),
        "../../../schemas/editor/target-list.schema.json",
    )
    for dept in ("SCJG", "WJ"):
        _write(
            root,
            f"inspectors/{dept}.yaml",
            [i for i in inspectors() if i["department"] == dept],
            "../../schemas/editor/inspector-list.schema.json",
        )
    rules = root / "records" / "rules" / "SCJG.md"
    rules.parent.mkdir(parents=True, exist_ok=True)
    rules.write_text(
        "---\nid: SCJG-2026\ndepartment: SCJG\ntitle: 区市场监管局随机抽查实施细则\n"
        'issued: "2026-01-05"\nreference: 花市监〔2026〕1号\nversion: 1\n---\n'
        "# 总则\n\n第一条　为规范随机抽查工作，制定本细则。\n\n"
        "<script>alert('rules')</script>\n\n[危险链接](javascript:alert(2)) 与 "
        "[法规](https://www.gov.cn/) \n\n| 项目 | 比例 |\n|---|---|\n| 一般 | 3% |\n",
        encoding="utf-8",
    )
    window = {"start": "2026-04-01", "end": "2026-06-30"}
    _write(
        root,
        "plans/2026/SCJG.yaml",
        {
            "id": "2026-SCJG",
            "year": 2026,
            "department": "SCJG",
            "title": "2026年度区市场监管局双随机抽查工作计划",
            "published": "2026-01-20",
            "adjustments": [
                {"version": 2, "date": "2026-03-27", "summary": "增加餐饮专项抽查任务"}
            ],
            "tasks": [
                {
                    "id": "2026-SCJG-01",
                    "name": "企业公示信息不定向抽查",
                    "type": "不定向",
                    "items": ["SCJG-001"],
                    "strata": {
                        "field": "credit_class",
                        "groups": [
                            {"value": "A", "ratio": 0.2},
                            {"value": "B", "ratio": 0.3},
                            {"value": "C", "ratio": 0.5},
                            {"value": "D", "ratio": 1.0},
                        ],
                    },
                    "reserves": 1,
                    "window": window,
                    "lead_department": "SCJG",
                    "officers_per_target": 2,
                    "cross_jurisdiction": False,
                },
                {
                    "id": "2026-SCJG-02",
                    "name": "餐饮服务联合抽查",
                    "type": "定向",
                    "items": ["SCJG-002"],
                    "scope": {"industries": ["H62"]},
                    "count": 3,
                    "window": window,
                    "lead_department": "SCJG",
                    "cooperating_departments": ["WJ"],
                    "officers_per_target": 2,
                    "since_version": 2,
                },
                {
                    "id": "2026-SCJG-03",
                    "name": "作废演示抽查",
                    "type": "不定向",
                    "items": ["SCJG-001"],
                    "count": 2,
                    "window": window,
                    "lead_department": "SCJG",
                    "officers_per_target": 2,
                },
            ],
        },
        "../../../schemas/plan.schema.json",
    )
    _at(dt.datetime(2026, 3, 30, 9, 0, tzinfo=TZ))
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Add records\n\nSpotcheck-Kind: records\n")
    if draws:
        _draw(root)
    return root


def _at(moment: dt.datetime) -> None:
    """Fix git's commit dates (GitPython honours these variables) so the history is the same
    on every run, and in the order the protocol needs: commitment, seed, draw, results."""
    os.environ["GIT_AUTHOR_DATE"] = os.environ["GIT_COMMITTER_DATE"] = moment.isoformat()


def _draw(root: Path) -> None:
    from spotcheck.draw import service

    _git(root, "config", "user.name", "测试员")
    _git(root, "config", "user.email", "tester@example.invalid")
    _draw_at_fixed_times(root, service)


def _draw_at_fixed_times(root: Path, service: Any) -> None:
    commit_time = dt.datetime(2026, 3, 31, 10, 0, tzinfo=TZ)
    seed_time = commit_time + dt.timedelta(hours=2)
    draw_time = seed_time + dt.timedelta(minutes=30)
    source = {"kind": "manual", "note": "测试用人工种子", "available_at": seed_time.isoformat()}
    _at(commit_time)
    service.commit(root, "2026-SCJG-01", source, clock=lambda: commit_time)
    _at(draw_time)
    _, draw = service.run(root, "2026-SCJG-01", "测试种子-2026-04", clock=lambda: draw_time)
    service.run(
        root, "2026-SCJG-02", "无承诺种子", without_commitment=True, clock=lambda: draw_time
    )
    _at(commit_time + dt.timedelta(minutes=5))
    service.commit(
        root, "2026-SCJG-03", source, clock=lambda: commit_time + dt.timedelta(minutes=5)
    )
    _at(draw_time + dt.timedelta(minutes=5))
    service.void(
        root,
        "2026-SCJG-03",
        "承诺中的检查期填写错误，作废后重新承诺",
        clock=lambda: draw_time + dt.timedelta(minutes=5),
    )
    _at(dt.datetime(2026, 4, 28, 9, 0, tzinfo=TZ))
    # results for the first three selected targets of task 01
    selected = [s["target"] for stratum in draw["strata"] for s in stratum["selected"]]
    officers = {a["target"]: [o["inspector"] for o in a["officers"]] for a in draw["assignments"]}
    codes = [["未发现问题"], ["发现问题已责令改正"], ["未按规定公示应当公示的信息"]]
    for number, target in enumerate(selected[:3]):
        _write(
            root,
            f"results/2026/2026-SCJG-01/{target}.yaml",
            {
                "task": "2026-SCJG-01",
                "target": target,
                "inspection_date": "2026-04-20",
                "officers": officers[target],
                "methods": ["书面检查"],
                "items": [{"item": "SCJG-001", "codes": codes[number], "findings": "检查情况说明"}],
                "follow_up": [{"action": "无需后续处置" if number == 0 else "责令改正"}],
                "published": "2026-04-28",
            },
            "../../../../schemas/result.schema.json",
        )
    _git(root, "add", "-A")
    _git(
        root,
        "commit",
        "-q",
        "-m",
        "Publish results of 2026-SCJG-01\n\nSpotcheck-Task: 2026-SCJG-01\n",
    )


def with_check_character(first17: str) -> str:
    """A fictional 公民身份号码 with a valid GB 11643 check character."""
    return first17 + check_character(first17)
