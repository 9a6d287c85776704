"""The domain model: typed views of the records that every command, check, export and page
uses, each idea defined once.

- `tasks`: a task of an annual plan (`TaskRef`), its departments and officer slots.
- `attempts`: a task's commitments, reveals, draws and voids by attempt; its live draw.
- `draws`: the live draw's selected targets and reserves with their officers (`TaskDraw`).
- `results`: result files, problems found, and when a result counts as published.
- `task_records`: one task with all of the above (`TaskRecords`).
- `figures`: the published figures (selected, inspected, published, problems) of a task,
  and their sums by year or department.
- `seed_sources`: the kinds of seed source, their names and required fields.
"""

from spotcheck.model.attempts import (
    Attempts,
    attempt_of,
    attempts_by_task,
    attempts_of,
    live_draws,
)
from spotcheck.model.draws import (
    DrawnTarget,
    NotDrawnError,
    TaskDraw,
    drawn_targets,
    selected_count,
    target_for_result,
    task_draws,
)
from spotcheck.model.figures import Figures, figures_by, figures_of, task_figures, total
from spotcheck.model.results import (
    NO_PROBLEM,
    REGISTRATION_CODES,
    RESULT_LIST_MODELINE,
    RESULT_MODELINE,
    has_problem,
    is_published,
    published_by,
    published_results,
    result_folder,
    result_list_path,
    result_path,
    results_by_task,
)
from spotcheck.model.seed_sources import SEED_SOURCE_NAMES, SEED_SOURCES, SeedSourceKind
from spotcheck.model.task_records import TaskRecords, task_records
from spotcheck.model.tasks import (
    MINIMUM_OFFICERS,
    TaskRef,
    all_tasks,
    department_names,
    find_task,
    is_joint,
    parse_date,
    participating_departments,
    slots_per_department,
)

__all__ = [
    "MINIMUM_OFFICERS",
    "NO_PROBLEM",
    "REGISTRATION_CODES",
    "RESULT_LIST_MODELINE",
    "RESULT_MODELINE",
    "SEED_SOURCES",
    "SEED_SOURCE_NAMES",
    "Attempts",
    "DrawnTarget",
    "Figures",
    "NotDrawnError",
    "SeedSourceKind",
    "TaskDraw",
    "TaskRecords",
    "TaskRef",
    "all_tasks",
    "attempt_of",
    "attempts_by_task",
    "attempts_of",
    "department_names",
    "drawn_targets",
    "figures_by",
    "figures_of",
    "find_task",
    "has_problem",
    "is_joint",
    "is_published",
    "live_draws",
    "parse_date",
    "participating_departments",
    "published_by",
    "published_results",
    "result_folder",
    "result_list_path",
    "result_path",
    "results_by_task",
    "selected_count",
    "slots_per_department",
    "target_for_result",
    "task_draws",
    "task_figures",
    "task_records",
    "total",
]
