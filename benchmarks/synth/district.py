"""Deterministic synthetic records for a whole district, in the records/ layout.

Used for the shipped example (花都区, scale "example") and for benchmark data (scale
"district": 200k targets). Everything comes from one seeded `random.Random`, so the same seed
gives byte-identical files. All people, businesses, phone numbers and credit codes are
fictional (codes are well-formed with correct check characters, nothing more). The tables
(names, departments, items, industry mix, the example's plans) are data files in `data/`, read
by `benchmarks.synth.tables`; this module only draws from them.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import astuple, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import chinese_calendar

from benchmarks.synth import tables
from benchmarks.synth.tables import Dept
from spotcheck import yamlio
from spotcheck.uscc import ALPHABET, make_code

Scale = Literal["example", "district", "city"]

SCHEMA_FILES = {
    "config": "config.schema.json",
    "department": "department.schema.json",
    "item": "editor/item-list.schema.json",
    "target": "editor/target-list.schema.json",
    "inspector": "editor/inspector-list.schema.json",
    "rules": "rules.schema.json",
    "plan": "plan.schema.json",
    "calendar": "calendar.schema.json",
}


class Writer:
    """Writes records under `root`, each YAML file starting with its schema modeline."""

    def __init__(self, root: Path, schemas_dir: Path) -> None:
        self.root = root
        self.schemas_dir = schemas_dir
        self.files = 0

    def modeline(self, kind: str, path: Path) -> str:
        schema = self.schemas_dir / SCHEMA_FILES[kind]
        rel = Path(os.path.relpath(schema, path.parent)).as_posix()
        return f"# yaml-language-server: $schema={rel}\n"

    def yaml(self, rel_path: str, kind: str, data: Any) -> None:
        path = self.root / rel_path
        self._write(path, self.modeline(kind, path) + yamlio.dump(data))

    def markdown(self, rel_path: str, kind: str, front: dict[str, Any], body: str) -> None:
        path = self.root / rel_path
        text = f"---\n{self.modeline(kind, path)}{yamlio.dump(front)}---\n\n{body.strip()}\n"
        self._write(path, text)

    def _write(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.files += 1


def _find_schemas_dir(out_dir: Path) -> Path:
    """The repository's schemas/ above out_dir; else the sibling of out_dir (records/ layout)."""
    here = out_dir.resolve()
    for candidate in (here, *here.parents):
        if (candidate / "schemas" / "common.schema.json").is_file():
            return candidate / "schemas"
    return here.parent / "schemas"


# The item levels and methods that district-scale (synthetic) items use.
FIELD, WRITTEN = "实地检查", "书面检查"
GEN, KEY = "一般检查事项", "重点检查事项"


# ---------------------------------------------------------------------------------------------
# Names (fictional: surname + one or two given-name characters drawn at random).


def person_name(rng: random.Random, female: bool | None = None) -> str:
    if female is None:
        female = rng.random() < 0.45
    chars = tables.names()
    pool = chars["female_given"] if female else chars["male_given"]
    given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.75 else "")
    return rng.choice(chars["surnames"]) + given


def mobile(rng: random.Random) -> str:
    return rng.choice(("13", "15", "18", "17", "19")) + f"{rng.randrange(10**9):09d}"


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(rng: random.Random, female: bool) -> str:
    """A well-formed (fictional) resident ID with the district prefix and ISO 7064 check."""
    birth = date(1966, 1, 1) + timedelta(days=rng.randrange(365 * 33))
    seq = rng.randrange(50) * 2 + (0 if female else 1) + rng.randrange(5) * 100
    body = f"440114{birth:%Y%m%d}{seq:03d}"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]
    return body + check


_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def org_code(rng: random.Random, new_style: bool) -> str:
    """9-char organisation code with its GB 11714 check digit (MA… since the 2015 reform)."""
    if new_style:
        body = "MA" + "".join(rng.choice(ALPHABET) for _ in range(6))
    else:
        body = f"{rng.randrange(10**7, 10**8)}"
    check = 11 - sum(_org_value(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def _iso(day: date) -> str:
    return day.isoformat()


def _rand_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


@dataclass(frozen=True)
class Place:
    """A street or town as targets see it: its region, and the district it belongs to."""

    code: str
    name: str
    short_name: str
    office_suffix: str
    division: str  # the district's 6-digit division code, in its businesses' credit codes
    city_prefix: str  # "广州市花都区", the start of individual businesses' names and addresses
    district_short: str  # "花都", in branch offices' names


def places(scale: Scale) -> list[Place]:
    """The streets and towns: the example district's ten, or ten in each of the city's eleven
    districts (codes division + the street's last three digits, offices SCJG-<nn><suffix>)."""
    words = tables.vocabulary()
    base = tables.regions()
    if scale != "city":
        division, prefix = words["district"]["code"], words["city_prefix"]
        short = words["district"]["name"].removesuffix("区")
        return [Place(*astuple(r), division, prefix, short) for r in base]
    return [
        Place(
            f"{d.code}{r.code[-3:]}",
            f"{d.short_name}{r.name}",
            f"{d.short_name}{r.short_name}",
            f"{d.code[-2:]}{r.office_suffix}",
            d.code,
            f"广州市{d.name}",
            d.short_name,
        )
        for d in tables.city_districts()
        for r in base
    ]


@dataclass
class Context:
    rng: random.Random
    scale: Scale
    depts: list[Dept]
    offices: list[dict[str, Any]] = field(default_factory=list)
    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    targets: list[dict[str, Any]] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    living: list[str] = field(default_factory=list)  # credit codes of 存续 targets, in order


def _weighted(rng: random.Random, pairs: list[tuple[Any, float]]) -> Any:
    values = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return rng.choices(values, weights)[0]


# ---------------------------------------------------------------------------------------------
# Builders


def _departments(ctx: Context) -> list[Dept]:
    depts = list(tables.example_departments())
    if ctx.scale != "example":
        for extra in tables.district_departments():
            depts.append(
                Dept(
                    extra.id,
                    f"广州市花都{extra.name[1:]}",
                    extra.short_name,
                    f"{extra.short_name}执法队",
                    (extra.field,),
                )
            )
    return depts


def _department_record(ctx: Context, dept: Dept) -> dict[str, Any]:
    rng = ctx.rng
    roles = ["科室负责人", "法制审核员", "业务骨干"]
    reviewers = []
    for n in range(rng.choice((2, 3))):
        name = person_name(rng)
        reviewers.append(
            {
                "name": name,
                "github": f"{dept.id.lower()}-reviewer-{n + 1}-example",
                "role": "法制审核员" if dept.is_legal_office else roles[n],
            }
        )
    return {
        "id": dept.id,
        "name": dept.name,
        "short_name": dept.short_name,
        "is_legal_office": dept.is_legal_office,
        "reviewers": reviewers,
        # the platform team that reviews the department's files (CODEOWNERS); invented
        "code_owners": [f"@example/{dept.id.lower()}-reviewers"],
        "office_phone": f"020-{rng.randrange(3690, 3699)}{rng.randrange(10000):04d}",
    }


def _offices(ctx: Context) -> list[dict[str, Any]]:
    all_regions = [r.code for r in ctx.places]
    offices = [
        {
            "id": f"SCJG-{place.office_suffix}",
            "name": f"{place.short_name}市场监管所",
            "department": "SCJG",
            "regions": [place.code],
        }
        for place in ctx.places
    ]
    for dept in ctx.depts:
        if dept.office:
            offices.append(
                {
                    "id": f"{dept.id}-ZD",
                    "name": dept.office,
                    "department": dept.id,
                    "regions": all_regions,
                }
            )
    return offices


def _items(ctx: Context, legal: str) -> dict[str, list[dict[str, Any]]]:
    rng = ctx.rng
    result: dict[str, list[dict[str, Any]]] = {}
    review_day = date(2025, 12, 10)
    specs: dict[str, list[dict[str, Any]]] = dict(tables.example_items())
    if ctx.scale != "example":
        for extra in tables.district_departments():
            fld = extra.field
            specs[extra.id] = [
                {
                    "category": f"{fld}监督检查",
                    "name": f"{fld}{aspect}的检查",
                    "target_type": fld,
                    "level": KEY if n % 4 == 0 else GEN,
                    "methods": [FIELD, WRITTEN],
                    "legal_basis": [{"law": extra.law, "article": "监督检查有关条款"}],
                    "content": f"{fld}{aspect}是否符合法律法规规定。",
                    "remarks": "基准测试用合成事项",
                }
                for n, aspect in enumerate(tables.vocabulary()["district_aspects"])
            ]
    for dept_id, item_specs in specs.items():
        records = []
        for n, spec in enumerate(item_specs, 1):
            pending = n == len(item_specs) and dept_id in ("SCJG", "JTJ")
            review: dict[str, Any] = {
                "status": "待审核" if pending else "已审核",
                "reviewer": legal,
            }
            if not pending:
                review["date"] = _iso(review_day - timedelta(days=rng.randrange(40)))
                review["reference"] = f"花法审〔2025〕{rng.randrange(10, 99)}号"
            records.append(
                {
                    "id": f"{dept_id}-{n:03d}",
                    "department": dept_id,
                    **spec,
                    "methods": list(spec["methods"]),
                    "legal_basis": [dict(basis) for basis in spec["legal_basis"]],
                    "active": not pending,
                    "legal_review": review,
                }
            )
        result[dept_id] = records
    return result


def _trade_name(rng: random.Random) -> str:
    chars = tables.names()["trade_chars"]
    return rng.choice(chars) + rng.choice(chars)


class TargetMaker:
    """Makes one fictional target at a time (unique names and credit codes across calls)."""

    def __init__(self, ctx: Context) -> None:
        rng = self.rng = ctx.rng
        self.chars, self.words = tables.names(), tables.vocabulary()
        self.cooperatives = tables.cooperative_industries()
        self.company_types = tables.weighted("company_types")
        self.mix = [(astuple(m), m.weight) for m in tables.industry_mix()]
        road_chars, road_kinds = self.chars["road_chars"], self.chars["road_kinds"]
        self.roads = {
            place.code: [
                rng.choice(road_chars) + rng.choice(road_chars) + rng.choice(road_kinds)
                for _ in range(14)
            ]
            for place in ctx.places
        }
        self.seen_codes: set[str] = set()
        self.seen_names: set[str] = set()

    def make(self, place: Place) -> dict[str, Any]:
        rng, chars, words = self.rng, self.chars, self.words
        reform = date(2015, 10, 1)
        today = date(2026, 1, 1)
        code, short, suffix, city = (
            place.code,
            place.short_name,
            place.office_suffix,
            place.city_prefix,
        )
        roll = rng.random()
        if roll < 0.012:
            industry, core = rng.choice(self.cooperatives)
            entity_type, kind_char = "农民专业合作社", "3"
        else:
            industry, _w, company_core, indiv_core = _weighted(rng, self.mix)
            individual = indiv_core is not None and (company_core is None or rng.random() < 0.6)
            if individual:
                entity_type, kind_char, core = "个体工商户", "2", indiv_core
            else:
                entity_type, kind_char = _weighted(rng, self.company_types), "1"
                core = company_core
        established = _rand_date(rng, date(2003, 1, 1), date(2025, 10, 31))
        while True:
            tn = (
                _trade_name(rng)
                if rng.random() < 0.9
                else _trade_name(rng) + rng.choice(chars["trade_chars"])
            )
            if entity_type in ("个体工商户", "农民专业合作社"):
                name = f"{city}{short}{tn}{core}"
            elif entity_type == "分支机构":
                name = f"广州{tn}{core}{place.district_short}{short}分公司"
            elif entity_type == "股份有限公司":
                name = f"广州{tn}{core.replace('有限公司', '股份有限公司')}"
            elif entity_type in ("个人独资企业", "合伙企业"):
                form = "（个人独资）" if entity_type == "个人独资企业" else "（有限合伙）"
                name = f"{city}{tn}{core.removesuffix('有限公司')}{form}"
            else:
                name = f"{rng.choice(('广州', '广州市', city))}{tn}{core}"
            if name not in self.seen_names:
                self.seen_names.add(name)
                break
        while True:
            uscc = make_code("9", kind_char, place.division, org_code(rng, established >= reform))
            if uscc not in self.seen_codes:
                self.seen_codes.add(uscc)
                break
        history = [{"event": "设立", "date": _iso(established)}]
        if rng.random() < 0.05:
            history.append(
                {"event": "迁入", "date": _iso(_rand_date(rng, established, date(2025, 11, 30)))}
            )
        roll = rng.random()
        status = "存续"
        if roll < 0.08:
            status = _weighted(rng, [("注销", 4), ("吊销", 2), ("迁出", 2)])
            event_day = _rand_date(rng, date.fromisoformat(history[-1]["date"]), today)
            history.append({"event": status, "date": _iso(event_day)})
        lists = []
        roll = rng.random()
        earliest = established + timedelta(days=400)  # listed after a missed annual report
        if roll < 0.04 and earliest < today:
            since = _rand_date(rng, earliest, today)
            if since < today:
                lists.append(
                    {
                        "list": "经营异常名录",
                        "since": _iso(since),
                        "reason": rng.choice(words["abnormal_reasons"]),
                    }
                )
                if roll < 0.005 and since < date(2022, 12, 31):
                    lists.append(
                        {
                            "list": "严重违法失信名单",
                            "since": _iso(since + timedelta(days=3 * 365 + 30)),
                            "reason": words["serious_reason"],
                        }
                    )
        if any(x["list"] == "严重违法失信名单" for x in lists):
            credit = "D"
        elif lists:
            credit = _weighted(rng, [("C", 6), ("D", 4)])
        else:
            credit = _weighted(rng, [("A", 42), ("B", 46.5), ("C", 10), ("D", 1.5)])
        contact: dict[str, Any] = {"phone": mobile(rng)}
        if entity_type != "个体工商户" and rng.random() < 0.4:
            contact["email"] = f"hd{rng.randrange(10**7):07d}@example.com"
        address = f"{city}{short}{rng.choice(self.roads[code])}{rng.randrange(1, 300)}号"
        if rng.random() < 0.4:
            address += rng.choice(
                (
                    "首层",
                    f"{rng.randrange(1, 8)}0{rng.randrange(1, 9)}房",
                    f"{rng.choice('ABCD')}栋{rng.randrange(1, 6)}楼",
                )
            )
        return {
            "uscc": uscc,
            "name": name,
            "address": address,
            "legal_representative": person_name(rng),
            "contact": contact,
            "entity_type": entity_type,
            "industry": industry,
            "region": code,
            "office": f"SCJG-{suffix}",
            "status": status,
            "status_history": history,
            "credit_class": credit,
            "lists": lists,
        }


def _targets(ctx: Context, count: int, tick: Callable[[], None]) -> list[dict[str, Any]]:
    """A district's targets, each in a street or town drawn at random."""
    maker = TargetMaker(ctx)
    targets = []
    for _ in range(count):
        place = ctx.places[ctx.rng.randrange(len(ctx.places))]
        targets.append(maker.make(place))
        tick()
    return targets


def _inspectors(ctx: Context, per_dept: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    rng = ctx.rng
    scjg_offices = [f"SCJG-{place.office_suffix}" for place in ctx.places]
    cert_seq = 0
    result: dict[str, list[dict[str, Any]]] = {}
    all_people: list[dict[str, Any]] = []
    for d_index, dept in enumerate(ctx.depts):
        people = []
        for n in range(1, per_dept.get(dept.id, 0) + 1):
            cert_seq += 1
            female = rng.random() < 0.4
            if ctx.scale != "example":
                # five years of plans (2022-2026): certificates must cover every task window
                valid_from = _rand_date(rng, date(2018, 1, 1), date(2021, 12, 31))
                until = date(valid_from.year + 10, valid_from.month, 1) - timedelta(days=1)
            else:
                valid_from = _rand_date(rng, date(2023, 1, 1), date(2025, 10, 31))
                until = date(valid_from.year + 5, valid_from.month, 1) - timedelta(days=1)
            office = (
                scjg_offices[(n - 1) % len(scjg_offices)] if dept.id == "SCJG" else f"{dept.id}-ZD"
            )
            expertise = rng.sample(dept.expertise, k=min(len(dept.expertise), rng.choice((1, 2))))
            people.append(
                {
                    "id": f"{dept.id}-P{n:03d}" if n < 1000 else f"{dept.id}-P{n}",
                    "name": person_name(rng, female),
                    "gender": "女" if female else "男",
                    "id_number": id_number(rng, female),
                    "phone": mobile(rng),
                    "title": _weighted(rng, tables.weighted("titles")),
                    "department": dept.id,
                    "certificate": {
                        "number": f"44011401{d_index:02d}{cert_seq:05d}",
                        "valid_from": _iso(valid_from),
                        "valid_until": _iso(until),
                    },
                    "expertise": expertise,
                    "office": office,
                    "expert": rng.random() < 0.07,
                    "active": True,
                    "conflicts": [],
                }
            )
        result[dept.id] = people
        all_people.extend(people)
    if not all_people:
        return result
    # Special cases the draw code must handle: expired / expiring certificates, inactive staff,
    # declared conflicts. Chosen deterministically from the seeded generator.
    picks = rng.sample(all_people, k=min(len(all_people), 10))
    expired, expiring, *rest = picks
    expired["certificate"].update(valid_from="2020-01-01", valid_until="2025-12-31")
    expiring["certificate"].update(valid_from="2021-07-01", valid_until="2026-06-30")
    for person in rest[:3]:
        person["active"] = False
    living = ctx.living
    for person in rest[3:6]:
        if living:
            person["conflicts"].append(
                {
                    "target": rng.choice(living),
                    "reason": rng.choice(tables.vocabulary()["conflict_reasons"]),
                }
            )
    return result


def _rules(ctx: Context, dept: Dept) -> tuple[dict[str, Any], str]:
    rng = ctx.rng
    objects = "、".join(dict.fromkeys(i["target_type"] for i in ctx.items.get(dept.id, [])))
    body = tables.rules_template().format(
        name=dept.name,
        field="、".join(dept.expertise[:3]),
        objects=objects or "检查对象",
        extra=dept.rules_extra,
        short=dept.short_name,
    )
    issued = date(2017, 10, 18) + timedelta(days=rng.randrange(3))
    version = 1
    if rng.random() < 0.5:
        issued, version = date(2023, 3, 1) + timedelta(days=rng.randrange(200)), 2
    prefix = dept.reference_prefix or "花" + dept.short_name.removeprefix("区")[:2]
    front = {
        "id": f"{dept.id}-RULES",
        "department": dept.id,
        "title": f"{dept.name}“双随机、一公开”监管实施细则",
        "issued": _iso(issued),
        "reference": f"{prefix}〔{issued.year}〕{rng.randrange(1, 60)}号",
        "version": version,
    }
    return front, body


def _strata(groups: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Strata by credit class: `groups` of {value, ratio} (default: vocabulary's credit_strata)."""
    groups = tables.vocabulary()["credit_strata"] if groups is None else groups
    return {"field": "credit_class", "groups": [dict(g) for g in groups]}


def _task(
    plan_id: str,
    n: int,
    name: str,
    task_type: str,
    items: list[str],
    scope: dict[str, Any],
    window: tuple[str, str],
    lead: str,
    **extra: Any,
) -> dict[str, Any]:
    task: dict[str, Any] = {
        "id": f"{plan_id}-{n:02d}",
        "name": name,
        "type": task_type,
        "items": items,
        "scope": scope,
    }
    sampling = {k: extra.pop(k) for k in ("strata", "ratio", "count") if k in extra}
    task.update(sampling or {"strata": _strata()})
    task["exclusions"] = {"inspected_within_months": 12}
    task["reserves"] = extra.pop("reserves", 3)
    task["window"] = {"start": window[0], "end": window[1]}
    task["lead_department"] = lead
    task["cooperating_departments"] = extra.pop("cooperating", [])
    if task["cooperating_departments"]:
        task["joint"] = True
    task["officers_per_target"] = extra.pop("officers", 2)
    task["cross_jurisdiction"] = extra.pop("cross", False)
    task["since_version"] = extra.pop("since_version", 1)
    if extra:
        raise TypeError(f"unknown task options {sorted(extra)}")
    return task


def _example_plans() -> dict[tuple[int, str], dict[str, Any]]:
    """The hand-shaped plans of the example district (data/example_plans.yaml)."""
    data = tables.example_plans()
    year = int(data["year"])
    departments = {d.id: d for d in tables.example_departments()}
    plans: dict[tuple[int, str], dict[str, Any]] = {}
    for dept_id, spec in data["plans"].items():
        dept, plan_id = departments[dept_id], f"{year}-{dept_id}"
        tasks = []
        for n, task in enumerate(spec["tasks"], 1):
            options = {k: v for k, v in task.items() if k not in _TASK_FIELDS}
            if "strata" in options:
                options["strata"] = _strata(options["strata"])
            window = (task["window"]["start"], task["window"]["end"])
            tasks.append(
                _task(
                    plan_id,
                    n,
                    task["name"],
                    task["type"],
                    list(task["items"]),
                    task["scope"],
                    window,
                    dept_id,
                    **options,
                )
            )
        plans[(year, dept_id)] = {
            "id": plan_id,
            "year": year,
            "department": dept_id,
            "title": f"{dept.short_name}{year}年度“双随机、一公开”抽查工作计划",
            "published": f"{year}-01-{10 + len(dept_id):02d}",
            "adjustments": spec.get("adjustments", []),
            "tasks": tasks,
        }
    return plans


# Keys of a task in example_plans.yaml that are not `_task` options.
_TASK_FIELDS = ("name", "type", "items", "scope", "window")


def _district_plans(ctx: Context, years: Iterable[int]) -> dict[tuple[int, str], dict[str, Any]]:
    """Generic plans for benchmark data: 2 tasks a department a year, some joint.

    Ratios are tuned so that drawing every task (`benchmarks.synth.activity`) selects about
    100,000 targets over the five years, the size issue #5 asks the site to handle."""
    rng = ctx.rng
    # lower than the example's ratios: 290 tasks over 200,000 targets would otherwise draw ~280k
    district_strata = [
        {"value": v, "ratio": r} for v, r in (("A", 0.01), ("B", 0.02), ("C", 0.1), ("D", 0.3))
    ]
    industries = sorted({m.code[:3] for m in tables.industry_mix()})
    enforcing = [d for d in ctx.depts if not d.is_legal_office]
    plans: dict[tuple[int, str], dict[str, Any]] = {}
    for year in years:
        for dept in enforcing:
            pid = f"{year}-{dept.id}"
            # plans may only use active, legally reviewed items
            items = [i["id"] for i in ctx.items[dept.id] if i["active"]]
            tasks = []
            for n in range(1, 3):
                start = date(year, 1, 1) + timedelta(days=rng.randrange(60, 240))
                end = start + timedelta(days=rng.randrange(30, 100))
                coop = []
                chosen = rng.sample(items, k=min(len(items), rng.choice((1, 2, 3))))
                if rng.random() < 0.15:
                    partner = rng.choice([d for d in enforcing if d.id != dept.id])
                    coop = [partner.id]
                    chosen.append(
                        rng.choice([i for i in ctx.items[partner.id] if i["active"]])["id"]
                    )
                sampling: dict[str, Any]
                roll = rng.random()
                if roll < 0.7:
                    sampling = {"strata": _strata(district_strata)}
                elif roll < 0.85:
                    sampling = {"ratio": rng.choice((0.01, 0.02, 0.03))}
                else:
                    sampling = {"count": rng.randrange(20, 200)}
                scope = {"industries": rng.sample(industries, k=rng.randrange(1, 4))}
                tasks.append(
                    _task(
                        pid,
                        n,
                        f"{dept.short_name}{year}年第{n}批抽查",
                        rng.choice(("定向", "不定向")),
                        chosen,
                        scope,
                        (_iso(start), _iso(end)),
                        dept.id,
                        cooperating=coop,
                        cross=dept.id == "SCJG",
                        **sampling,
                    )
                )
            plans[(year, dept.id)] = {
                "id": pid,
                "year": year,
                "department": dept.id,
                "title": f"{dept.short_name}{year}年度“双随机、一公开”抽查工作计划",
                "published": f"{year}-01-{rng.randrange(5, 25):02d}",
                "adjustments": [],
                "tasks": tasks,
            }
    return plans


def calendar_record(year: int) -> dict[str, Any]:
    """Holidays (with weekends inside holiday blocks) and make-up workdays (chinese_calendar)."""
    holidays = sorted(d for d in chinese_calendar.constants.holidays if d.year == year)
    workdays = sorted(d for d in chinese_calendar.constants.workdays if d.year == year)
    if not holidays:
        raise ValueError(f"chinese_calendar does not know {year}")
    return {
        "year": year,
        "source": tables.vocabulary()["calendar_sources"].get(
            str(year), "国务院办公厅放假安排通知"
        ),
        "holidays": [_iso(d) for d in holidays],
        "workdays": [_iso(d) for d in workdays],
    }


def _config(ctx: Context) -> dict[str, Any]:
    words = tables.vocabulary()
    config: dict[str, Any] = {
        "district": dict(words["district"]),
        "regions": [{"code": r.code, "name": r.name} for r in ctx.places],
        "offices": [],  # filled by write_district
        "legal_office": "FZB",
        "allow_manual_seed": False,
        "allow_uncommitted_draws": False,
        "result_deadline_working_days": 20,
        "site": dict(words["site"]),
    }
    if ctx.scale == "city":
        config["district"] = {"name": "广州市", "code": "440100"}
        # SCJG's ~18,600 officers in one file, and the largest draws (15 × 1.9 MB ≈ 28 MB)
        # are over the district defaults (5,000 records, 16 MB), within the bounds
        config["limits"] = {"records_per_file": 20000, "file_bytes": 64 * 1024 * 1024}
    return config


def _write_region(writer: Writer, region: str, targets: list[dict[str, Any]]) -> None:
    """One street's targets, sorted by credit code, in files of TARGETS_PER_FILE."""
    targets.sort(key=lambda t: t["uscc"])
    for n, chunk in enumerate(_chunks(targets, TARGETS_PER_FILE), 1):
        writer.yaml(f"targets/{region}/{n:03d}.yaml", "target", chunk)


def _write_city_targets(ctx: Context, writer: Writer, count: int, tick: Callable[[], None]) -> int:
    """Stream a city's targets, one street at a time: memory holds one street (~27,000
    targets), the credit codes and names seen (for uniqueness) and the living targets' codes."""
    maker = TargetMaker(ctx)
    share, extra = divmod(count, len(ctx.places))
    for n, place in enumerate(ctx.places):
        targets = []
        for _ in range(share + (1 if n < extra else 0)):
            target = maker.make(place)
            if target["status"] == "存续":
                ctx.living.append(target["uscc"])
            targets.append(target)
            tick()
        _write_region(writer, place.code, targets)
    return count


def _chunks(seq: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(seq), size):
        yield seq[start : start + size]


SIZES: dict[str, dict[str, Any]] = {
    "example": {
        "targets": 2000,
        "years": [2026],
        "inspectors": {"SCJG": 24, "SPYP": 10, "WGXJ": 6, "JTJ": 6, "AJJ": 6, "GAFJ": 8},
    },
    "district": {"targets": 200_000, "years": [2022, 2023, 2024, 2025, 2026], "inspectors": None},
    # eleven districts' worth: 15 × the district's targets and inspectors, the same plans
    "city": {
        "targets": 3_000_000,
        "years": [2022, 2023, 2024, 2025, 2026],
        "inspectors": None,
        "inspector_factor": 15,
    },
}
TARGETS_PER_FILE = 2000


def write_district(
    out_dir: Path, scale: Scale, seed: int = 2026, progress: bool = False
) -> dict[str, int]:
    """Write a district's records (the records/ layout) under out_dir; return counts written."""
    if scale not in SIZES:
        raise ValueError(f"unknown scale {scale!r}")
    size = SIZES[scale]
    rng = random.Random(f"spotcheck-synth-{scale}-{seed}")
    ctx = Context(rng=rng, scale=scale, depts=[], places=places(scale))
    ctx.depts = _departments(ctx)
    legal = next(d.id for d in ctx.depts if d.is_legal_office)
    writer = Writer(out_dir, _find_schemas_dir(out_dir))

    bar: Any = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=size["targets"], desc="检查对象", unit="户")

    def tick() -> None:
        if bar is not None:
            bar.update(1)

    ctx.offices = _offices(ctx)
    for dept in ctx.depts:
        writer.yaml(f"departments/{dept.id}.yaml", "department", _department_record(ctx, dept))
    ctx.items = _items(ctx, legal)
    for dept_id, items in ctx.items.items():
        writer.yaml(f"items/{dept_id}.yaml", "item", items)

    if scale == "city":
        target_count = _write_city_targets(ctx, writer, size["targets"], tick)
    else:
        ctx.targets = _targets(ctx, size["targets"], tick)
        ctx.living = [t["uscc"] for t in ctx.targets if t["status"] == "存续"]
        target_count = len(ctx.targets)
        by_region: dict[str, list[dict[str, Any]]] = {}
        for target in ctx.targets:
            by_region.setdefault(target["region"], []).append(target)
        for region, targets in sorted(by_region.items()):
            _write_region(writer, region, targets)
    if bar is not None:
        bar.close()

    per_dept = size["inspectors"]
    if per_dept is None:  # district: ~1,500 people, a fifth of them in SCJG
        enforcing = [d.id for d in ctx.depts if not d.is_legal_office]
        factor = size.get("inspector_factor", 1)
        per_dept = {d: 52 * factor for d in enforcing}
        per_dept["SCJG"] = (1500 - 52 * (len(enforcing) - 1)) * factor
    inspectors = _inspectors(ctx, per_dept)
    for dept_id, people in inspectors.items():
        if people:
            writer.yaml(f"inspectors/{dept_id}.yaml", "inspector", people)

    for dept in ctx.depts:
        if not dept.is_legal_office:
            front, body = _rules(ctx, dept)
            writer.markdown(f"rules/{dept.id}.md", "rules", front, body)

    plans = _example_plans() if scale == "example" else _district_plans(ctx, size["years"])
    for (year, dept_id), plan in sorted(plans.items()):
        writer.yaml(f"plans/{year}/{dept_id}.yaml", "plan", plan)

    for year in size["years"]:
        writer.yaml(f"calendars/{year}.yaml", "calendar", calendar_record(year))

    config = _config(ctx)
    config["offices"] = ctx.offices
    if scale == "example":
        # a demo repository: its history was made on a simulated clock (SPOTCHECK_NOW)
        config = {**dict(list(config.items())[:4]), "demo": True, **dict(list(config.items())[4:])}
        # the demo time-stamping authority of records/trust/demo-tsa (演示用, public keys)
        config["timestamp_authority"] = {
            "name": "spotcheck 演示时间戳服务（演示用，不可信）",
            "anchors": ["trust/demo-tsa/root-ca.pem"],
            "required": False,
        }
        # its approvals are made with `spotcheck approve` (records/README.md)
        config["require_legal_approval"] = True
    writer.yaml("config.yaml", "config", config)

    return {
        "departments": len(ctx.depts),
        "items": sum(len(v) for v in ctx.items.values()),
        "targets": target_count,
        "inspectors": sum(len(v) for v in inspectors.values()),
        "rules": sum(1 for d in ctx.depts if not d.is_legal_office),
        "plans": len(plans),
        "tasks": sum(len(p["tasks"]) for p in plans.values()),
        "calendars": len(size["years"]),
        "files": writer.files,
    }
