"""The staff-added working calendars (records/calendars/<year>.yaml) the deadlines use."""

from __future__ import annotations

from collections.abc import Iterator

from spotcheck.checks.base import CheckContext, Finding
from spotcheck.checks.results.common import as_list
from spotcheck.model import parse_date
from spotcheck.records import RecordSet
from spotcheck.results.calendar import WorkCalendar, work_calendar


def records_calendar(records: RecordSet) -> WorkCalendar:
    return work_calendar(c.data for c in records.of("calendar"))


def check_calendars(records: RecordSet, context: CheckContext) -> Iterator[Finding]:
    """A calendar file holds its own year; make-up workdays are weekends; no date is both."""
    for calendar in records.of("calendar"):
        year = calendar.data.get("year")
        name = calendar.path.rsplit("/", 1)[-1].split(".")[0]
        if isinstance(year, int) and name.isdigit() and int(name) != year:
            yield Finding(
                calendar,
                ("year",),
                f"年度 {year} 与文件名 {name} 不符",
                expected=f"文件应为 records/calendars/{year}.yaml",
                code="calendar-year",
            )
        holidays = [parse_date(d) for d in as_list(calendar.data.get("holidays"))]
        workdays = [parse_date(d) for d in as_list(calendar.data.get("workdays"))]
        for field, days in (("holidays", holidays), ("workdays", workdays)):
            for index, day in enumerate(days):
                if day is not None and isinstance(year, int) and day.year != year:
                    yield Finding(
                        calendar,
                        (field, index),
                        f"日期 {day} 不在 {year} 年内",
                        expected=f"只应列出 {year} 年的日期",
                        code="calendar-year",
                    )
        for index, day in enumerate(workdays):
            if day is not None and day.weekday() < 5:
                yield Finding(
                    calendar,
                    ("workdays", index),
                    f"调休上班日 {day} 是工作日（星期{'一二三四五'[day.weekday()]}）",
                    expected="调休上班日应为星期六或星期日",
                    code="calendar-workday",
                )
            if day is not None and day in holidays:
                yield Finding(
                    calendar,
                    ("workdays", index),
                    f"{day} 同时列为放假日期和调休上班日",
                    expected="每个日期只能属于其中之一",
                    code="calendar-conflict",
                )
