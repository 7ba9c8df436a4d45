"""Quizzes in the main navigation: the daily review, for people with review cards, with the
number of cards the daily limit still lets them review now; and, while any wait, the open answers
a mentor or manager has to grade, with their number."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from lms.core.navigation import NavLink, register
from quizzes.queue_selectors import waiting_count_expression, waiting_exists_expression
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
register(
    NavLink(
        name="open_answers",
        label=_("Answers to grade"),
        url_name="quizzes:grading_queue",
        order=35,
        shown=waiting_exists_expression,
        badge=waiting_count_expression,
        badge_label=ngettext_lazy(
            "%(count)d answer to grade", "%(count)d answers to grade", "count"
        ),
    )
)
