"""What a new, empty district records repository contains (`spotcheck init`).

Pure: settings in, `{relative path: bytes}` out. The CI, pre-commit and editor files are the
package data in `generator/district_template/` — the one source: spotcheck's own
`.github/workflows/records.yml`, `.gitlab-ci.yml` and `.vscode/settings.json` are the same
files (tests/test_ci_templates.py). The command (`generator/commands/init.py`) adds the
schemas, CODEOWNERS and the git repository.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spotcheck import __version__, yamlio

# package data file → where it goes in a records repository
TEMPLATE_FILES: dict[str, str] = {
    "github-records.yml": ".github/workflows/records.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "vscode-settings.json": ".vscode/settings.json",
    "gitignore": ".gitignore",
    "README.md": "README.md",
}

PLACEHOLDER_NAME = "示例区"
PLACEHOLDER_CODE = "000000"
DEFAULT_LEGAL_OFFICE = ("FZB", "区司法局")
DEFAULT_DEPARTMENTS = (("SCJG", "区市场监督管理局"),)
PLACEHOLDER_REVIEWER = "待指定"

# The README of each (empty) records folder: what goes there and how it gets there.
FOLDER_READMES: dict[str, str] = {
    "departments": "部门记录，每个部门一个文件 `<部门编号>.yaml`：名称、审核人员（reviewers）、"
    "代码托管平台上的审核人（code_owners）。修改后运行 `spotcheck codeowners` 重新生成 CODEOWNERS。",
    "items": "随机抽查事项清单，每个部门一个文件 `<部门编号>.yaml`（记录列表）。"
    "每项在用事项须经区法制部门审核：`spotcheck approve item <编号> --by <审核人>`。",
    "targets": "检查对象名录库，按街镇分目录 `<街镇代码>/001.yaml`（每个文件至多 2,000 户）。"
    "用 `spotcheck import targets 登记系统导出.xlsx` 导入和更新。",
    "inspectors": "执法检查人员名录库，每个部门一个文件 `<部门编号>.yaml`。"
    "用 `spotcheck import inspectors 人事系统导出.xlsx` 导入和更新。",
    "rules": "实施细则，每个部门一个 Markdown 文件 `<部门编号>.md`（YAML 前置元数据 + 正文），须经法制审核。",
    "plans": "年度抽查计划 `<年度>/<部门编号>.yaml`（含抽查任务），须经法制审核。",
    "calendars": "工作日历 `<年度>.yaml`：chinese-calendar 尚不知道的年份的节假日和调休（国务院办公厅通知）。",
    "draws": "抽取承诺与抽取结果，由 `spotcheck draw commit` / `spotcheck draw run` 写入并提交，不要手工修改。",
    "results": "检查结果 `<年度>/<任务编号>/<统一社会信用代码>.yaml`，用 `spotcheck result new` 或"
    "`spotcheck result import` 生成。",
    "approvals": "法制审核记录，由区法制部门用 `spotcheck approve` 生成，每个审核通过的版本一个文件。",
}


@dataclass(frozen=True)
class DistrictSettings:
    name: str = PLACEHOLDER_NAME
    code: str = PLACEHOLDER_CODE
    legal_office: tuple[str, str] = DEFAULT_LEGAL_OFFICE  # (id, short name)
    departments: tuple[tuple[str, str], ...] = DEFAULT_DEPARTMENTS
    site_url: str | None = None
    repo_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


TEMPLATE_DIR = Path(__file__).resolve().parent / "district_template"


def template(name: str) -> bytes:
    """One file of the package data in generator/district_template/."""
    return (TEMPLATE_DIR / name).read_bytes()


def config_record(settings: DistrictSettings) -> dict[str, Any]:
    site: dict[str, Any] = {"title": f"{settings.name}“双随机、一公开”监管信息公示"}
    if settings.site_url:
        site["url"] = settings.site_url
    if settings.repo_url:
        site["repo_url"] = settings.repo_url
        site["edit_uri"] = "edit/main/records/"
    return {
        "district": {"name": settings.name, "code": settings.code},
        "regions": [],
        "offices": [],
        "legal_office": settings.legal_office[0],
        "allow_manual_seed": False,
        "allow_uncommitted_draws": False,
        "result_deadline_working_days": 20,
        "site": site,
        "require_legal_approval": True,
    }


def department_record(
    department_id: str, short_name: str, district: str, *, legal: bool
) -> dict[str, Any]:
    return {
        "id": department_id,
        "name": f"{district}{short_name.removeprefix('区')}"
        if short_name.startswith("区")
        else short_name,
        "short_name": short_name,
        "is_legal_office": legal,
        "reviewers": [
            {"name": PLACEHOLDER_REVIEWER, "role": "法制审核员" if legal else "科室负责人"}
        ],
    }


def district_files(settings: DistrictSettings) -> dict[str, bytes]:
    """Every file of the new repository except the schemas and CODEOWNERS."""
    files: dict[str, bytes] = {}
    for source, target in TEMPLATE_FILES.items():
        files[target] = template(source)
    files["requirements.txt"] = (
        f"# spotcheck 的版本：升级时修改此行并运行 spotcheck validate\nspotcheck=={__version__}\n"
    ).encode()
    files["records/config.yaml"] = yamlio.dump(
        config_record(settings), "../schemas/config.schema.json"
    ).encode()
    for department_id, short_name in (settings.legal_office, *settings.departments):
        files[f"records/departments/{department_id}.yaml"] = yamlio.dump(
            department_record(
                department_id,
                short_name,
                settings.name,
                legal=department_id == settings.legal_office[0],
            ),
            "../../schemas/department.schema.json",
        ).encode()
    for folder, text in FOLDER_READMES.items():
        files[f"records/{folder}/README.md"] = f"# records/{folder}/\n\n{text}\n".encode()
    return files


def first_commit_message(settings: DistrictSettings, today: dt.date) -> str:
    return (
        f"初始化{settings.name}“双随机、一公开”记录仓库\n\n"
        f"Spotcheck-Init: {today.isoformat()}\nSpotcheck-Version: {__version__}\n"
    )
