"""What each role may do with quality control's admin-managed models (see ``lms.people.roles``).

Scorecards are kept in the admin by QA evaluators and content leads (who own the lessons the
criteria link to). Evaluations are records made through ``quality.services.scoring`` with its own
rules on who may evaluate whom, so no role gets model rights on them.
"""

from lms.people.roles import CONTENT_LEADS, QA_EVALUATORS, grant

SCORECARD_PERMISSIONS = [
    "quality.add_scorecard",
    "quality.change_scorecard",
    "quality.delete_scorecard",
    "quality.view_scorecard",
]
grant(QA_EVALUATORS, SCORECARD_PERMISSIONS)
grant(CONTENT_LEADS, SCORECARD_PERMISSIONS)
