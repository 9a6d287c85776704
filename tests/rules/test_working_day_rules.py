"""Working-day rules: China's official calendar, generator/results/calendar.py.

- a make-up workday (调休上班日) is a working day, even on a weekend;
- a holiday (法定节假日) is not, even on a weekday;
- otherwise Monday to Friday work, Saturday and Sunday do not;
- counting n working days after a day does not count the day itself;
- a year no calendar knows is refused by name, never guessed;
- a staff-added year (records/calendars/<year>.yaml) adds to or replaces a built-in year.
"""

from __future__ import annotations

import datetime as dt

import pytest

from spotcheck.results.calendar import (
    CalendarMissing,
    WorkCalendar,
    builtin_calendar,
    calendar_from_data,
    work_calendar,
)

D = dt.date
# A made-up year: 2030-01-01 (Tue) is a holiday, Saturday 2030-01-05 a make-up workday.
TOY = WorkCalendar({D(2030, 1, 1)}, {D(2030, 1, 5)}, {2030})


def test_weekdays_work_and_weekends_do_not() -> None:
    assert TOY.is_working_day(D(2030, 1, 4))  # Friday
    assert not TOY.is_working_day(D(2030, 1, 12))  # Saturday
    assert not TOY.is_working_day(D(2030, 1, 13))  # Sunday
    assert TOY.is_working_day(D(2030, 1, 14))  # Monday


def test_a_holiday_on_a_weekday_is_not_a_working_day() -> None:
    assert not TOY.is_working_day(D(2030, 1, 1))


def test_a_make_up_workday_on_a_weekend_is_a_working_day() -> None:
    assert TOY.is_working_day(D(2030, 1, 5))


def test_a_day_listed_as_both_counts_as_a_workday() -> None:
    both = WorkCalendar({D(2030, 1, 5)}, {D(2030, 1, 5)}, {2030})
    assert both.is_working_day(D(2030, 1, 5))


def test_the_official_2026_calendar() -> None:
    cal = work_calendar()
    assert cal.is_working_day(D(2026, 10, 10))  # Saturday, make-up
    assert not cal.is_working_day(D(2026, 10, 1))  # National Day
    assert {2004, 2025, 2026} <= builtin_calendar().known_years


def test_n_working_days_after_does_not_count_the_start() -> None:
    assert TOY.add_working_days(D(2030, 1, 1), 0) == D(2030, 1, 1)  # the day itself, a holiday
    assert TOY.add_working_days(D(2030, 1, 1), 1) == D(2030, 1, 2)
    assert TOY.add_working_days(D(2030, 1, 3), 2) == D(2030, 1, 5)  # Fri, then make-up Sat
    assert TOY.add_working_days(D(2030, 1, 4), 2) == D(2030, 1, 7)  # Sat (make-up), Mon
    assert TOY.add_working_days(D(2030, 1, 10), 2) == D(2030, 1, 14)  # Fri, skip weekend, Mon


def test_counting_back_skips_holidays_too() -> None:
    assert TOY.add_working_days(D(2030, 1, 7), -1) == D(2030, 1, 5)
    assert TOY.add_working_days(D(2030, 1, 7), -2) == D(2030, 1, 4)
    assert TOY.add_working_days(D(2030, 1, 3), -1) == D(2030, 1, 2)
    with pytest.raises(CalendarMissing):  # the holiday is skipped, into a year no one knows
        TOY.add_working_days(D(2030, 1, 2), -1)


def test_working_days_between_counts_after_the_first_up_to_the_last() -> None:
    assert TOY.working_days_between(D(2030, 1, 4), D(2030, 1, 7)) == 2  # Sat make-up, Mon
    assert TOY.working_days_between(D(2030, 1, 7), D(2030, 1, 4)) == -2
    assert TOY.working_days_between(D(2030, 1, 7), D(2030, 1, 7)) == 0
    assert TOY.working_days_between(D(2030, 1, 11), D(2030, 1, 13)) == 0  # a weekend
    assert TOY.working_days_between(D(2030, 1, 11), D(2030, 1, 14)) == 1


def test_a_year_no_calendar_knows_is_refused_by_name() -> None:
    with pytest.raises(CalendarMissing) as error:
        TOY.is_working_day(D(2031, 1, 2))
    assert error.value.year == 2031
    assert str(error.value) == (
        "缺少 2031 年的工作日历（现有 2030–2030 年），无法按工作日计算期限。请依国务院办公厅"
        " 2031 年部分节假日安排的通知，添加 records/calendars/2031.yaml（holidays 放假日期、"
        "workdays 调休上班日）"
    )
    with pytest.raises(CalendarMissing):
        TOY.add_working_days(D(2030, 12, 31), 1)


def test_the_refusal_without_any_known_year_names_no_span() -> None:
    message = str(CalendarMissing(2031))
    assert message.startswith("缺少 2031 年的工作日历，无法按工作日计算期限。")
    assert str(CalendarMissing(2031, [2028, 2026, 2027])).startswith(
        "缺少 2031 年的工作日历（现有 2026–2028 年）"
    )


def test_a_staff_added_year_extends_the_calendar() -> None:
    data = {
        "year": 2030,
        "holidays": ["2030-01-01", "2029-12-31", "bad"],
        "workdays": ["2030-01-05"],
    }
    cal = work_calendar([data])
    assert 2030 in cal.known_years and 2026 in cal.known_years
    assert not cal.is_working_day(D(2030, 1, 1))
    assert cal.is_working_day(D(2030, 1, 5))
    assert D(2029, 12, 31) not in cal.holidays  # a date outside its own year is ignored


def test_a_staff_added_year_replaces_the_built_in_one() -> None:
    # an empty 2026 notice: National Day becomes an ordinary Thursday
    cal = work_calendar([{"year": 2026, "holidays": [], "workdays": []}])
    assert cal.is_working_day(D(2026, 10, 1))
    assert not cal.is_working_day(D(2026, 10, 10))
    assert not cal.is_working_day(D(2025, 10, 1))  # other years untouched
    assert cal.is_working_day(D(2025, 10, 11))


def test_calendar_from_data_skips_entries_without_a_whole_year() -> None:
    cal = calendar_from_data(
        [{"year": "2030", "holidays": ["2030-01-02"]}, {"holidays": ["2030-01-03"]}, {"year": 2031}]
    )
    assert cal.known_years == frozenset({2031})
    assert cal.holidays == frozenset() and cal.workdays == frozenset()


def test_a_malformed_date_is_skipped_and_the_rest_still_read() -> None:
    cal = calendar_from_data([{"year": 2030, "holidays": ["bad", "2030-02-01"], "workdays": []}])
    assert cal.holidays == frozenset({D(2030, 2, 1)})


def test_several_staff_added_years_are_all_kept() -> None:
    cal = calendar_from_data(
        [
            {"year": 2030, "holidays": ["2030-02-01"], "workdays": ["2030-02-02"]},
            {"year": 2031, "holidays": ["2031-02-03"], "workdays": ["2031-02-08"]},
        ]
    )
    assert cal.known_years == frozenset({2030, 2031})
    assert cal.holidays == frozenset({D(2030, 2, 1), D(2031, 2, 3)})
    assert cal.workdays == frozenset({D(2030, 2, 2), D(2031, 2, 8)})


def test_calendar_from_data_reads_dates_and_date_text() -> None:
    cal = calendar_from_data(
        [{"year": 2030, "holidays": [D(2030, 2, 1), "2030-02-02"], "workdays": None}]
    )
    assert cal.holidays == frozenset({D(2030, 2, 1), D(2030, 2, 2)})
    assert cal.workdays == frozenset()


def test_merged_keeps_the_other_years_of_both() -> None:
    a = WorkCalendar({D(2030, 1, 1), D(2031, 1, 1)}, {D(2030, 1, 5), D(2031, 1, 4)}, {2030, 2031})
    b = WorkCalendar({D(2031, 1, 2)}, {D(2031, 1, 5)}, {2031, 2032})
    merged = a.merged(b)
    assert merged.known_years == frozenset({2030, 2031, 2032})
    assert merged.holidays == frozenset({D(2030, 1, 1), D(2031, 1, 2)})
    assert merged.workdays == frozenset({D(2030, 1, 5), D(2031, 1, 5)})


def test_built_in_years_are_contiguous() -> None:
    years = builtin_calendar().known_years
    assert years == frozenset(range(min(years), max(years) + 1))
    assert min(years) == 2004
