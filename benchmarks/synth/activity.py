"""Draws and inspection results for the synthetic district (benchmark data only).

`write_activity` takes a records tree written by `benchmarks.synth.district.write_district` and, for
every task of its plans in the order of the task windows, draws with the real engine
(`spotcheck.draw.engine.build_commitment` and `compute_draw` on the in-memory `RecordSet`)
and writes a result for every selected target. Each draw is added to the in-memory records
before the next task is drawn, so recent-inspection exclusions and officer rotation see the
history the way they would in a real district.

Benchmark data has no git history that could prove a commitment came before its seed, so the
draws say so: `pre_committed: false`, `commitment_commit: null`, a "manual" seed source, and
the district configuration allows uncommitted draws. Same records and seed, same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spotcheck import __version__, yamlio
from spotcheck.draw.engine import (
    attempt_suffix,
    build_commitment,
    compute_draw,
    draw_folder,
)
from spotcheck.draw.population import ACTIVE_STATUS, REASON_INACTIVE, REASON_OUT_OF_SCOPE
from spotcheck.layout import RESULTS_PER_LIST_FILE, record_id, rule_for
from spotcheck.model import (
    NO_PROBLEM,
    RESULT_LIST_MODELINE,
    RESULT_MODELINE,
    TaskRef,
    all_tasks,
    department_names,
    participating_departments,
    result_list_path,
    result_path,
)
from spotcheck.records import Record, RecordSet, load, read_sources
from spotcheck.results.calendar import WorkCalendar, work_calendar

CHINA = dt.timezone(dt.timedelta(hours=8))
DRAWN_BY = "基准数据生成器"
MODELINE = "../../../../schemas/{kind}.schema.json"  # from records/draws/<year>/<task>/

# (codes of every item, follow-up actions, weight): most inspections find nothing
OUTCOMES: Sequence[tuple[tuple[str, ...], tuple[str, ...], float]] = (
    ((NO_PROBLEM,), (), 88.0),
    (("未发现开展本次抽查涉及的经营活动",), (), 3.0),
    (("发现问题已责令改正",), ("责令改正",), 4.5),
    (("未按规定公示应当公示的信息",), ("责令改正",), 2.0),
    (("发现问题待后续处理",), ("移送办案机构/立案调查",), 1.5),
    (("通过登记的住所（经营场所）无法联系",), ("列入经营异常名录",), 1.0),
)
FINDINGS = {
    "发现问题已责令改正": "现场检查发现台账记录不完整，已当场责令改正。",
    "未按规定公示应当公示的信息": "未按规定公示年度报告中的部分信息。",
    "发现问题待后续处理": "发现涉嫌违法线索，已移送办案机构处理。",
    "通过登记的住所（经营场所）无法联系": "按登记住所实地核查，无法联系。",
}


def _seed(seed: int, task_id: str) -> str:
    # a stand-in for a beacon value: fixed by (seed, task) so the data is reproducible
    return hashlib.sha256(f"spotcheck-bench-{seed}-{task_id}".encode()).hexdigest()


def _at(day: dt.date, hour: int) -> str:
    return dt.datetime.combine(day, dt.time(hour), CHINA).isoformat()


def _working_day_between(
    rng: random.Random, calendar: WorkCalendar, first: dt.date, last: dt.date
) -> dt.date:
    """A random working day in [first, last] (first itself if there is none)."""
    span = (last - first).days
    for _ in range(20):
        day = first + dt.timedelta(days=rng.randrange(span + 1)) if span > 0 else first
        if calendar.is_working_day(day):
            return day
    return first


def _methods(records: RecordSet, items: Sequence[str], rng: random.Random) -> list[str]:
    allowed: list[str] = []
    for item_id in items:
        item = records.get("item", item_id)
        for method in (item.data.get("methods") or []) if item else []:
            if method not in allowed:
                allowed.append(str(method))
    if not allowed:
        return ["书面检查"]
    return allowed[: rng.choice((1, 1, 2))]


def result_record(
    task: TaskRef,
    target: str,
    officers: Sequence[str],
    methods: list[str],
    *,
    drawn_on: dt.date,
    today: dt.date,
    calendar: WorkCalendar,
    rng: random.Random,
) -> dict[str, Any]:
    """One inspection result that passes the result checks (officers as assigned, every item
    of the task, inspected in the window after the draw, published within 20 working days)."""
    start = max(task.window_start or drawn_on, drawn_on + dt.timedelta(days=1))
    end = min(task.window_end or start, today)
    inspected = _working_day_between(rng, calendar, start, max(start, end))
    published = min(calendar.add_working_days(inspected, rng.randrange(1, 21)), today)
    codes, actions, _ = rng.choices(OUTCOMES, weights=[o[2] for o in OUTCOMES])[0]
    items = []
    for n, item in enumerate(task.items):
        # a problem is found on one item (the first); the others are fine
        entry: dict[str, Any] = {"item": item, "codes": list(codes if n == 0 else (NO_PROBLEM,))}
        finding = FINDINGS.get(codes[0]) if n == 0 else None
        if finding:
            entry["findings"] = finding
        items.append(entry)
    data: dict[str, Any] = {
        "task": task.id,
        "target": target,
        "inspection_date": inspected.isoformat(),
        "officers": list(officers),
        "methods": methods,
        "items": items,
    }
    if actions:
        data["follow_up"] = [
            {"action": action, "due": (inspected + dt.timedelta(days=30)).isoformat()}
            for action in actions
        ]
    data["published"] = published.isoformat()
    return data


# What the draw engine reads of a target (scope, status, strata, jurisdiction) and of a result
# (exclusions): the rest (names, addresses, contacts, histories, findings) is left on disk, so a
# city's three million targets and 1.5 million results fit in a few GB while drawing.
TARGET_FIELDS = ("uscc", "industry", "region", "office", "entity_type", "status", "credit_class")


def _slim_target(data: dict[str, Any]) -> dict[str, Any]:
    slim = {key: data[key] for key in TARGET_FIELDS if key in data}
    if data.get("lists"):
        slim["lists"] = [{"list": entry.get("list")} for entry in data["lists"]]
    return slim


def _slim_result(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "task": data["task"],
        "target": data["target"],
        "inspection_date": data["inspection_date"],
        "items": [{"item": entry["item"]} for entry in data["items"]],
    }


def _load_for_drawing(root: Path) -> RecordSet:
    """Every record but the targets as `load` reads them; the targets one file at a time,
    keeping only what drawing needs (`_slim_target`)."""
    files = read_sources(root, use_cache=False)
    is_target = [source.path.startswith("records/targets/") for source in files]
    others = [f for f, t in zip(files, is_target, strict=True) if not t]
    records = load(root, files=others, use_cache=False)
    for source, target in zip(files, is_target, strict=True):
        if target:
            for index, data in enumerate(yamlio.parse(source.text, source.path)):
                slim = _slim_target(data)
                records.add(Record("target", str(slim["uscc"]), slim, source.path, index))
            source._data = None  # a city's target files are 1.3 GB: keep none of them
    return records


def _record(path: str, data: dict[str, Any]) -> Record:
    rule = rule_for(path.removeprefix("records/"))
    assert rule is not None, path
    return Record(rule.kind, record_id(rule, data), data, path)


PREFIX = 3  # industry codes are grouped by section letter + two digits ("F52")


class TaskViews:
    """What the engine needs to see for one task, without paying for the whole district.

    The engine scans every target and every earlier draw and result for each task (~1 s a task
    at district scale, growing with the history). It only needs: the targets the task's scope
    can match, the results of tasks sharing a department with it (exclusions are by item, and
    every item belongs to a participating department) and every earlier draw (rotation). The view is an ordinary `RecordSet` sharing the
    records; `removed_outside` gives the exclusion counts of the targets left out, so the
    commitment states the same totals as a scan of the whole directory would.
    """

    def __init__(self, records: RecordSet) -> None:
        self.records = records
        self.groups: dict[str, list[Record]] = {}
        for target in records.of("target"):
            key = str(target.data.get("industry", ""))[:PREFIX]
            self.groups.setdefault(key, []).append(target)
        self.history: dict[str, list[Record]] = {}  # department → its tasks' results
        self.draws: list[Record] = []

    def targets_for(self, task: TaskRef) -> tuple[list[Record], dict[str, int]]:
        prefixes = [str(p) for p in (task.task.get("scope") or {}).get("industries") or []]
        if not prefixes:
            return self.records.of("target"), {}
        keys = {
            key
            for key in self.groups
            for p in prefixes
            if (key == p[:PREFIX] if len(p) >= PREFIX else key.startswith(p))
        }
        inside = [t for key in sorted(keys) for t in self.groups[key]]
        outside = [t for key in self.groups if key not in keys for t in self.groups[key]]
        inactive = sum(1 for t in outside if t.data.get("status") != ACTIVE_STATUS)
        return inside, {REASON_INACTIVE: inactive, REASON_OUT_OF_SCOPE: len(outside) - inactive}

    def view(self, task: TaskRef) -> tuple[RecordSet, dict[str, int]]:
        targets, removed = self.targets_for(task)
        departments = participating_departments(task.task)
        seen: set[int] = set()
        # Every earlier draw: rotation looks at a target's last draw, whichever department made
        # it.  Results only of the task's departments: exclusions are by item.
        history: dict[str, list[Record]] = {"draw": list(self.draws), "result": []}
        for department in departments:
            for record in self.history.get(department, []):
                if id(record) not in seen:
                    seen.add(id(record))
                    history[record.kind].append(record)
        view = RecordSet(
            records=self.records.records,
            files=self.records.files,
            by_kind={**self.records.by_kind, "target": targets, **history},
            index=self.records.index,
        )
        return view, removed

    def add(self, task: TaskRef, record: Record) -> None:
        self.records.add(record)
        if record.kind == "draw":
            self.draws.append(record)
        elif record.kind == "result":
            for department in participating_departments(task.task):
                self.history.setdefault(department, []).append(record)


def _allow_uncommitted(root: Path) -> None:
    """Benchmark draws have no commitment in git history: say so in the district config."""
    config = root / "records" / "config.yaml"
    text = config.read_text(encoding="utf-8")
    for key in ("allow_uncommitted_draws", "allow_manual_seed"):
        text = text.replace(f"{key}: false", f"{key}: true")
    config.write_text(text, encoding="utf-8")


def write_activity(
    root: Path,
    *,
    seed: int = 2026,
    today: dt.date = dt.date(2026, 12, 31),
    progress: bool = False,
    result_lists: bool = False,
) -> dict[str, int]:
    """Draw every task of the plans under `root/records` and write the results; returns
    counts. `today` bounds inspection and publication dates (validate with a later date).
    With `result_lists`, a task's results go to list files of ≤ 2,000 sorted by credit code
    (`results/<year>/<task>/001.yaml`, …) instead of one file each: the same records."""
    _allow_uncommitted(root)
    records = _load_for_drawing(root)
    names = department_names(records)
    calendar = work_calendar(c.data for c in records.of("calendar"))
    rng = random.Random(f"spotcheck-activity-{seed}")
    views = TaskViews(records)
    # Each task is drawn a few days before its window, and the tasks are drawn in that order:
    # a draw sees only the draws made before it, as in real history.
    drawn_days = {
        task.id: (task.window_start or today) - dt.timedelta(days=rng.randrange(3, 12))
        for task in sorted(all_tasks(records).values(), key=lambda t: t.id)
    }
    tasks = sorted(all_tasks(records).values(), key=lambda t: (drawn_days[t.id], t.id))
    bar: Any = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(tasks), desc="抽取与检查结果", unit="任务")
    counts = {"draws": 0, "population_files": 0, "selected": 0, "results": 0}
    written: set[str] = set()

    def write(path: str, text: str) -> None:
        file = root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")

    for task in tasks:
        drawn_on = drawn_days[task.id]
        drawn_at = _at(drawn_on, 10)
        seed_source = {
            "kind": "manual",
            "note": "基准测试数据：没有事先承诺，种子由生成程序按任务编号确定",
            "available_at": drawn_at,
        }
        view, removed_outside = views.view(task)
        commitment, population_files = build_commitment(
            view,
            task,
            attempt=1,
            seed_source=seed_source,
            committed_at=_at(drawn_on, 9),
            committed_by=DRAWN_BY,
            tool_version=__version__,
        )
        removed = commitment["population"]["removed"]
        for reason, count in removed_outside.items():
            removed[reason] = removed.get(reason, 0) + count
        draw = compute_draw(
            view, commitment, _seed(seed, task.id), commitment_commit=None, names=names
        )
        draw.update(
            {
                "seed_source": seed_source,
                "drawn_at": drawn_at,
                "drawn_by": DRAWN_BY,
                "tool_version": __version__,
            }
        )
        folder = draw_folder(task)
        suffix = attempt_suffix(1)
        for kind, data in (("commitment", commitment), ("draw", draw)):
            path = f"{folder}/{kind}{suffix}.yaml"
            write(path, yamlio.dump(data, MODELINE.format(kind=kind)))
            views.add(task, _record(path, data))
        for path, data in population_files.items():
            if path not in written:
                written.add(path)
                (root / path).parent.mkdir(parents=True, exist_ok=True)
                (root / path).write_bytes(data)
        counts["draws"] += 1
        methods = _methods(records, task.items, rng)
        assigned = {
            str(a["target"]): [str(o["inspector"]) for o in a["officers"]]
            for a in draw["assignments"]
        }
        results: dict[str, dict[str, Any]] = {}
        for target in (str(c["target"]) for s in draw["strata"] for c in s["selected"]):
            officers = assigned.get(target, [])
            results[target] = result_record(
                task,
                target,
                officers,
                methods,
                drawn_on=drawn_on,
                today=today,
                calendar=calendar,
                rng=rng,
            )
        if result_lists:
            ordered = [results[target] for target in sorted(results)]
            for start in range(0, len(ordered), RESULTS_PER_LIST_FILE):
                chunk = ordered[start : start + RESULTS_PER_LIST_FILE]
                path = result_list_path(task, start // RESULTS_PER_LIST_FILE + 1)
                write(path, yamlio.dump(chunk, RESULT_LIST_MODELINE))
                for data in chunk:
                    views.add(task, _record(path, _slim_result(data)))
        else:
            for target, data in results.items():
                path = result_path(task, target)
                write(path, yamlio.dump(data, RESULT_MODELINE))
                views.add(task, _record(path, _slim_result(data)))
        counts["results"] += len(results)
        counts["selected"] += sum(len(s["selected"]) for s in draw["strata"])
        if bar is not None:
            bar.update(1)
            bar.set_postfix(结果=counts["results"])
    if bar is not None:
        bar.close()
    counts["population_files"] = len(written)
    return counts
