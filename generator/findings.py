"""Every finding code in one table: what it means, how severe it is, whether it stops the site
from being published, and how to fix it.

The checks give each finding a code from this table; the report decides publication from it
(`generator.report.blocks_publication`), `result import` shows the codes that do not block as
warnings, and the reference `docs/findings.md` is generated from it
(`python -m generator.findings > docs/findings.md`; a test keeps the two in sync).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]

SCHEMA_PREFIX = "schema-"  # followed by the JSON Schema keyword that failed, e.g. schema-required


@dataclass(frozen=True)
class FindingCode:
    code: str
    level: Level  # the most severe level it is reported with
    # An error with this code stops `spotcheck build`. A missed deadline is a fact about the
    # department's work that the public must see, not a defect of the records: it fails
    # `validate` but never stops the site from being published.
    blocks_publication: bool
    description: str  # what it means (Chinese)
    fix: str  # how to fix it (Chinese)


def _error(code: str, description: str, fix: str) -> FindingCode:
    return FindingCode(code, "error", True, description, fix)


def _warning(code: str, description: str, fix: str) -> FindingCode:
    return FindingCode(code, "warning", False, description, fix)


def _compliance(code: str, description: str, fix: str) -> FindingCode:
    """An error about the department's work, which the site must still publish."""
    return FindingCode(code, "error", False, description, fix)


FINDINGS: tuple[FindingCode, ...] = (
    # --- files and schemas
    _error("yaml-syntax", "YAML 语法错误（含重复的键）", "按提示的行列修正 YAML 语法"),
    _error(
        "yaml-key",
        "字段名不是文字（如漏写字段名、含冒号的文字未加引号）",
        "补上字段名，或给含冒号的文字加引号",
    ),
    _error(
        "file-shape",
        "文件的结构不对：应为记录列表的文件不是列表，或应为一条记录的文件不是映射",
        "参见 records/README.md 的文件格式",
    ),
    _warning(
        "unknown-file",
        "records/ 下不符合任何目录命名规则的文件，已忽略",
        "移到正确的目录、改正文件名，或删除",
    ),
    _error(
        f"{SCHEMA_PREFIX}*",
        "记录不符合 schema；* 为未满足的 JSON Schema 关键字，如 schema-required（缺少必填字段）、schema-type（类型不对）、schema-enum（取值不在允许范围）",
        "按消息中的字段中文名和“应为”说明改正取值",
    ),
    _error("schema-missing", "没有某种记录类型的 schema（安装包不完整）", "重新安装 spotcheck"),
    # --- identities and references
    _error(
        "duplicate-id", "记录编号或抽查任务编号重复", "改用唯一的编号；提示中给出首次出现的文件"
    ),
    _error(
        "unresolved-reference",
        "引用的部门、事项、人员、检查对象等不存在",
        "改正拼写，或先在 records/ 中登记被引用的记录",
    ),
    # --- targets (检查对象名录库)
    _error(
        "uscc-check-character",
        "统一社会信用代码的校验位不正确（GB 32100-2015）",
        "核对营业执照上的代码",
    ),
    _error(
        "industry-code",
        "行业代码不在 GB/T 4754-2017《国民经济行业分类》中",
        "对照 GB/T 4754-2017 改为现行的小类代码",
    ),
    _error("status-history-order", "登记状态变更记录没有按日期先后排列", "按日期先后排列变更记录"),
    _error(
        "status-history-mismatch",
        "登记状态与最后一条变更记录不符",
        "更新登记状态时同时追加变更记录",
    ),
    # --- items (抽查事项清单)
    _error(
        "item-reviewer", "抽查事项不是由区法制部门审核的", "由配置中的法制部门审核后填写审核信息"
    ),
    _error("item-review-date", "已审核的抽查事项没有审核日期", "填写法制审核日期"),
    _error("item-inactive", "抽查任务使用了已停用的抽查事项", "改用清单中在用的事项"),
    _error(
        "item-not-reviewed",
        "抽查任务使用了未通过法制审核的抽查事项",
        "先完成法制审核，再把事项列入任务",
    ),
    # --- inspectors (执法检查人员名录库)
    _error("certificate-duplicate", "两名人员的执法证号相同", "核对并改正执法证号"),
    _error("certificate-dates", "执法证有效期止早于有效期起", "改正执法证有效期"),
    _warning(
        "certificate-expired",
        "执法证已过期，但人员仍为在岗",
        "换发执法证后更新有效期，或将该人员设为不在岗",
    ),
    # --- plans and tasks
    _error("task-window", "任务检查期结束早于开始", "改正检查期"),
    _warning("task-window-year", "任务检查期开始不在计划年度内", "核对计划年度与检查期"),
    _error(
        "too-few-officers",
        "每户检查人员少于两人（行政处罚法第四十二条）",
        "把每户检查人数改为 2 人或以上",
    ),
    _error(
        "joint-departments",
        "联合抽查任务没有配合部门，或配合部门就是牵头部门",
        "填写牵头部门以外的配合部门",
    ),
    _error(
        "task-lead",
        "任务的牵头部门不是编制计划的部门",
        "由编制计划的部门牵头，或把任务移到牵头部门的计划中",
    ),
    _error("strata-duplicate", "任务的分层取值重复", "每个分层取值只写一次"),
    _error("task-size", "任务既没有分层，也没有抽查比例或数量", "填写 strata、ratio 或 count 之一"),
    _error(
        "certificate-window",
        "检查期内执法证有效的在岗人员不够每户所需人数",
        "补充执法人员、更新执法证有效期，或调整检查期",
    ),
    _error("adjustment-version", "计划调整的版本号没有逐次递增", "按调整先后递增版本号"),
    _warning(
        "adjustment-publication",
        "计划调整的公示日期不在调整当季度的最后一周",
        "在季度最后一周公示计划调整",
    ),
    # --- results (抽查结果)
    _error(
        "result-path",
        "结果文件的位置或文件名与任务、检查对象不符",
        "移到 records/results/<年度>/<任务>/<统一社会信用代码>.yaml",
    ),
    _error("result-task", "结果所属的抽查任务不存在", "改为年度抽查计划中的任务编号"),
    _error(
        "result-not-drawn",
        "任务没有有效的抽取结果，或检查对象不在抽取结果中",
        "只为已抽取任务中随机抽中的对象填写结果",
    ),
    _warning(
        "result-reserve",
        "结果是候补对象的（入选对象无法检查时才递补）",
        "确认有入选对象因注销、迁出等原因无法检查",
    ),
    _error(
        "result-officer",
        "检查人员不在名录库中，或（候补对象）不属于任务的参加部门",
        "填写名录库中参加部门的执法人员",
    ),
    _error(
        "result-officer-not-assigned",
        "检查人员不是抽取选派的，也没有替换记录",
        "在 substitutions 中写明原人员、替换人员和原因",
    ),
    _error(
        "result-officer-certificate",
        "检查人员的执法证在检查日无效",
        "由持有效执法证的人员检查，或更新执法证有效期",
    ),
    _error(
        "result-officer-conflict", "检查人员与检查对象有利益冲突，应当回避", "换人并写明替换记录"
    ),
    _error(
        "result-officer-missing",
        "抽取选派的人员没有参加检查，也没有替换记录",
        "选派人员参加检查，或写明替换",
    ),
    _error(
        "result-substitution",
        "替换记录不成立：原人员不是选派人员、仍在检查人员中，或替换人员未参加、是专家",
        "按提示改正 substitutions 或 officers",
    ),
    _error(
        "result-substitution-department",
        "替换人员与原人员不属于同一部门",
        "由同一部门的执法人员替换",
    ),
    _error("result-codes", "“未发现问题”与其他检查结果并用", "“未发现问题”只能单独使用"),
    _error("result-item", "检查事项重复，或不是任务的抽查事项", "每个任务事项填写一次结果"),
    _error(
        "result-item-missing",
        "缺少任务某些事项的检查结果",
        "补充结果；未涉及的事项可填“未发现开展本次抽查涉及的经营活动”",
    ),
    _error("result-method", "检查方式不在本任务事项的检查方式中", "使用抽查事项清单中的检查方式"),
    _error(
        "result-registration",
        "“已注销”“已被吊销”“已迁出”与名录库中的登记状态不符",
        "更正检查结果，或先在名录库中更新登记状态",
    ),
    _error("result-date", "检查完成日期晚于今天、早于抽取日期或早于任务检查期", "改正检查完成日期"),
    _warning(
        "result-date-late",
        "检查完成日期晚于任务检查期结束",
        "核对检查完成日期；检查应在检查期内完成",
    ),
    _error(
        "result-published-date",
        "公示日期早于检查完成日期（错误），或晚于今天（警告）",
        "公示后再填写实际的公示日期",
    ),
    _error(
        "result-correction",
        "更正记录早于公示日期（错误），或结果尚未公示（警告）",
        "更正只用于已公示的结果，日期在公示之后",
    ),
    _error(
        "result-follow-up",
        "发现问题没有后续处置、未发现问题却有处置（警告），或处置期限早于检查（错误）",
        "按检查结果填写或删除后续处置",
    ),
    _error(
        "result-edited-after-publication",
        "已公示的结果被修改，但没有更正记录",
        "在 corrections 中写明更正日期、原因和内容，或撤销修改",
    ),
    # --- deadlines and calendars
    _compliance(
        "deadline-publication-overdue",
        "结果公示期限已过，尚未公示（有逾期说明时为警告）；不阻止网站发布",
        "公示后填写 published；不能按期公示的，填写 delay（逾期说明）",
    ),
    _warning("deadline-publication-near", "距结果公示期限只剩几个工作日，尚未公示", "在期限内公示"),
    _warning("deadline-published-late", "结果公示日期晚于公示期限", "无需修改记录；今后按期公示"),
    _compliance(
        "deadline-inspection-overdue",
        "任务检查期已结束，仍有抽中的对象没有检查结果；不阻止网站发布",
        "为这些对象填写检查结果",
    ),
    _warning(
        "deadline-inspection-near",
        "距任务检查期结束只剩几个工作日，仍有对象没有检查结果",
        "在检查期内完成检查",
    ),
    _warning(
        "calendar-missing",
        "缺少计算期限所需年度的工作日历",
        "按国务院办公厅放假通知添加 records/calendars/<年度>.yaml",
    ),
    _error(
        "calendar-year",
        "工作日历的年度与文件名不符，或列出了其他年度的日期",
        "文件名与 year 一致，只列本年度的日期",
    ),
    _error("calendar-workday", "调休上班日不是星期六或星期日", "只列出周末的调休上班日"),
    _error("calendar-conflict", "同一日期既列为放假日期又列为调休上班日", "每个日期只列在其中之一"),
)

_BY_CODE = {entry.code: entry for entry in FINDINGS}


def finding_code(code: str) -> FindingCode | None:
    """The table's entry for a code (`schema-<keyword>` codes share one entry)."""
    found = _BY_CODE.get(code)
    if found is None and code.startswith(SCHEMA_PREFIX) and code != "schema-missing":
        found = _BY_CODE[f"{SCHEMA_PREFIX}*"]
    return found


def blocks_publication(code: str) -> bool:
    """Whether an error with this code stops the site; an unknown code does (the safe side)."""
    entry = finding_code(code)
    return entry is None or entry.blocks_publication


_LEVEL_NAMES = {"error": "错误", "warning": "警告"}


def reference_markdown() -> str:
    """docs/findings.md: the table for people who read a validation report."""
    lines = [
        "# 校验结果代码一览",
        "",
        "<!-- 由 generator/findings.py 生成：python -m generator.findings > docs/findings.md -->",
        "",
        "`spotcheck validate` 的每条消息带一个代码（`--format json` 的 `code` 字段）。"
        "“阻止发布”为“是”的错误使 `spotcheck build` 不生成网站；"
        "逾期类错误只说明部门的工作未按期完成，网站照常发布并显示逾期。警告从不阻止发布。",
        "",
        "| 代码 | 级别 | 阻止发布 | 含义 | 如何处理 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for entry in FINDINGS:
        cells = [
            f"`{entry.code}`",
            _LEVEL_NAMES[entry.level],
            "是" if entry.blocks_publication else "否",
            entry.description,
            entry.fix,
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(reference_markdown(), end="")
