"""Writes of the courses app, one module per concern; every public name is importable from
here (``from courses.services import assignment_create``).

- ``site``: the page skeleton;
- ``assignments``: assigning courses and quizzes, due dates, completing assignments;
- ``onboarding``: onboarding plans;
- ``lessons``: opening and completing lessons, gates, course completion;
- ``refreshers``: the periodic refresher run;
- ``changes``: change-driven refreshers and CRM release reviews.

The reads are in ``courses.selectors``."""

from courses.services.assignments import (
    ERROR_NOBODY_CHOSEN,
    ERROR_NOT_YOUR_STAFF,
    IN_BATCH,
    CourseAssignResult,
    assignment_create,
    assignments_complete_if_done,
    assignments_overdue_mark,
    course_assign,
    due_after,
    end_of_day,
    insert_from_select,
    quiz_assignments_complete,
    quiz_assignments_start,
)
from courses.services.changes import (
    change_acknowledge,
    changes_assign_pending,
    content_change_assign,
    content_change_record,
    crm_release_flag,
)
from courses.services.lessons import (
    ERROR_GATE_NOT_PASSED,
    ERROR_LESSON_LOCKED,
    ERROR_LESSON_RESTRICTED,
    GateNotPassed,
    LessonLocked,
    course_completion_check,
    lesson_complete,
    lesson_gate_pass,
    lesson_open,
)
from courses.services.onboarding import (
    onboarding_plan_assign,
    onboarding_plans_assign,
)
from courses.services.refreshers import (
    NOTIFY_SLICE,
    PolicyRun,
    RefresherRun,
    refreshers_run,
)
from courses.services.site import (
    site_structure_ensure,
)

__all__ = [
    "CourseAssignResult",
    "ERROR_GATE_NOT_PASSED",
    "ERROR_LESSON_LOCKED",
    "ERROR_LESSON_RESTRICTED",
    "ERROR_NOBODY_CHOSEN",
    "ERROR_NOT_YOUR_STAFF",
    "GateNotPassed",
    "IN_BATCH",
    "LessonLocked",
    "NOTIFY_SLICE",
    "PolicyRun",
    "RefresherRun",
    "assignment_create",
    "assignments_complete_if_done",
    "assignments_overdue_mark",
    "change_acknowledge",
    "changes_assign_pending",
    "content_change_assign",
    "content_change_record",
    "course_assign",
    "course_completion_check",
    "crm_release_flag",
    "due_after",
    "end_of_day",
    "insert_from_select",
    "lesson_complete",
    "lesson_gate_pass",
    "lesson_open",
    "onboarding_plan_assign",
    "onboarding_plans_assign",
    "quiz_assignments_complete",
    "quiz_assignments_start",
    "refreshers_run",
    "site_structure_ensure",
]
