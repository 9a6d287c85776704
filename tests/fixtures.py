"""A small, valid district written into a temporary git repository, for acceptance tests.

Tests break one record at a time and check the message; draws run on real git history.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from spotcheck import yamlio
from spotcheck.uscc import make_code

REGIONS = [("440114001", "新华街道"), ("440114002", "狮岭镇")]
OFFICES = [("SCJG-XH", "新华市场监管所", "440114001"), ("SCJG-SL", "狮岭市场监管所", "440114002")]


def target_code(number: int) -> str:
    return make_code("9", "1", "440114", f"{number:08d}0"[:8] + "X")


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout


def write(root: Path, relative: str, data: Any) -> Path:
    path = root / "records" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yamlio.dump(data), encoding="utf-8")
    return path


def targets(count: int) -> list[dict[str, Any]]:
    found = []
    for number in range(count):
        region, _ = REGIONS[number % 2]
        office = OFFICES[number % 2][0]
        found.append(
            {
                "uscc": target_code(number),
                "name": f"广州市花都区测试餐饮有限公司{number}",
                "address": f"广州市花都区测试路{number}号",
                "legal_representative": f"测试{number}",
                "contact": {"phone": f"139{number:08d}"},
                "entity_type": "有限责任公司",
                "industry": "H6210",
                "region": region,
                "office": office,
                "status": "存续" if number % 10 != 9 else "注销",
                "status_history": [{"event": "设立", "date": "2015-03-02"}]
                + ([{"event": "注销", "date": "2024-05-06"}] if number % 10 == 9 else []),
                "credit_class": "ABCD"[number % 4] if number % 3 else "A",
            }
        )
    return found


def inspectors(department: str, count: int, office_of: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{department}-P{number:03d}",
            "name": f"检查员{department}{number}",
            "gender": "女" if number % 2 else "男",
            "phone": f"137{number:08d}",
            "title": "科员",
            "department": department,
            "certificate": {
                "number": f"{department}440114{number:04d}",
                "valid_from": "2020-01-01",
                "valid_until": "2028-12-31",
            },
            "office": office_of[number % len(office_of)],
            "active": True,
        }
        for number in range(1, count + 1)
    ]


def make_district(root: Path, target_count: int = 40, *, commit: bool = True) -> Path:
    """Write the small district into root (a new git repo) and commit it."""
    root.mkdir(parents=True, exist_ok=True)
    write(
        root,
        "config.yaml",
        {
            "district": {"name": "花都区", "code": "440114"},
            "regions": [{"code": c, "name": n} for c, n in REGIONS],
            "offices": [
                {"id": i, "name": n, "department": "SCJG", "regions": [r]} for i, n, r in OFFICES
            ]
            + [
                {
                    "id": "SPYP-QJ",
                    "name": "区食药稽查大队",
                    "department": "SPYP",
                    "regions": ["440114001"],
                }
            ],
            "legal_office": "FZB",
            "demo": True,  # the tests set the clock (SPOTCHECK_NOW)
            "allow_manual_seed": True,
            "allow_uncommitted_draws": True,
            "result_deadline_working_days": 20,
            "site": {"title": "花都区双随机、一公开信息公示"},
        },
    )
    for dept, name, legal in (
        ("SCJG", "区市场监管局", False),
        ("SPYP", "区食品药品监管局", False),
        ("FZB", "区法制办", True),
    ):
        write(
            root,
            f"departments/{dept}.yaml",
            {
                "id": dept,
                "name": name,
                "short_name": name[1:3],
                "is_legal_office": legal,
                "reviewers": [{"name": f"{name}审核员", "github": f"{dept.lower()}-reviewer"}],
            },
        )
    review = {
        "status": "已审核",
        "reviewer": "FZB",
        "date": "2026-01-10",
        "reference": "花法审〔2026〕1号",
    }
    write(
        root,
        "items/SCJG.yaml",
        [
            {
                "id": "SCJG-001",
                "department": "SCJG",
                "category": "企业公示信息",
                "name": "企业公示信息的抽查",
                "target_type": "企业",
                "level": "一般检查事项",
                "methods": ["书面检查", "实地检查"],
                "legal_basis": [{"law": "《企业信息公示暂行条例》", "article": "第十四条"}],
                "content": "年度报告公示信息",
                "active": True,
                "legal_review": review,
            }
        ],
    )
    write(
        root,
        "items/SPYP.yaml",
        [
            {
                "id": "SPYP-001",
                "department": "SPYP",
                "category": "食品经营",
                "name": "食品经营者的检查",
                "target_type": "食品经营者",
                "level": "重点检查事项",
                "methods": ["实地检查"],
                "legal_basis": [{"law": "《中华人民共和国食品安全法》", "article": "第一百一十条"}],
                "content": "经营条件、进货查验",
                "active": True,
                "legal_review": review,
            }
        ],
    )
    write(root, "targets/440114001/001.yaml", targets(target_count))
    write(root, "inspectors/SCJG.yaml", inspectors("SCJG", 6, ["SCJG-XH", "SCJG-SL"]))
    write(root, "inspectors/SPYP.yaml", inspectors("SPYP", 3, ["SPYP-QJ"]))
    write(
        root,
        "plans/2026/SCJG.yaml",
        {
            "id": "2026-SCJG",
            "year": 2026,
            "department": "SCJG",
            "title": "区市场监管局2026年度双随机抽查工作计划",
            "published": "2026-01-15",
            "tasks": [
                {
                    "id": "2026-SCJG-01",
                    "name": "企业公示信息抽查",
                    "type": "不定向",
                    "items": ["SCJG-001"],
                    "strata": {
                        "field": "credit_class",
                        "groups": [
                            {"value": "A", "ratio": 0.1},
                            {"value": "B", "ratio": 0.2},
                            {"value": "C", "ratio": 0.5},
                            {"value": "D", "ratio": 1.0},
                        ],
                    },
                    "reserves": 1,
                    "window": {"start": "2026-04-01", "end": "2026-06-30"},
                    "lead_department": "SCJG",
                    "officers_per_target": 2,
                    "cross_jurisdiction": True,
                },
                {
                    "id": "2026-SCJG-02",
                    "name": "餐饮服务联合抽查",
                    "type": "定向",
                    "items": ["SCJG-001", "SPYP-001"],
                    "scope": {"industries": ["H62"]},
                    "count": 5,
                    "window": {"start": "2026-05-01", "end": "2026-07-31"},
                    "lead_department": "SCJG",
                    "cooperating_departments": ["SPYP"],
                    "officers_per_target": 2,
                },
            ],
        },
    )
    if commit:
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.name", "测试员")
        git(root, "config", "user.email", "tester@example.org")
        git(root, "config", "commit.gpgsign", "false")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "Example district")
    return root
