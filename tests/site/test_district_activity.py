"""The benchmark district's draws and results (`benchmarks.synth.activity`), on a small
district: drawn by the real engine, valid, one result per selected target."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from benchmarks import synth
from benchmarks.synth import write_activity
from spotcheck.draw.service import verify
from spotcheck.model import all_tasks
from spotcheck.records import load
from spotcheck.results.calendar import work_calendar
from spotcheck.validation import validate
from tests.fixtures import git

pytestmark = pytest.mark.slow
TODAY = dt.date(2026, 12, 31)


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("bench") / "district"
    patch = pytest.MonkeyPatch()
    # the district's plans, inspectors and calendars, with fewer targets
    patch.setitem(synth.SIZES, "district", {**synth.SIZES["district"], "targets": 3000})
    try:
        synth.write_district(root / "records", "district")
    finally:
        patch.undo()
    return root, write_activity(root, today=TODAY)


def test_every_task_is_drawn_and_every_selected_target_has_a_result(
    district: tuple[Path, dict[str, int]],
) -> None:
    root, counts = district
    records = load(root, use_cache=False)
    assert counts["draws"] == len(all_tasks(records)) == len(records.of("draw"))
    assert counts["results"] == counts["selected"] == len(records.of("result")) > 1000
    results = {(r.data["task"], r.data["target"]): r.data for r in records.of("result")}
    calendar = work_calendar(c.data for c in records.of("calendar"))
    for draw in records.of("draw"):
        assert draw.data["pre_committed"] is False and draw.data["commitment_commit"] is None
        assert draw.path.endswith(f"/{draw.data['task']}/draw.yaml")
        officers = {
            a["target"]: [o["inspector"] for o in a["officers"]] for a in draw.data["assignments"]
        }
        for stratum in draw.data["strata"]:
            for chosen in stratum["selected"]:
                result = results[(draw.data["task"], chosen["target"])]
                assert result["officers"] == officers[chosen["target"]]
                inspected = dt.date.fromisoformat(result["inspection_date"])
                published = dt.date.fromisoformat(result["published"])
                assert inspected <= published <= TODAY
                assert calendar.working_days_between(inspected, published) <= 20
    assert records.config["allow_uncommitted_draws"] is True
    codes = [c for r in results.values() for e in r["items"] for c in e["codes"]]
    assert codes.count("未发现问题") / len(codes) > 0.8
    assert any("follow_up" in r for r in results.values())


def test_the_activity_validates(district: tuple[Path, dict[str, int]]) -> None:
    root, _ = district
    checked = validate(root, today=TODAY, use_cache=False)
    errors = [m.text() for m in checked.messages if m.level == "error"]
    assert not errors, errors[:10]


def test_the_activity_draws_verify(district: tuple[Path, dict[str, int]]) -> None:
    # Written all at once, later draws sit beside earlier ones: recomputing each draw from
    # these records must still give it back (rotation looks only at draws made before it).
    root, counts = district
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "测试员")
    git(root, "config", "user.email", "tester@example.org")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Benchmark district with its activity")
    verdicts = verify(root)
    assert len(verdicts) == counts["draws"]
    assert [v for v in verdicts if not v.ok] == []
