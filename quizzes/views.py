"""The learner's quiz screens: the quiz and its rules, the attempt form, saving one answer as
it changes, submitting, and the result with its review.

Every view needs a signed-in person and reaches attempts only through ``attempt_for_learner``,
so someone else's attempt is a 404. Nothing here decides what is right: the attempt form is
built from the public view of the questions, and the review shows right answers only where
``attempt_result`` carries them.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from quizzes.forms import AttemptForm, review_rows
from quizzes.grading import AnswerInvalid
from quizzes.models import Attempt, Quiz
from quizzes.selectors import (
    attempt_for_learner,
    attempt_questions_public,
    attempt_result,
    attempt_start_check,
    quiz_gated_lessons,
    quiz_live_or_404,
    quiz_next_step_for_learner,
    quiz_results_for_learner,
)
from quizzes.services import (
    ERROR_NOT_IN_ATTEMPT,
    AttemptClosed,
    AttemptNotAllowed,
    attempt_answer_save,
    attempt_close_if_expired,
    attempt_start,
    attempt_submit,
)


def _quiz_context(request, quiz: Quiz, *, refusal: AttemptNotAllowed | None = None) -> dict:
    """What the quiz screen shows. After a refused start, ``refusal`` gives the reason shown
    (it may differ from a fresh check's if the rules changed in between)."""
    results = quiz_results_for_learner(quiz=quiz, user=request.user)
    check = attempt_start_check(quiz=quiz, user=request.user)
    reason, retry_after = check.reason, check.retry_after
    if refusal is not None:
        reason, retry_after = refusal.reason, refusal.retry_after
    return {
        "quiz": quiz,
        "attempts": results.attempts,
        "in_progress": results.in_progress,
        "used": results.used,
        "best": results.best,
        "last": results.last,
        "can_start": check.allowed and refusal is None,
        "reason": reason,
        "retry_at": (
            timezone.now() + datetime.timedelta(seconds=retry_after) if retry_after else None
        ),
        "lessons": quiz_gated_lessons(quiz=quiz),
    }


@login_required
@require_GET
def quiz_detail_view(request, quiz_id):
    """The quiz, its rules, the person's earlier attempts, and Start (or Resume)."""
    quiz = quiz_live_or_404(quiz_id=quiz_id)
    return render(request, "quizzes/quiz_detail.html", _quiz_context(request, quiz))


@login_required
@require_POST
def attempt_start_view(request, quiz_id):
    """Start an attempt, or resume the one in progress; a refusal shows why and when the
    next attempt may start (status 403)."""
    quiz = quiz_live_or_404(quiz_id=quiz_id)
    try:
        attempt, _created = attempt_start(user=request.user, quiz=quiz)
    except AttemptNotAllowed as refusal:
        context = _quiz_context(request, quiz, refusal=refusal)
        return render(request, "quizzes/quiz_detail.html", context, status=403)
    return redirect("quizzes:attempt", attempt_id=attempt.pk)


def _attempt_page(request, attempt: Attempt, form: AttemptForm, *, status: int = 200):
    return render(
        request,
        "quizzes/attempt.html",
        {"attempt": attempt, "quiz": attempt.quiz, "form": form, "questions": form.display()},
        status=status,
    )


@login_required
@require_GET
def attempt_view(request, attempt_id):
    """The attempt's questions in one form, with the answers saved so far."""
    attempt = attempt_for_learner(attempt_id=attempt_id, user=request.user)
    attempt = attempt_close_if_expired(attempt=attempt)
    if attempt.is_submitted:
        return redirect("quizzes:attempt_result", attempt_id=attempt.pk)
    form = AttemptForm(questions=attempt_questions_public(attempt=attempt))
    return _attempt_page(request, attempt, form)


@login_required
@require_POST
def attempt_submit_view(request, attempt_id):
    """Save every answer posted, then submit and grade. A malformed answer re-shows the form
    with what was typed; time running out submits what was saved before the deadline."""
    attempt = attempt_for_learner(attempt_id=attempt_id, user=request.user)
    if attempt.is_submitted:
        return redirect("quizzes:attempt_result", attempt_id=attempt.pk)
    form = AttemptForm(request.POST, questions=attempt_questions_public(attempt=attempt))
    try:
        saved = form.is_valid() and form.save(attempt=attempt)
    except AttemptClosed as closed:
        messages.warning(request, closed.message)
        return redirect("quizzes:attempt_result", attempt_id=attempt.pk)
    if not saved:
        return _attempt_page(request, attempt, form, status=400)
    attempt_submit(attempt=attempt)
    return redirect("quizzes:attempt_result", attempt_id=attempt.pk)


@login_required
@require_POST
def answer_save_view(request, attempt_id, question_id):
    """Save one answer as the person changes it (the page's script posts the question's own
    fields). Answers JSON: ``{"saved": true}``, or ``{"saved": false, "error": …}`` with 400
    (a malformed answer) or 409 (the attempt takes no more answers)."""
    attempt = attempt_for_learner(attempt_id=attempt_id, user=request.user)
    question = next(
        (q for q in attempt_questions_public(attempt=attempt) if q["id"] == question_id), None
    )
    if question is None:
        raise Http404(ERROR_NOT_IN_ATTEMPT)
    form = AttemptForm(request.POST, questions=[question])
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        return JsonResponse({"saved": False, "error": " ".join(errors)}, status=400)
    answer = form.answers()[question_id]  # None when the person emptied the question
    try:
        attempt_answer_save(attempt=attempt, question_id=question_id, data=answer)
    except AnswerInvalid as invalid:
        return JsonResponse({"saved": False, "error": str(invalid.message)}, status=400)
    except AttemptClosed as closed:
        result_url = reverse("quizzes:attempt_result", kwargs={"attempt_id": attempt.pk})
        return JsonResponse(
            {"saved": False, "error": str(closed.message), "result_url": result_url}, status=409
        )
    return JsonResponse({"saved": True})


@login_required
@require_GET
def attempt_result_view(request, attempt_id):
    """Score, pass or fail, and each question with the person's answer; right answers and
    explanations only as the quiz allows."""
    attempt = attempt_close_if_expired(
        attempt=attempt_for_learner(attempt_id=attempt_id, user=request.user)
    )
    if not attempt.is_submitted:
        return redirect("quizzes:attempt", attempt_id=attempt.pk)
    result = attempt_result(attempt=attempt)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "result": result,
        "rows": review_rows(result["review"]),
        "next_step": quiz_next_step_for_learner(quiz=attempt.quiz, user=request.user),
    }
    # After a fail, "Try again" starts the next attempt in one tap, or the page says why and
    # when it can't. Checked for every result, so the page costs the same whatever the verdict.
    check = attempt_start_check(quiz=attempt.quiz, user=request.user)
    if not result["passed"] and not result["awaiting_grading"]:
        context.update(
            {
                "can_retry": check.allowed,
                "reason": check.reason,
                "retry_at": (
                    timezone.now() + datetime.timedelta(seconds=check.retry_after)
                    if check.retry_after
                    else None
                ),
            }
        )
    return render(request, "quizzes/attempt_result.html", context)
