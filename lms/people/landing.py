"""Where administrators, managers, authors and content leads land after signing in (see
``lms.core.landing``; mentors' rule is the mentoring app's).

- An administrator: the Wagtail admin.
- A manager (the Managers role, or anyone named a manager of a team): their team, at
  ``settings.LANDING_MANAGER_URL``. Being someone's line manager alone is no role: the content
  lead who is an author's line manager still lands on the content she reviews.
- An author or content lead: the Wagtail admin's dashboard. It lists exactly the content they
  are working on: the pages and snippets awaiting their review (content leads approve), their
  own pages and snippets in review, their most recent edits and the pages they locked; the
  page explorer would show the whole tree instead of their work.
"""

from django.conf import settings

from lms.core import landing
from lms.people import roles
from lms.people.models import Team
from lms.people.selectors import user_is_administrator, user_role_names


def _is_manager(user) -> bool:
    return (
        bool({roles.MANAGERS, roles.HR} & set(user_role_names(user=user)))
        or Team.objects.filter(managers=user).exists()
    )


def _edits_content(user) -> bool:
    return bool({roles.AUTHORS, roles.CONTENT_LEADS} & set(user_role_names(user=user)))


landing.register(
    landing.LandingRule(
        name="administrator",
        rank=landing.ADMINISTRATOR,
        destination="wagtailadmin_home",
        applies=lambda user: user_is_administrator(user=user),
    )
)
landing.register(
    landing.LandingRule(
        name="manager",
        rank=landing.MANAGER,
        destination=lambda: settings.LANDING_MANAGER_URL,
        applies=_is_manager,
    )
)
landing.register(
    landing.LandingRule(
        name="content",
        rank=landing.CONTENT,
        destination="wagtailadmin_home",
        applies=_edits_content,
    )
)
