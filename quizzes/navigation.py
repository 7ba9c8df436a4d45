"""The daily review in the main navigation, for people with review cards, with the number of
cards the daily limit still lets them review now."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from lms.core.navigation import NavLink, register
from quizzes.review_selectors import review_due_count, review_has_cards

register(
    NavLink(
        name="daily_review",
        label=_("Daily review"),
        url_name="quizzes:review",
        order=10,
        shown=review_has_cards,
        badge=lambda: review_due_count(now=timezone.now()),
        badge_label=ngettext_lazy("%(count)d card to review", "%(count)d cards to review", "count"),
    )
)
