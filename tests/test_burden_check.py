"""`validate` warns when this year's plans could inspect one business too often."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from spotcheck import yamlio
from spotcheck.validation import validate
from tests.fixtures import make_district


def burden_messages(
    root: Path, limit: int | None, today: dt.date = dt.date(2026, 3, 1)
) -> list[str]:
    path = root / "records/config.yaml"
    config = yamlio.parse(path.read_text(encoding="utf-8"), "config.yaml")
    config.pop("max_inspections_per_business", None)
    if limit is not None:
        config["max_inspections_per_business"] = limit
    path.write_text(yamlio.dump(config), encoding="utf-8")
    report = validate(root, today=today, use_cache=False)
    return [m.text() for m in report.messages if m.code == "plan-burden"]


def test_burden_over_the_limit_suggests_a_joint_task(tmp_path: Path) -> None:
    root = make_district(tmp_path / "d", commit=False)
    targets = yamlio.parse(
        (root / "records/targets/440114001/001.yaml").read_text(encoding="utf-8"), "t"
    )
    active = sum(1 for t in targets if t["status"] == "存续")
    # every target is H6210: inside 2026-SCJG-01 (all) and 2026-SCJG-02 (H62)
    [message] = burden_messages(root, 1)
    assert (
        f"{active} 户市场主体同时在 2 个抽查任务的范围内（2026-SCJG-01、2026-SCJG-02）" in message
    )
    assert "超过每户每年 1 次" in message and "跨部门联合抽查" in message
    assert burden_messages(root, 2) == []
    assert burden_messages(root, None) == []
    # a past year's plans are not warned about
    assert burden_messages(root, 1, today=dt.date(2027, 1, 5)) == []
