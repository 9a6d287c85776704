"""Working days on China's official calendar (法定节假日与调休上班日).

Pure: a `WorkCalendar` is built from plain sets of dates. The built-in years come from the
`chinese_calendar` package (2004–2026 at the time of writing); later years come from
`records/calendars/<year>.yaml`, added by staff from each year's State Council notice. A date
in a year neither knows raises `CalendarMissing` — never a weekday guess, because a guessed
deadline across the Spring Festival or National Day would be wrong by a week or more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spotcheck.errors import SpotcheckError

ONE_DAY = dt.timedelta(days=1)


class CalendarMissing(SpotcheckError):
    """A date falls in a year for which no official holiday calendar is known."""

    def __init__(self, year: int, known_years: Iterable[int] = ()) -> None:
        self.year = year
        known = sorted(known_years)
        span = f"（现有 {known[0]}–{known[-1]} 年）" if known else ""
        super().__init__(
            f"缺少 {year} 年的工作日历{span}，无法按工作日计算期限。请依国务院办公厅 {year} 年"
            f"部分节假日安排的通知，添加 records/calendars/{year}.yaml（holidays 放假日期、"
            "workdays 调休上班日）"
        )


@dataclass(frozen=True)
class WorkCalendar:
    """Holidays and make-up workdays for `known_years`; weekends otherwise are days off."""

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    known_years: frozenset[int]

    def __init__(
        self, holidays: Iterable[dt.date], workdays: Iterable[dt.date], known_years: Iterable[int]
    ) -> None:
        object.__setattr__(self, "holidays", frozenset(holidays))
        object.__setattr__(self, "workdays", frozenset(workdays))
        object.__setattr__(self, "known_years", frozenset(known_years))
        # (start, n) → add_working_days: 100,000 results share a few thousand inspection dates
        object.__setattr__(self, "_added", {})

    def require(self, day: dt.date) -> None:
        if day.year not in self.known_years:
            raise CalendarMissing(day.year, self.known_years)

    def is_working_day(self, day: dt.date) -> bool:
        self.require(day)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (start itself not counted); n < 0 counts back.

        `add_working_days(d, 0)` is `d`. The deadline "within 20 working days of d" is
        `add_working_days(d, 20)`.
        """
        known = self._added.get((start, n))  # type: ignore[attr-defined]
        if known is not None:
            return known
        step = ONE_DAY if n >= 0 else -ONE_DAY
        day, left = start, abs(n)
        while left:
            day += step
            if self.is_working_day(day):
                left -= 1
        self._added[(start, n)] = day  # type: ignore[attr-defined]
        return day

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days d with a < d ≤ b (negative, counted the same way, when b < a)."""
        if b < a:
            return -self.working_days_between(b, a)
        count, day = 0, a
        while day < b:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count

    def merged(self, other: WorkCalendar) -> WorkCalendar:
        """This calendar with `other`'s years replacing (or adding to) its own."""
        years = other.known_years
        return WorkCalendar(
            {d for d in self.holidays if d.year not in years} | other.holidays,
            {d for d in self.workdays if d.year not in years} | other.workdays,
            self.known_years | years,
        )


@lru_cache(maxsize=1)
def builtin_calendar() -> WorkCalendar:
    """The years the `chinese_calendar` package knows."""
    from chinese_calendar import constants

    holidays = set(constants.holidays)
    workdays = set(constants.workdays)
    years = {d.year for d in holidays | workdays}
    # every year between the first and last the package covers is complete
    known = set(range(min(years), max(years) + 1)) if years else set()
    return WorkCalendar(holidays, workdays, known)


def _dates(values: Iterable[Any]) -> set[dt.date]:
    found = set()
    for value in values or ():
        try:
            found.add(dt.date.fromisoformat(str(value)))
        except ValueError:
            continue  # the schema reports malformed dates
    return found


def calendar_from_data(calendars: Iterable[Mapping[str, Any]]) -> WorkCalendar:
    """A calendar of the staff-added years (data of `calendar` records)."""
    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    years: set[int] = set()
    for data in calendars:
        year = data.get("year")
        if not isinstance(year, int):
            continue
        years.add(year)
        holidays |= {d for d in _dates(data.get("holidays") or []) if d.year == year}
        workdays |= {d for d in _dates(data.get("workdays") or []) if d.year == year}
    return WorkCalendar(holidays, workdays, years)


def work_calendar(calendars: Iterable[Mapping[str, Any]] = ()) -> WorkCalendar:
    """The built-in calendar, with staff-added years added (a record for a built-in year
    replaces it, so a corrected notice can be applied without waiting for a package release)."""
    return builtin_calendar().merged(calendar_from_data(calendars))
