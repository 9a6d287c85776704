"""Inspection results (抽查结果) against the draws, the directories and the deadlines, one
module per rule family:

- `scope`: which result, for which target (the task's live draw selected it), and a result
  list file's order;
- `officers`: by the officers the draw assigned, or documented substitutes;
- `content`: the task's items, codes that agree with each other and with the target
  directory, methods, follow-up;
- `dates`: inspected after the draw and within the window, published after the inspection;
- `history`: once published, a result changes only with a correction entry;
- `deadlines` and `calendars`: published within the configured working days of the
  inspection (企业信息公示暂行条例 第六条), on the staff-added working calendars.
"""

from __future__ import annotations

from spotcheck.checks.results.calendars import check_calendars, records_calendar
from spotcheck.checks.results.content import (
    check_result_follow_up,
    check_result_items,
    check_result_registration,
)
from spotcheck.checks.results.dates import check_result_dates
from spotcheck.checks.results.deadlines import check_deadlines
from spotcheck.checks.results.history import check_published_edits
from spotcheck.checks.results.officers import check_result_officers
from spotcheck.checks.results.scope import check_result_list_order, check_result_targets

RESULT_CHECKS = (
    check_calendars,
    check_result_targets,
    check_result_list_order,
    check_result_officers,
    check_result_items,
    check_result_registration,
    check_result_dates,
    check_result_follow_up,
    check_published_edits,
    check_deadlines,
)

# The checks whose findings about a task (on its results, or its draws) depend on that task's
# results and on no other task's: validation keeps their messages task by task. Each is checked
# against the task's draw, plan, the directories and the calendars; the calendars' own check
# and a list file's order (several tasks' results may share a file's rule) are run whole.
TASK_CHECKS = tuple(
    check for check in RESULT_CHECKS if check not in (check_calendars, check_result_list_order)
)

__all__ = ["RESULT_CHECKS", "TASK_CHECKS", "records_calendar"]
