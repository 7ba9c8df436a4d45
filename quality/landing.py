"""Where a QA evaluator lands after signing in: the quality page, at
``settings.LANDING_QA_URL`` (see ``lms.core.landing``). A QA evaluator who also manages a team
lands on their team first (the ranks decide)."""

from django.conf import settings

from lms.core import landing
from lms.people import roles
from lms.people.selectors import user_has_role


def _is_qa_evaluator(user) -> bool:
    return user_has_role(user=user, role=roles.QA_EVALUATORS)


landing.register(
    landing.LandingRule(
        name="qa_evaluator",
        rank=landing.QA_EVALUATOR,
        destination=lambda: settings.LANDING_QA_URL,
        applies=_is_qa_evaluator,
    )
)
