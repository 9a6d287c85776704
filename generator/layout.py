"""Where each kind of record lives under `records/` (see records/README.md).

The folder decides the kind; this is the one place that knows the layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RECORDS_DIR = "records"


@dataclass(frozen=True)
class FileRule:
    kind: str
    pattern: re.Pattern[str]
    is_list: bool  # a YAML sequence of records rather than one mapping
    id_field: str  # the field that names a record of this kind
    markdown: bool = False  # Markdown with YAML front matter


FILE_RULES: tuple[FileRule, ...] = (
    FileRule("config", re.compile(r"^config\.ya?ml$"), False, "district"),
    FileRule("department", re.compile(r"^departments/[^/]+\.ya?ml$"), False, "id"),
    FileRule("item", re.compile(r"^items/[^/]+\.ya?ml$"), True, "id"),
    FileRule("target", re.compile(r"^targets/(?:[^/]+/)*[^/]+\.ya?ml$"), True, "uscc"),
    FileRule("inspector", re.compile(r"^inspectors/[^/]+\.ya?ml$"), True, "id"),
    FileRule("rules", re.compile(r"^rules/[^/]+\.md$"), False, "id", markdown=True),
    FileRule("plan", re.compile(r"^plans/\d{4}/[^/]+\.ya?ml$"), False, "id"),
    FileRule("calendar", re.compile(r"^calendars/\d{4}\.ya?ml$"), False, "year"),
    FileRule(
        "commitment", re.compile(r"^draws/\d{4}/[^/]+/commitment(-\d+)?\.ya?ml$"), False, "task"
    ),
    FileRule("draw", re.compile(r"^draws/\d{4}/[^/]+/draw(-\d+)?\.ya?ml$"), False, "task"),
    FileRule("reveal", re.compile(r"^draws/\d{4}/[^/]+/reveal(-\d+)?\.ya?ml$"), False, "task"),
    FileRule("void", re.compile(r"^draws/\d{4}/[^/]+/void-\d+\.ya?ml$"), False, "task"),
    # A task's results: one file per result named by the target's credit code, or list files
    # named by a number (see RESULT_LIST_NAME); the name decides the shape, before parsing.
    FileRule("result", re.compile(r"^results/\d{4}/[^/]+/\d{1,6}\.ya?ml$"), True, "target"),
    FileRule("result", re.compile(r"^results/\d{4}/[^/]+/[^/]+\.ya?ml$"), False, "target"),
    FileRule("approval", re.compile(r"^approvals/[a-z]+/[^/]+/[^/]+\.ya?ml$"), False, "digest"),
)

KIND_TITLES = {
    "config": "区级配置",
    "department": "部门",
    "item": "抽查事项",
    "target": "检查对象",
    "inspector": "检查人员",
    "rules": "实施细则",
    "plan": "年度抽查计划",
    "calendar": "工作日历",
    "commitment": "抽取承诺",
    "draw": "抽取结果",
    "reveal": "种子揭示",
    "void": "作废记录",
    "result": "抽查结果",
    "approval": "法制审核记录",
}

# A result list file's name: a number of up to six digits (`001.yaml`, as targets' files); a
# credit code has 18 characters, so a file named by one is always a single result.
RESULT_LIST_NAME = re.compile(r"^\d{1,6}\.ya?ml$")
RESULTS_PER_LIST_FILE = 2000  # `result new` starts a task's next list file here (as targets)


# A commitment's trusted timestamp (RFC 3161 token over the commitment file, DER), beside it.
TIMESTAMP_TOKEN = re.compile(r"^draws/\d{4}/[^/]+/commitment(-\d+)?\.tsr$")

# Files under records/ that are not records (evidence, trust anchors, documentation).
IGNORED = re.compile(
    r"(^|/)README\.md$|^draws/populations/[0-9a-f]{64}\.txt$|(^|/)\."
    r"|^trust/(?:[^/]+/)*[^/]+\.(?:pem|crt|cer|der)$"
    rf"|{TIMESTAMP_TOKEN.pattern}"
)


# Rules by the first folder of their paths, so a path is matched against a few patterns only.
_RULES_BY_TOP: dict[str, tuple[FileRule, ...]] = {}
for _rule in FILE_RULES:
    _top = _rule.pattern.pattern.lstrip("^").split("/")[0].split("\\")[0]
    _RULES_BY_TOP[_top] = (*_RULES_BY_TOP.get(_top, ()), _rule)


def rule_for(relative: str) -> FileRule | None:
    """The rule for a path relative to records/ (POSIX separators), or None."""
    top = relative.split("/", 1)[0] if "/" in relative else relative.split(".", 1)[0]
    for rule in _RULES_BY_TOP.get(top, FILE_RULES):
        if rule.pattern.match(relative):
            return rule
    return None


def record_id(rule: FileRule, data: dict[str, object]) -> str:
    """A record's id for messages and cross-references."""
    if rule.kind == "result":
        return f"{data.get('task', '?')}/{data.get('target', '?')}"
    if rule.kind in ("commitment", "draw", "void", "reveal"):
        attempt = data.get("attempt", 1)
        suffix = "" if attempt == 1 else f"#{attempt}"
        return f"{data.get('task', '?')}{suffix}" + ("（作废）" if rule.kind == "void" else "")
    if rule.kind == "config":
        return "config"
    if rule.kind == "approval":  # one record per approved version
        return f"{data.get('subject', '?')}@{str(data.get('digest', '?'))[:12]}"
    value = data.get(rule.id_field)
    return str(value) if value is not None else "?"


def is_result_list(path: str) -> bool:
    """Whether a path (from the repository root or records/) is a result list file."""
    relative = path.removeprefix(f"{RECORDS_DIR}/")
    rule = rule_for(relative)
    return rule is not None and rule.kind == "result" and rule.is_list


def result_list_name(number: int) -> str:
    """The file name of a task's `number`-th result list file: 001.yaml, 002.yaml, …"""
    return f"{number:03d}.yaml"
