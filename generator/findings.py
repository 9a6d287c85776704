"""Every finding code in one table: what it means, how severe it is, whether it stops the site
from being published, and how to fix it.

The table is data (generator/data/findings.tsv, one code a line). The checks give each finding a
code from it; the report decides publication from it
(`spotcheck.report.blocks_publication`), `result import` shows the codes that do not block as
warnings, and the reference `docs/findings.md` is generated from it
(`python -m spotcheck.findings > docs/findings.md`; a test keeps the two in sync).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Literal, cast

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


_DATA_FILE = "findings.tsv"


def _read_table() -> tuple[FindingCode, ...]:
    """generator/data/findings.tsv: a header line, then one code a line ("#" lines are notes)."""
    text = resources.files("spotcheck.data").joinpath(_DATA_FILE).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    header, *entries = rows
    if header != ["code", "level", "blocks_publication", "description", "fix"]:
        raise ValueError(f"{_DATA_FILE}: unexpected header {header}")
    found = []
    for code, level, blocks, description, fix in entries:
        if level not in ("error", "warning") or blocks not in ("yes", "no"):
            raise ValueError(f"{_DATA_FILE}: bad level or blocks_publication for {code}")
        found.append(FindingCode(code, cast(Level, level), blocks == "yes", description, fix))
    return tuple(found)


FINDINGS: tuple[FindingCode, ...] = _read_table()
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
        "<!-- 由 generator/data/findings.tsv 生成：python -m spotcheck.findings > docs/findings.md -->",
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
