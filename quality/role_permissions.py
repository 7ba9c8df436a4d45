"""What each role may do with quality control's admin-managed models (see ``lms.people.roles``).

Scorecards are kept in the admin by QA evaluators and content leads (who own the lessons the
criteria link to). Evaluations are records made through ``quality.services.scoring`` with its own
rules on who may evaluate whom, so no role gets model rights on them.
"""

from lms.people.roles import CONTENT_LEADS, MANAGERS, QA_EVALUATORS, grant

SCORECARD_PERMISSIONS = [
    "quality.add_scorecard",
    "quality.change_scorecard",
    "quality.delete_scorecard",
    "quality.view_scorecard",
]
grant(QA_EVALUATORS, SCORECARD_PERMISSIONS)
grant(CONTENT_LEADS, SCORECARD_PERMISSIONS)

# Feedback categories (and their mapping to criteria) are kept by QA evaluators and managers.
FEEDBACK_CATEGORY_PERMISSIONS = [
    "quality.add_feedbackcategory",
    "quality.change_feedbackcategory",
    "quality.delete_feedbackcategory",
    "quality.view_feedbackcategory",
]
grant(QA_EVALUATORS, FEEDBACK_CATEGORY_PERMISSIONS)
grant(MANAGERS, FEEDBACK_CATEGORY_PERMISSIONS)
