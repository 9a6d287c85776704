"""A small, valid records repository with one drawn task, for result and export tests.

Built by hand (not from the example district, which changes) and drawn with the pure draw
engine, so every test starts from records that validate cleanly.
"""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path
from typing import Any

from spotcheck import uscc, yamlio
from spotcheck.draw.engine import build_commitment, compute_draw, find_task
from spotcheck.idcard import check_character
from spotcheck.records import load

TASK = "2026-SCJG-01"
JOINT_TASK = "2026-SCJG-02"
TODAY = "2026-11-28"

REGIONS = [("440114001", "新华街道"), ("440114101", "狮岭镇")]


def code(n: int) -> str:
    return uscc.make_code("9", "1", "440114", f"MA5{n:06d}")


TARGETS = [
    {
        "uscc": code(n),
        "name": f"广州市花都区测试商行{n}有限公司",
        "address": f"广州市花都区新华街道测试路{n}号",
        "legal_representative": f"法人{n}",
        "contact": {"phone": f"1380000{n:04d}", "email": f"secret{n}@example.com"},
        "entity_type": "有限责任公司",
        "industry": "F5211",
        "region": REGIONS[n % 2][0],
        "office": "SCJG-XH" if n % 2 == 0 else "SCJG-SL",
        "status": "存续",
        "status_history": [{"event": "设立", "date": "2015-03-01"}],
        "credit_class": "B",
    }
    for n in range(1, 11)
]


def inspector(
    n: int, department: str = "SCJG", office: str | None = None, **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": f"{department}-P{n:03d}",
        "name": f"{department}执法员{n}",
        "gender": "男" if n % 2 else "女",
        "id_number": with_check_character(f"44011419800101{n:03d}"),
        "phone": f"1390000{n:04d}",
        "title": "科员",
        "department": department,
        "certificate": {
            "number": f"44{department}{n:06d}",
            "valid_from": "2024-01-01",
            "valid_until": "2029-12-31",
        },
        "office": office or ("SCJG-XH" if n % 2 == 0 else "SCJG-SL"),
        "active": True,
    }
    data.update(extra)
    return data


def records_files() -> dict[str, Any]:
    """path (under records/) → data, without the draw."""
    review = {
        "status": "已审核",
        "reviewer": "SFJ",
        "date": "2026-01-10",
        "reference": "花司审〔2026〕1号",
    }
    items = [
        {
            "id": f"SCJG-00{n}",
            "department": "SCJG",
            "category": category,
            "name": name,
            "target_type": "企业",
            "level": "一般检查事项",
            "methods": methods,
            "legal_basis": [{"law": "《企业信息公示暂行条例》", "article": "第十四条"}],
            "content": f"{name}的检查内容",
            "active": True,
            "legal_review": review,
        }
        for n, category, name, methods in (
            (1, "企业信息公示", "企业公示信息的检查", ["书面检查", "实地检查", "网络监测"]),
            (2, "商品质量", "商品质量的检查", ["实地检查", "检验检测"]),
        )
    ]
    wj_items = [
        {
            **items[1],
            "id": "WJ-001",
            "department": "WJ",
            "category": "公共场所卫生",
            "name": "公共场所卫生的检查",
            "methods": ["实地检查"],
        }
    ]
    inspectors = [inspector(n) for n in range(1, 9)]
    inspectors[0]["conflicts"] = [{"target": code(3), "reason": "配偶任该公司股东（秘密理由）"}]
    return {
        "config.yaml": {
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
                    "id": "SCJG-SL",
                    "name": "狮岭市场监管所",
                    "department": "SCJG",
                    "regions": ["440114101"],
                },
                {
                    "id": "WJ-ZF",
                    "name": "卫生监督所",
                    "department": "WJ",
                    "regions": ["440114001", "440114101"],
                },
            ],
            "legal_office": "SFJ",
            "allow_manual_seed": True,
            "allow_uncommitted_draws": True,
            "result_deadline_working_days": 20,
            "site": {"title": "花都区双随机一公开"},
        },
        "departments/SCJG.yaml": {
            "id": "SCJG",
            "name": "广州市花都区市场监督管理局",
            "short_name": "区市场监管局",
            "reviewers": [{"name": "张审核", "github": "zhang-review"}],
        },
        "departments/WJ.yaml": {
            "id": "WJ",
            "name": "广州市花都区卫生健康局",
            "short_name": "区卫健局",
            "reviewers": [{"name": "李审核", "github": "li-review"}],
        },
        "departments/SFJ.yaml": {
            "id": "SFJ",
            "name": "广州市花都区司法局",
            "short_name": "区司法局",
            "is_legal_office": True,
            "reviewers": [{"name": "王法制", "github": "wang-legal"}],
        },
        "items/SCJG.yaml": items,
        "items/WJ.yaml": wj_items,
        "targets/440114/001.yaml": TARGETS,
        "inspectors/SCJG.yaml": inspectors,
        "inspectors/WJ.yaml": [inspector(n, "WJ", "WJ-ZF") for n in range(1, 4)],
        "plans/2026/SCJG.yaml": {
            "id": "2026-SCJG",
            "year": 2026,
            "department": "SCJG",
            "title": "2026 年度区市场监管局双随机抽查工作计划",
            "published": "2026-01-20",
            "tasks": [
                {
                    "id": TASK,
                    "name": "2026 年企业公示信息和商品质量抽查",
                    "type": "不定向",
                    "items": ["SCJG-001", "SCJG-002"],
                    "count": 5,
                    "reserves": 2,
                    "window": {"start": "2026-09-01", "end": "2026-11-30"},
                    "lead_department": "SCJG",
                    "officers_per_target": 2,
                },
                {
                    "id": JOINT_TASK,
                    "name": "2026 年跨部门联合抽查",
                    "type": "定向",
                    "items": ["SCJG-001", "WJ-001"],
                    "count": 2,
                    "window": {"start": "2026-09-01", "end": "2026-12-31"},
                    "lead_department": "SCJG",
                    "cooperating_departments": ["WJ"],
                    "officers_per_target": 2,
                },
            ],
        },
    }


def write_records(root: Path, files: dict[str, Any]) -> None:
    for relative, data in files.items():
        path = root / "records" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yamlio.dump(data), encoding="utf-8")


def draw_task(root: Path, task_id: str, seed: str = "fixture-seed") -> dict[str, Any]:
    """Commitment and draw for a task, written as records (the engine, without git)."""
    records = load(root, use_cache=False)
    task = find_task(records, task_id)
    commitment, population_files = build_commitment(
        records,
        task,
        attempt=1,
        seed_source={"kind": "manual", "note": "测试", "available_at": "2026-09-01T09:00:00+08:00"},
        committed_at="2026-08-31T09:00:00+08:00",
        committed_by="测试",
        tool_version="test",
    )
    draw = compute_draw(records, commitment, seed, commitment_commit=None)
    draw.update(
        {
            "seed_source": commitment["seed_source"],
            "drawn_at": "2026-09-01T10:00:00+08:00",
            "drawn_by": "测试",
            "tool_version": "test",
        }
    )
    folder = root / "records" / "draws" / "2026" / task_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "commitment.yaml").write_text(yamlio.dump(commitment), encoding="utf-8")
    (folder / "draw.yaml").write_text(yamlio.dump(draw), encoding="utf-8")
    for relative, data in population_files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return draw


def build(root: Path, *, git: bool = False) -> dict[str, dict[str, Any]]:
    """Write the fixture repository at `root`; returns the draw records by task."""
    write_records(root, records_files())
    draws = {task: draw_task(root, task) for task in (TASK, JOINT_TASK)}
    if git:
        init_git(root)
    return draws


def init_git(root: Path) -> None:
    run_git(root, "init", "-q", "-b", "main")
    run_git(root, "config", "user.name", "测试员")
    run_git(root, "config", "user.email", "test@example.com")
    commit_all(root, "fixture")


def run_git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout


def commit_all(root: Path, message: str) -> None:
    run_git(root, "add", "-A")
    run_git(root, "commit", "-q", "--allow-empty", "-m", message)


def selected(draw: dict[str, Any]) -> list[str]:
    return [s["target"] for stratum in draw["strata"] for s in stratum["selected"]]


def assigned(draw: dict[str, Any], target: str) -> list[dict[str, Any]]:
    for assignment in draw["assignments"]:
        if assignment["target"] == target:
            return copy.deepcopy(assignment["officers"])
    raise KeyError(target)


def good_result(draw: dict[str, Any], target: str, **changes: Any) -> dict[str, Any]:
    """A complete, valid, unpublished result for a drawn target of TASK."""
    data: dict[str, Any] = {
        "task": draw["task"],
        "target": target,
        "inspection_date": "2026-11-20",
        "officers": [o["inspector"] for o in assigned(draw, target)],
        "methods": ["实地检查"],
        "items": [
            {"item": "SCJG-001", "codes": ["未发现问题"]},
            {"item": "SCJG-002", "codes": ["未发现问题"]},
        ],
    }
    data.update(changes)
    return data


def write_result(root: Path, data: dict[str, Any]) -> Path:
    path = root / "records" / "results" / "2026" / data["task"] / f"{data['target']}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yamlio.dump(data, "../../../../schemas/result.schema.json"), encoding="utf-8")
    return path


def write_result_list(
    root: Path, results: list[dict[str, Any]], name: str = "001.yaml", task: str = TASK
) -> Path:
    """Results in one list file of the task's folder (records/README.md), in the order given."""
    path = root / "records" / "results" / "2026" / task / name
    path.parent.mkdir(parents=True, exist_ok=True)
    modeline = "../../../../schemas/editor/result-list.schema.json"
    path.write_text(yamlio.dump(results, modeline), encoding="utf-8")
    return path


_TEMPLATE: dict[str, Any] = {}


def fresh_repo(tmp_path: Path, *, git: bool = False) -> tuple[Path, dict[str, dict[str, Any]]]:
    """A copy of the fixture repository (built once per test session) at tmp_path/repo."""
    import shutil
    import tempfile

    if "root" not in _TEMPLATE:
        template = Path(tempfile.mkdtemp(prefix="spotcheck-results-fixture-"))
        _TEMPLATE["draws"] = build(template)
        _TEMPLATE["root"] = template
    root = tmp_path / "repo"
    shutil.copytree(_TEMPLATE["root"], root)
    if git:
        init_git(root)
    return root, copy.deepcopy(_TEMPLATE["draws"])


def with_check_character(first17: str) -> str:
    """A fictional 公民身份号码 with a valid GB 11643 check character."""
    return first17 + check_character(first17)
