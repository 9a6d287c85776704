"""The text of a new result file: pre-filled from the draw, with Chinese comments.

Pure: returns YAML text. Every value is a double-quoted JSON string, as `yamlio.dump`
writes them, so the file reads back the same under any YAML version. Fields still to be
filled are left empty on purpose: validation then reports them until the inspector fills
them in, rather than a guess passing as a result.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from spotcheck.model import RESULT_MODELINE, DrawnTarget, TaskRef
from spotcheck.records import RecordSet
from spotcheck.results.deadlines import deadline_working_days
from spotcheck.schemas import SchemaSet


def enum_of(schemas: SchemaSet, kind: str, path: tuple[str | int, ...]) -> list[str]:
    """The allowed values of a field, from its schema (the one list of codes and methods)."""
    schema = schemas.field_schema(kind, path) or {}
    return [str(v) for v in schema.get("enum") or []]


def result_codes(schemas: SchemaSet) -> list[str]:
    return enum_of(schemas, "result", ("items", 0, "codes", 0))


def methods(schemas: SchemaSet) -> list[str]:
    return enum_of(schemas, "result", ("methods", 0))


def follow_up_actions(schemas: SchemaSet) -> list[str]:
    return enum_of(schemas, "result", ("follow_up", 0, "action"))


def _q(value: Any) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def _item_methods(records: RecordSet, item_ids: Sequence[str]) -> list[str]:
    found: list[str] = []
    for item_id in item_ids:
        item = records.get("item", item_id)
        for method in (item.data.get("methods") or []) if item else []:
            if str(method) not in found:
                found.append(str(method))
    return found


def officer_label(records: RecordSet, officer: Mapping[str, Any]) -> str:
    inspector_id = str(officer.get("inspector"))
    inspector = records.get("inspector", inspector_id)
    name = str(inspector.data.get("name", "")) if inspector else ""
    role = officer.get("role")
    return f"{name}{f'（{role}）' if role else ''}".strip() or inspector_id


def new_result_text(
    records: RecordSet, schemas: SchemaSet, task: TaskRef, drawn: DrawnTarget
) -> str:
    target = records.get("target", drawn.target)
    target_name = str(target.data.get("name", "")) if target else ""
    days = deadline_working_days(records)
    codes = result_codes(schemas)
    allowed_methods = _item_methods(records, task.items) or methods(schemas)
    lines = [
        f"# yaml-language-server: $schema={RESULT_MODELINE}",
        f"# 检查结果：{task.task.get('name', task.id)}（{task.id}）",
        f"# 检查对象：{target_name}（{drawn.target}）",
        "# 填写后运行 spotcheck validate 检查；空着的字段会被报告，直到填写完整。",
        "",
        "# 抽查任务编号与检查对象的统一社会信用代码：由抽取结果生成，不要修改。",
        f"task: {_q(task.id)}",
        f"target: {_q(drawn.target)}",
        "",
        f"# 检查完成日期（YYYY-MM-DD）。结果应在此日起 {days} 个工作日内公示"
        "（企业信息公示暂行条例第六条）。",
        'inspection_date: ""',
        "",
        "# 实际参加检查的执法人员编号（至少 2 人）。下面是抽取选派的人员。",
        "# 因回避、请假等换人时：在 officers 中换成替换人员，并在 substitutions 写明原人员、",
        "# 替换人员与原因；替换人员须为同一部门、持有效执法证的执法人员。",
        "officers:",
    ]
    for officer in drawn.officers:
        lines.append(f"  - {_q(officer.get('inspector'))}  # {officer_label(records, officer)}")
    if not drawn.officers:
        lines.append("  # 候补对象没有选派人员：请填写参加本任务部门的执法人员编号")
    lines += [
        "# substitutions:",
        '#   - original: "原抽中人员编号"',
        '#     replacement: "替换人员编号"',
        '#     reason: "替换原因，如：与检查对象有利害关系，依法回避"',
        "",
        "# 检查方式（至少一项）。本任务事项清单列明的方式：" + "、".join(allowed_methods),
        '# 写法示例：methods: ["实地检查", "书面检查"]',
        "methods: []",
        "",
        "# 各抽查事项的检查结果。codes 填一项或多项；“未发现问题”只能单独使用。可选：",
    ]
    lines += [f"#   {code}" for code in codes]
    lines += ["# findings（可选）：检查发现的具体情况。", "items:"]
    for item_id in task.items:
        item = records.get("item", item_id)
        name = str(item.data.get("name", "")) if item else ""
        lines += [f"  - item: {_q(item_id)}  # {name}", "    codes: []", '    # findings: ""']
    lines += [
        "",
        "# 后续处置（发现问题时填写）：action 可选 " + "、".join(follow_up_actions(schemas)) + "；",
        "# due 为整改或处置期限（YYYY-MM-DD），note 为说明。",
        "# follow_up:",
        '#   - action: "责令改正"',
        '#     due: ""',
        '#     note: ""',
        "",
        "# 公示日期：结果公示后填写（YYYY-MM-DD）。",
        "# 公示后如需修改，须同时在 corrections 中追加一条更正记录（日期、原因、更正内容）：",
        "# corrections:",
        '#   - date: ""',
        '#     reason: ""',
        '#     changes: ""',
        '# published: ""',
        "",
        f"# 逾期说明：不能在检查完成后 {days} 个工作日内公示时填写原因（网站仍显示为逾期）：",
        "# delay:",
        '#   reason: ""',
        '#   date: ""',
    ]
    return "\n".join(lines) + "\n"


def new_result_item_text(
    records: RecordSet, schemas: SchemaSet, task: TaskRef, drawn: DrawnTarget
) -> str:
    """A new result as one item of a result list file: the same pre-filled fields as
    `new_result_text`, with short comments (a list file holds up to 2,000 results; the long
    guidance is in the single-file scaffold and the schema)."""
    target = records.get("target", drawn.target)
    target_name = _one_line(str(target.data.get("name", "")) if target else "")
    days = deadline_working_days(records)
    allowed_methods = _item_methods(records, task.items) or methods(schemas)
    lines = [
        f"# {target_name}（{drawn.target}）：spotcheck result new 生成，填写后运行 spotcheck validate",
        f"- task: {_q(task.id)}",
        f"  target: {_q(drawn.target)}",
        f'  inspection_date: ""  # 检查完成日期（YYYY-MM-DD），此后 {days} 个工作日内公示',
        "  officers:  # 实际参加检查的执法人员（换人时写 substitutions）",
    ]
    lines += [
        f"    - {_q(officer.get('inspector'))}  # {_one_line(officer_label(records, officer))}"
        for officer in drawn.officers
    ]
    if not drawn.officers:
        lines[-1] = "  officers: []  # 候补对象没有选派人员：填写参加本任务部门的执法人员编号"
    lines.append("  methods: []  # 可选：" + "、".join(allowed_methods))
    lines.append("  items:  # codes 可选：" + "、".join(result_codes(schemas)))
    for item_id in task.items:
        item = records.get("item", item_id)
        name = str(item.data.get("name", "")) if item else ""
        lines += [f"    - item: {_q(item_id)}  # {_one_line(name)}", "      codes: []"]
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    """Record text inside a comment: a line break would end the comment (and the YAML)."""
    return " ".join(text.split())
