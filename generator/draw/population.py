"""Who may be drawn for a task: scope, registration status and recent-inspection exclusions.

Pure: the caller passes target records (plain dicts) and the inspection history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ACTIVE_STATUS = "存续"
DEFAULT_STRATUM_FIELD = "credit_class"

REASON_INACTIVE = "登记状态非存续"
REASON_OUT_OF_SCOPE = "不在任务范围内"
REASON_RECENTLY_INSPECTED = "近期已就相同事项检查"


@dataclass(frozen=True)
class PastInspection:
    """A target drawn (or inspected) for some items with a window starting on `start`."""

    target: str
    items: frozenset[str]
    start: str  # ISO date


@dataclass
class Population:
    """The eligible ids with their stratum value, and how many each rule removed."""

    members: dict[str, str | None]
    removed: dict[str, int] = field(default_factory=dict)


SCOPE_FIELDS = (
    ("regions", "region"),
    ("entity_types", "entity_type"),
    ("credit_classes", "credit_class"),
    ("offices", "office"),
)


def scope_filters(
    scope: Mapping[str, Any],
) -> tuple[list[tuple[str, frozenset[Any]]], Callable[[Mapping[str, Any]], bool] | None]:
    """The scope as (field, allowed values) pairs the target must all meet (any value of
    each), plus a predicate for industry prefixes and list memberships (None without them).

    Built once per task: the population step checks every target of the district.
    """
    exact = [(field, frozenset(scope[key])) for key, field in SCOPE_FIELDS if scope.get(key)]
    prefixes = tuple(str(p) for p in scope.get("industries") or [])
    lists = frozenset(scope.get("lists") or [])
    if not prefixes and not lists:
        return exact, None

    def matches(target: Mapping[str, Any]) -> bool:
        if prefixes and not str(target.get("industry", "")).startswith(prefixes):
            return False
        if lists:
            memberships = {entry.get("list") for entry in target.get("lists") or []}
            if not memberships & lists:
                return False
        return True

    return exact, matches


def months_before(day: str, months: int) -> str:
    """The ISO date `months` calendar months before `day` (clamped to the month's end)."""
    date = dt.date.fromisoformat(day)
    month_index = date.year * 12 + date.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(date.day, last_day)).isoformat()


def eligible_population(
    task: Mapping[str, Any],
    targets: Iterable[Mapping[str, Any]],
    history: Sequence[PastInspection] = (),
) -> Population:
    """Apply the task's scope, active status and exclusions to the target directory."""
    scope = task.get("scope") or {}
    strata = task.get("strata") or {}
    stratum_field = strata.get("field", DEFAULT_STRATUM_FIELD) if strata.get("groups") else None
    window_start = str((task.get("window") or {}).get("start", ""))
    months = (task.get("exclusions") or {}).get("inspected_within_months")
    items = frozenset(str(i) for i in task.get("items") or [])
    recent: set[str] = set()
    if months and window_start:
        since = months_before(window_start, int(months))
        recent = {
            past.target
            for past in history
            if since <= past.start < window_start and past.items & items
        }
    # The loop runs over every target of the district for every task, and is bound by memory
    # access: counters and lookups stay in locals, and the common scope filters are inlined.
    inactive = out_of_scope = recently = 0
    members: dict[str, str | None] = {}
    exact, matches = scope_filters(scope)
    for target in targets:
        if target.get("status") != ACTIVE_STATUS:
            inactive += 1
            continue
        in_scope = matches is None or matches(target)
        for field_name, allowed in exact:
            if target.get(field_name) not in allowed:
                in_scope = False
                break
        if not in_scope:
            out_of_scope += 1
            continue
        uscc = target["uscc"]
        if uscc in recent:
            recently += 1
        elif stratum_field is None:
            members[uscc] = None
        else:
            value = target.get(stratum_field)
            members[uscc] = value if value is None or type(value) is str else str(value)
    removed = {
        REASON_INACTIVE: inactive,
        REASON_OUT_OF_SCOPE: out_of_scope,
        REASON_RECENTLY_INSPECTED: recently,
    }
    return Population(members, removed)
