"""Next year's draft plans: one per department's plan of the year before, its ratios adjusted
by `suggestions`, with the reasons and the text of the draft file. `spotcheck plan suggest`
writes these files and the site's 统计 shows the same drafts (one code path)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from spotcheck import yamlio
from spotcheck.records import Record, RecordSet
from spotcheck.statistics.suggestions import suggest_plan

PLAN_MODELINE = "../../../schemas/plan.schema.json"


@dataclass(frozen=True)
class PlanDraft:
    department: str
    source: str  # the plan file the draft starts from
    plan: dict[str, Any]
    reasons: list[str]  # one per changed ratio or count, with the warning behind it
    text: str  # the draft file, as `plan suggest` writes it


def source_plans(records: RecordSet, year: int, department: str | None = None) -> list[Record]:
    """The plans of the year before `year` (of one department, if given), in id order."""
    return sorted(
        (
            p
            for p in records.of("plan")
            if str(p.data.get("year")) == str(year - 1)
            and (department is None or p.data.get("department") == department)
        ),
        key=lambda p: p.id,
    )


def plan_drafts(plans: Iterable[Record], year: int, stats: Mapping[str, Any]) -> list[PlanDraft]:
    """The drafts for `year` of these plans, from `stats` (the report of the year before)."""
    drafts = []
    for plan in plans:
        draft, reasons = suggest_plan(plan.data, year, stats["rates"])
        header = [
            f"# 草案：由 spotcheck plan suggest 按 {stats['year']} 年度已公示的检查结果"
            f"（截至 {stats['today']}）生成，以 {plan.path} 为底稿。",
            "# 部门修改后通过合并请求提交，经区法制部门审核（spotcheck approve plan）后合并。",
            "# 公布前：published 改为实际公布日期，删去标题中的“（草案）”，核对任务、范围、比例和检查时间。",
            "# 比例调整规则见 docs/statistics.md（显著高于全区 ×1.5，显著低于 ×0.75，不低于法定最低比例）。",
            *(f"# 调整：{reason}" for reason in reasons),
        ]
        if not reasons:
            header.append(
                "# 未调整比例：上一年度没有显著高于或低于全区的信用风险分类、街镇或行业。"
            )
        lines = yamlio.dump(draft, PLAN_MODELINE).splitlines()
        drafts.append(
            PlanDraft(
                department=str(plan.data.get("department")),
                source=plan.path,
                plan=draft,
                reasons=reasons,
                text="\n".join([lines[0], *header, *lines[1:]]) + "\n",
            )
        )
    return drafts
