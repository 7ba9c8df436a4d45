"""Item statistics in the Wagtail admin, for whoever may edit quizzes (authors, content leads,
administrators): every quiz's pass rate and mean score, each question's facility and
discrimination and how often each of its options was picked (per gap for a cloze), and the
questions that learners fail most across the whole bank.

The computing is in ``quizzes/statistics.py``; these views only check the permission, read the
sort order from the query string and render. The hook functions at the end are registered in
``quizzes/wagtail_hooks.py``.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.widgets import Button

from lms.core.decorators import PermittedMenuItem, admin_permission_required
from quizzes.models import Question, Quiz
from quizzes.statistics import (
    HARD_FACILITY,
    MIN_ASKED_FOR_BANK,
    MIN_ATTEMPTS_FOR_DISCRIMINATION,
    QUESTION_ORDERINGS,
    QUIZ_ORDERINGS,
    question_asked_in,
    question_label,
    question_option_counts_by_part,
    questions_everyone_fails,
    quiz_list_with_statistics,
    quiz_statistics,
)

STATISTICS_PERMISSION = "quizzes.change_quiz"
QUIZZES_PER_PAGE = 50


def statistics_allowed(user) -> bool:
    """Whether ``user`` may see item statistics: anyone who may edit quizzes."""
    return user.is_active and user.has_perm(STATISTICS_PERMISSION)


# Only people who may see statistics.
statistics_permission_required = admin_permission_required(statistics_allowed)


def _ordering(request, allowed, default: str) -> str:
    ordering = request.GET.get("ordering", default)
    return ordering if ordering.lstrip("-") in allowed else default


@statistics_permission_required
def quiz_statistics_index_view(request):
    """Every quiz with its submitted attempts, pass rate and mean score; sortable, paginated."""
    ordering = _ordering(request, QUIZ_ORDERINGS, "title")
    paginator = WagtailPaginator(quiz_list_with_statistics(ordering=ordering), QUIZZES_PER_PAGE)
    page = paginator.get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "quizzes/admin/statistics_index.html",
        {
            "page_obj": page,
            "elided_page_range": paginator.get_elided_page_range(page.number),
            "ordering": ordering,
        },
    )


@statistics_permission_required
def quiz_statistics_view(request, quiz_id: int):
    """One quiz: its summary and a sortable table of its questions."""
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    ordering = _ordering(request, QUESTION_ORDERINGS, "position")
    return TemplateResponse(
        request,
        "quizzes/admin/statistics_quiz.html",
        {
            "stats": quiz_statistics(quiz=quiz, ordering=ordering),
            "ordering": ordering,
            "min_attempts": MIN_ATTEMPTS_FOR_DISCRIMINATION,
            "hard_facility": HARD_FACILITY,
        },
    )


@statistics_permission_required
def quiz_question_statistics_view(request, quiz_id: int, question_id: int):
    """One question of one quiz: how often each of its options was picked in the quiz's
    submitted attempts (per gap for a cloze). 404 for a question never asked in the quiz."""
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    question = get_object_or_404(Question, pk=question_id)
    if not question_asked_in(quiz=quiz, question_id=question.pk):
        raise Http404
    return TemplateResponse(
        request,
        "quizzes/admin/statistics_question.html",
        {
            "quiz": quiz,
            "question": question,
            "label": question_label(title=question.title, text=question.text),
            "counts": question_option_counts_by_part(quiz=quiz, question_id=question.pk),
        },
    )


@statistics_permission_required
def question_bank_statistics_view(request):
    """The questions learners fail most, across every quiz."""
    return TemplateResponse(
        request,
        "quizzes/admin/statistics_questions.html",
        {
            "questions": questions_everyone_fails(),
            "min_asked": MIN_ASKED_FOR_BANK,
            "hard_facility": HARD_FACILITY,
        },
    )


urlpatterns = [
    path("", quiz_statistics_index_view, name="index"),
    path("questions/", question_bank_statistics_view, name="questions"),
    path("<int:quiz_id>/", quiz_statistics_view, name="quiz"),
    path(
        "<int:quiz_id>/questions/<int:question_id>/",
        quiz_question_statistics_view,
        name="quiz_question",
    ),
]


# --- Hook functions (registered in quizzes/wagtail_hooks.py) -----------------------------------


def quiz_statistics_admin_urls():
    """``register_admin_urls``: /admin/quizzes/statistics/ (every quiz),
    /admin/quizzes/statistics/<quiz id>/ (with /questions/<question id>/ for one of its
    questions) and /admin/quizzes/statistics/questions/."""
    return [path("quizzes/statistics/", include((urlpatterns, "quiz_statistics")))]


def quiz_statistics_menu_item():
    """``register_admin_menu_item``: "Quiz statistics", after the Quizzes menu, for those who
    may see them."""
    return PermittedMenuItem(
        _("Quiz statistics"),
        reverse("quiz_statistics:index"),
        name="quiz-statistics",
        icon_name="table",
        order=251,
        check=statistics_allowed,
    )


def quiz_statistics_listing_buttons(snippet, user, next_url=None):
    """``register_snippet_listing_buttons``: a "Statistics" entry in the "More" menu of each
    quiz in the quiz listing, for those who may see statistics."""
    if isinstance(snippet, Quiz) and statistics_allowed(user):
        yield Button(
            _("Statistics"),
            reverse("quiz_statistics:quiz", args=[snippet.pk]),
            icon_name="table",
            priority=60,
        )
