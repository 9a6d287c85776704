"""The slow, literal reference implementation of the draw protocol (docs/protocol.md).

This module is, statement for statement, the Python of docs/protocol.md §1, §4.10, §5.2 and §6.2
(`tests/draw/test_reference.py` checks that the two are identical, so the document and the
package cannot drift apart).  It shares no code with the fast paths (`spotcheck.draw.tickets`,
`sampling`, `assignment`, `population`, `engine`) and imports nothing of spotcheck: it is the
independent second implementation that they are property-tested against, and that recomputes
every published example draw (`check_published("HEAD")` from the repository's root).

Written for clarity, not speed: it reads every record of a folder for each question.  `at`
(a "commit" below) is a commit id, or a dict folder -> [(path, record), ...] for records held
in memory.
"""

# ruff: noqa: E402 — the order of the document's blocks is kept as it is.

import hashlib


def H(x: str) -> str:
    return hashlib.sha256(x.encode("utf-8")).hexdigest()


def U(x: str) -> str:
    return "0." + format(int(H(x), 16), "064d")[::-1]


def ticket(seed: str, item_id: str) -> str:
    return U(H(seed) + item_id)


assert U("abc") == (
    "0.56998071861792858926477341561059638840106636224182943832566300809078486324348"
)
assert [
    i for _, i in sorted((ticket("xy()134!g2n", i), i) for i in ["dog", "cat", "fish", "goat"])
] == [
    "cat",
    "dog",
    "goat",
    "fish",
]


def drand_seed(signature_hex: str) -> str:
    return hashlib.sha256(bytes.fromhex(signature_hex)).hexdigest()


QUICKNET_12040883 = "929906c959032ab363c9f26570d215d66f5c06cb0c44fe508c12bb5839f04ec895bb6868e5b9ff13ab289bdb5266b394"
assert drand_seed(QUICKNET_12040883) == (
    "173df1f57805453a8d2015268205d68147de12cafc2f451f7bc6adadca3571b3"
)

import json

GAFJ_02_POOL = (
    '[["GAFJ-P001", "GAFJ", "GAFJ-ZD", true, "2023-04-13", "2028-03-31", false, []], '
    '["GAFJ-P002", "GAFJ", "GAFJ-ZD", true, "2024-11-05", "2029-10-31", false, ["92440114850153775W"]], '
    '["GAFJ-P003", "GAFJ", "GAFJ-ZD", true, "2024-09-26", "2029-08-31", false, []], '
    '["GAFJ-P004", "GAFJ", "GAFJ-ZD", true, "2025-08-06", "2030-07-31", false, []], '
    '["GAFJ-P005", "GAFJ", "GAFJ-ZD", true, "2023-08-29", "2028-07-31", false, []], '
    '["GAFJ-P006", "GAFJ", "GAFJ-ZD", false, "2024-11-10", "2029-10-31", false, []], '
    '["GAFJ-P007", "GAFJ", "GAFJ-ZD", true, "2024-04-25", "2029-03-31", false, []], '
    '["GAFJ-P008", "GAFJ", "GAFJ-ZD", true, "2020-01-01", "2025-12-31", false, []]]'
)
assert hashlib.sha256(GAFJ_02_POOL.encode("utf-8")).hexdigest() == (
    "5f73e9737dc51fd83b743ff0d20d20d4ab1e03709bc020f22c203ea68d7c9b37"
)
assert json.dumps(json.loads(GAFJ_02_POOL), ensure_ascii=False) == GAFJ_02_POOL

import subprocess

import yaml_rs


def git(*args: str) -> bytes:
    return subprocess.run(["git", *args], check=True, capture_output=True).stdout


def read_yaml(commit: str, path: str):
    return yaml_rs.loads(git("show", f"{commit}:{path}").decode("utf-8"), parse_datetime=False)


def records(commit, folder: str) -> list[tuple[str, dict]]:
    """(path, record) for every record in records/<folder>/ at `commit`: a commit id, or (to
    compare other code with this one without git) a dict of folder -> [(path, record), ...]."""
    if isinstance(commit, dict):
        return list(commit.get(folder, []))
    paths = git("ls-tree", "-r", "--name-only", commit, f"records/{folder}/").decode().split()
    found = []
    for path in sorted(p for p in paths if p.endswith(".yaml")):
        data = read_yaml(commit, path)
        found += [(path, r) for r in (data if isinstance(data, list) else [data])]
    return found


def tasks_at(commit: str) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for _, plan in records(commit, "plans"):
        for task in plan.get("tasks") or []:
            found.setdefault(str(task["id"]), task)
    return found


def live_draws_at(commit: str) -> list[dict]:
    draws = records(commit, "draws")
    voided = {(v["task"], v.get("attempt", 1)) for p, v in draws if "/void-" in p}
    return [
        d
        for p, d in draws
        if p.rsplit("/", 1)[1].startswith("draw") and (d["task"], d.get("attempt", 1)) not in voided
    ]


import datetime as dt

CHINA = dt.timezone(dt.timedelta(hours=8))


def moment(text) -> dt.datetime | None:
    try:
        t = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=CHINA)


def months_before(day: str, months: int) -> str:
    d = dt.date.fromisoformat(day)
    year, month = divmod(d.year * 12 + d.month - 1 - months, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(d.day, last)).isoformat()


def recently_inspected(commit: str, task: dict, cutoff: dt.datetime) -> set[str]:
    items = {str(i) for i in task.get("items") or []}
    start = str((task.get("window") or {}).get("start", ""))
    months = (task.get("exclusions") or {}).get("inspected_within_months")
    if not (months and start):
        return set()
    since, tasks, recent = months_before(start, int(months)), tasks_at(commit), set()
    for draw in live_draws_at(commit):  # (a) other tasks' live draws before the cutoff
        other = tasks.get(str(draw["task"]))
        drawn = moment(draw.get("drawn_at", ""))
        if other is None or str(other["id"]) == str(task["id"]) or drawn is None or drawn >= cutoff:
            continue
        other_start = str((other.get("window") or {}).get("start", ""))
        if items & {str(i) for i in other.get("items") or []} and since <= other_start < start:
            recent |= {s["target"] for stratum in draw["strata"] for s in stratum["selected"]}
    cutoff_day = cutoff.astimezone(CHINA).date().isoformat()
    for _, result in records(commit, "results"):  # (b) results before the cutoff's day
        day = str(result.get("inspection_date", ""))
        shares_an_item = items & {str(e.get("item")) for e in result.get("items") or []}
        if shares_an_item and day < cutoff_day and since <= day < start:
            recent.add(str(result["target"]))
    return recent


REASONS = ["登记状态非存续", "不在任务范围内", "近期已就相同事项检查", "不属于任何分层"]


def population(commit: str, task: dict, committed_at: str) -> tuple[dict, dict]:
    """({stratum value: sorted ids}, removed counts) of `task` at `commit`."""
    recent = recently_inspected(commit, task, moment(committed_at))
    scope = task.get("scope") or {}
    exact = [
        (field, set(scope[key]))
        for key, field in (
            ("regions", "region"),
            ("entity_types", "entity_type"),
            ("credit_classes", "credit_class"),
            ("offices", "office"),
        )
        if scope.get(key)
    ]
    prefixes = tuple(str(p) for p in scope.get("industries") or [])
    lists = set(scope.get("lists") or [])
    groups = (task.get("strata") or {}).get("groups") or []
    field = (task.get("strata") or {}).get("field", "credit_class") if groups else None
    strata: dict = {v: [] for v in ([str(g["value"]) for g in groups] if groups else [None])}
    removed = dict.fromkeys(REASONS, 0)
    for _, target in records(commit, "targets"):
        if target.get("status") != "存续":
            removed["登记状态非存续"] += 1
        elif (
            any(target.get(f) not in allowed for f, allowed in exact)
            or (prefixes and not str(target.get("industry", "")).startswith(prefixes))
            or (lists and not {e.get("list") for e in target.get("lists") or []} & lists)
        ):
            removed["不在任务范围内"] += 1
        elif target["uscc"] in recent:
            removed["近期已就相同事项检查"] += 1
        else:
            value = None if field is None else target.get(field)
            value = value if value is None else str(value)
            if value in strata:
                strata[value].append(target["uscc"])
            else:
                removed["不属于任何分层"] += 1
    return {v: sorted(ids) for v, ids in strata.items()}, removed


import math
from fractions import Fraction


def population_file(ids: list[str]) -> bytes:
    return "".join(i + "\n" for i in sorted(ids)).encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sample_size(n: int, spec: dict) -> int:
    if spec.get("count") is not None:
        return min(n, spec["count"])
    ratio = spec["ratio"]  # the decimal as written, exactly
    exact = Fraction(repr(ratio)) if isinstance(ratio, float) else Fraction(str(ratio))
    return min(n, math.ceil(n * exact))


def sample(strata: dict, task: dict, seed: str) -> list[dict]:
    specs = (task.get("strata") or {}).get("groups") or [task]  # unstratified: the task's own
    reserves = int(task.get("reserves") or 0)
    found = []
    for value, spec in zip(strata, specs, strict=True):
        ids = strata[value]
        ranked = sorted((ticket(seed, i), i) for i in ids)
        n = sample_size(len(ids), spec)
        found.append(
            {
                "value": value,
                "population": len(ids),
                "sample_size": n,
                "digest": digest(population_file(ids)),
                "threshold": ranked[n - 1][0] if n else None,
                "selected": [{"target": i, "ticket": t} for t, i in ranked[:n]],
                "reserves": [{"target": i, "ticket": t} for t, i in ranked[n : n + reserves]],
            }
        )
    return found


def departments_of(task: dict) -> list[str]:
    found = [str(task["lead_department"])] if task.get("lead_department") else []
    for d in task.get("cooperating_departments") or []:
        if str(d) not in found:
            found.append(str(d))
    return found


def pool(commit: str, departments: list[str]) -> list[dict]:
    people = [p for _, p in records(commit, "inspectors") if p.get("department") in departments]
    return sorted(people, key=lambda p: str(p["id"]))


def pool_digest(people: list[dict]) -> str:
    rows = [
        [
            str(p["id"]),
            str(p["department"]),
            p.get("office"),
            p.get("active") is not False,
            (p.get("certificate") or {}).get("valid_from"),
            (p.get("certificate") or {}).get("valid_until"),
            bool(p.get("expert")),
            sorted(str(c.get("target")) for c in p.get("conflicts") or []),
        ]
        for p in people
    ]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()


def last_time(commit: str, task_id: str, cutoff: dt.datetime) -> dict[str, set[str]]:
    latest: dict[str, tuple] = {}
    for draw in live_draws_at(commit):
        drawn = moment(draw.get("drawn_at", ""))
        if str(draw["task"]) == task_id or drawn is None or drawn >= cutoff:
            continue
        order = (drawn, str(draw["task"]))  # by time, then task id
        for a in draw["assignments"]:
            if a["target"] not in latest or latest[a["target"]][0] < order:
                latest[a["target"]] = (order, {str(o["inspector"]) for o in a["officers"]})
    return {target: officers for target, (_, officers) in latest.items()}


def assign(
    task: dict,
    people: list[dict],  # the pool (§3.1)
    office_of: dict[str, str | None],  # target id -> its office
    previous: dict[str, set[str]],  # target id -> officers of last time (§3.5)
    selected: list[str],  # in (ticket, id) order (§2.3)
    seed: str,
) -> list[list[dict]]:
    """The officers of each selected target."""
    start, end = str(task["window"]["start"]), str(task["window"]["end"])
    departments = departments_of(task)
    wanted = int(task.get("officers_per_target") or 2)
    slots = departments + [departments[0]] * max(0, wanted - len(departments))

    def rules_1_to_3(p: dict) -> bool:
        c = p.get("certificate") or {}
        return (
            p.get("active") is not False
            and c.get("valid_from") is not None
            and c.get("valid_until") is not None
            and str(c["valid_from"]) <= start
            and str(c["valid_until"]) >= end
            and not p.get("expert")
        )

    cap = {}
    for d in departments:
        qualified = sum(1 for p in people if p["department"] == d and rules_1_to_3(p))
        cap[d] = math.ceil(slots.count(d) * len(selected) / qualified) if qualified else 0
    load: dict[str, int] = {}
    found = []
    for target in selected:  # in (ticket, id) order
        officers: list[dict] = []
        for d in slots:
            able = [  # rules 1-5
                p
                for p in people
                if p["department"] == d
                and rules_1_to_3(p)
                and target not in {str(c.get("target")) for c in p.get("conflicts") or []}
                and not (
                    task.get("cross_jurisdiction")
                    and office_of.get(target) is not None
                    and p.get("office") == office_of[target]
                )
                and str(p["id"]) not in {o["inspector"] for o in officers}
            ]
            if not able:
                raise RuntimeError(f"no officer of {d} for {target}: the draw fails (§3.7)")
            candidates = [p for p in able if load.get(str(p["id"]), 0) < cap[d]]  # rule 6
            if not candidates:  # the cap is lifted: the least loaded
                least = min(load.get(str(p["id"]), 0) for p in able)
                candidates = [p for p in able if load.get(str(p["id"]), 0) == least]
            fresh = [p for p in candidates if str(p["id"]) not in previous.get(target, set())]
            best_ticket, best = min(
                (U(H(seed) + "|assign|" + target + "|" + str(p["id"])), str(p["id"]))
                for p in (fresh or candidates)
            )
            load[best] = load.get(best, 0) + 1
            officers.append(
                {
                    "inspector": best,
                    "department": d,
                    "role": "组长" if not officers else "组员",
                    "ticket": best_ticket,
                }
            )
        found.append(officers)
    return found


def recompute(at, commitment: dict, seed: str) -> dict:
    """What the records at `at` (the commitment commit C) and `seed` give for `commitment`."""
    task = tasks_at(at)[commitment["task"]]
    strata, removed = population(at, task, commitment["committed_at"])
    drawn = sample(strata, task, seed)
    people = pool(at, departments_of(task))
    selected = sorted((s["ticket"], s["target"]) for st in drawn for s in st["selected"])
    office_of = {t["uscc"]: t.get("office") for _, t in records(at, "targets")}
    previous = last_time(at, str(task["id"]), moment(commitment["committed_at"]))
    officers = assign(task, people, office_of, previous, [t for _, t in selected], seed)
    chosen = {t for _, t in selected}
    recusals = sorted(
        (str(c["target"]), str(p["id"]))
        for p in people
        for c in p.get("conflicts") or []
        if str(c["target"]) in chosen
    )
    ids = [i for ids in strata.values() for i in ids]
    return {
        "removed": removed,
        "population": {"size": len(ids), "digest": digest(population_file(ids))},
        "pool_size": len(people),
        "pool_digest": pool_digest(people),
        "strata": drawn,
        "recusals": [{"target": t, "inspector": i} for t, i in recusals],
        "assignments": [
            {"target": t, "ticket": k, "officers": o}
            for (k, t), o in zip(selected, officers, strict=True)
        ],
    }


def check_published(commit: str) -> int:
    """Recompute every draw published at `commit`; an assertion names the first that differs."""
    checked = 0
    for path, draw in records(commit, "draws"):
        if not path.rsplit("/", 1)[1].startswith("draw"):
            continue
        suffix = "" if draw.get("attempt", 1) == 1 else f"-{draw['attempt']}"
        commitment = read_yaml(commit, path.rsplit("/", 1)[0] + f"/commitment{suffix}.yaml")
        at = draw["commitment_commit"]  # C: all examples are pre-committed
        found = recompute(at, commitment, draw["seed"])
        assert found["removed"] == commitment["population"]["removed"], path
        promised = commitment["population"]
        assert found["population"] == {"size": promised["size"], "digest": promised["digest"]}, path
        assert found["population"] == draw["population"], path
        for stratum in commitment["strata"]:
            assert digest(git("show", f"{commit}:{stratum['file']}")) == stratum["digest"], path
        assert found["pool_size"] == commitment["inspectors"]["pool_size"], path
        assert found["pool_digest"] == commitment["inspectors"]["pool_digest"], path
        for name in ("strata", "recusals", "assignments"):
            assert found[name] == draw[name], f"{path}: {name}"
        checked += 1
    return checked
