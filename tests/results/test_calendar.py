"""Working-day arithmetic across National Day and the Spring Festival, and staff-added years."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spotcheck.results.calendar import (
    CalendarMissing,
    builtin_calendar,
    calendar_from_data,
    work_calendar,
)

D = dt.date
CAL = work_calendar()

# A made-up 2027 notice, as staff would add it: Spring Festival 2027-02-06 (Sat) .. 02-12,
# make-up workdays on the Sundays before and after. Only the shape matters to the tests.
CAL_2027 = {
    "year": 2027,
    "source": "测试用（假设）",
    "holidays": ["2027-01-01", *(f"2027-02-{d:02d}" for d in range(6, 13))],
    "workdays": ["2027-01-31", "2027-02-21"],
}


def test_builtin_years() -> None:
    assert {2004, 2025, 2026} <= builtin_calendar().known_years
    assert 2027 not in builtin_calendar().known_years


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 9, 30), 0, D(2026, 9, 30)),
        (D(2026, 9, 30), 1, D(2026, 10, 8)),  # National Day 10-01..10-07 off
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # Saturday 10-10 is a make-up workday
        (D(2026, 9, 30), 4, D(2026, 10, 12)),
        (D(2026, 9, 30), 20, D(2026, 11, 3)),
        (D(2026, 9, 19), 1, D(2026, 9, 20)),  # Sunday 09-20 is a make-up workday
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # Saturday 02-14 make-up before the Spring Festival
        (D(2026, 2, 14), 1, D(2026, 2, 24)),  # Spring Festival 02-15..02-23 off
        (D(2026, 2, 27), 1, D(2026, 2, 28)),  # Saturday 02-28 make-up after it
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # National Day 2025: 10-01..10-08 off
        (D(2025, 9, 30), 3, D(2025, 10, 11)),  # Saturday 10-11 make-up
        (D(2025, 1, 27), 1, D(2025, 2, 5)),  # Spring Festival 2025: 01-28..02-04 off
        (D(2025, 2, 7), 1, D(2025, 2, 8)),  # Saturday 02-08 make-up
        (D(2026, 10, 8), -1, D(2026, 9, 30)),
    ],
)
def test_add_working_days(start: dt.date, n: int, expected: dt.date) -> None:
    assert CAL.add_working_days(start, n) == expected


def test_working_day_flags() -> None:
    assert CAL.is_working_day(D(2026, 10, 10))  # Saturday, make-up
    assert not CAL.is_working_day(D(2026, 10, 5))  # Monday, holiday
    assert not CAL.is_working_day(D(2026, 11, 28))  # ordinary Saturday
    assert CAL.working_days_between(D(2026, 9, 30), D(2026, 10, 12)) == 4
    assert CAL.working_days_between(D(2026, 10, 12), D(2026, 9, 30)) == -4
    assert CAL.working_days_between(D(2026, 10, 1), D(2026, 10, 7)) == 0


@given(st.dates(D(2025, 1, 1), D(2026, 10, 31)), st.integers(0, 40))
def test_between_inverts_add(start: dt.date, n: int) -> None:
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


def test_missing_year_raises_with_file_name() -> None:
    with pytest.raises(CalendarMissing) as caught:
        CAL.add_working_days(D(2026, 12, 10), 20)
    message = str(caught.value)
    assert "2027" in message and "records/calendars/2027.yaml" in message
    with pytest.raises(CalendarMissing):
        CAL.is_working_day(D(2003, 6, 2))


def test_staff_added_year() -> None:
    calendar = work_calendar([CAL_2027])
    assert 2027 in calendar.known_years
    # 2026-12-31 (Thu) → 2027-01-01 is a holiday, 01-02/03 a weekend
    assert calendar.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert calendar.add_working_days(D(2027, 2, 5), 1) == D(2027, 2, 15)
    assert calendar.is_working_day(D(2027, 1, 31))  # a Sunday make-up day
    # 20 working days from 2026-12-10 now computable
    assert calendar.add_working_days(D(2026, 12, 10), 20) == D(2027, 1, 8)


def test_record_replaces_builtin_year() -> None:
    corrected = {"year": 2026, "source": "更正", "holidays": ["2026-10-12"], "workdays": []}
    calendar = work_calendar([corrected])
    assert not calendar.is_working_day(D(2026, 10, 12))
    assert calendar.is_working_day(D(2026, 10, 5))  # the built-in 2026 is replaced, not merged
    assert calendar_from_data([{"year": "bad"}]).known_years == frozenset()
