"""The daily review screens: today's next card, answering it, and its result.

One card at a time, answered on the server with the attempt's own form and grading; the page
never holds a right answer before the card is answered. A flashcard shows its term alone; "Show
the answer" (a second step, no script needed) brings its definition and only then the four
ratings.
Every view needs a signed-in person and reaches cards only through ``review_card_for_learner``,
so someone else's card, or one the review would not show, is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from quizzes.forms import AttemptForm, review_rows
from quizzes.grading import AnswerInvalid
from quizzes.models import ReviewCard
from quizzes.review_selectors import (
    review_card_for_learner,
    review_card_public,
    review_card_result,
    review_card_reveal,
    review_day_for_learner,
    review_next_due,
    review_queue_for_learner,
)
from quizzes.review_services import (
    ERROR_NOT_SHOWN,
    ReviewNotAllowed,
    review_card_answer,
    review_card_rate,
    review_cards_show,
)

ERROR_NO_ANSWER = _("Give an answer, or press “I don't remember”.")


def _blank(answer: dict | None) -> bool:
    if answer is None:
        return True
    if "choices" in answer:
        return not answer["choices"]
    if "text" in answer:
        return not answer["text"].strip()
    return False


def _today(request):
    now = timezone.now()
    day = review_day_for_learner(user=request.user, now=now)
    return now, day, review_queue_for_learner(user=request.user, now=now, day=day)


def _review_page(
    request, *, card: ReviewCard | None, day, due_count: int, form=None, status=200, reveal=False
):
    """The review screen with ``card`` (already shown), or the "nothing now" state. For a
    flashcard, ``reveal`` shows its definition and the ratings; without it, the term alone."""
    context = {"day": day, "due_count": due_count, "card": card}
    if card is None:
        context["next_due"] = review_next_due(user=request.user)
    elif card.is_flashcard:
        # The term alone: its definition reaches the browser only once the person asks
        # to see it (a second step), and the ratings only come with it.
        context["public"] = review_card_public(card)
        context["revealed"] = review_card_reveal(card) if reveal else None
    else:
        public = review_card_public(card)
        form = form or AttemptForm(questions=[public["question"]])
        context.update({"public": public, "form": form, "questions": form.display()})
    return render(request, "quizzes/review.html", context, status=status)


def _form_refused(request, card: ReviewCard, form: AttemptForm):
    _now, day, queue = _today(request)
    return _review_page(request, card=card, day=day, due_count=len(queue), form=form, status=400)


@login_required
@require_GET
def review_view(request):
    """Today's next due card (the one already on screen, if any), with the day's figures; or,
    with nothing due within the daily limit, when the next card comes."""
    now, day, queue = _today(request)
    # The card already waiting for its answer comes first, so a reload shows the same one.
    card = next((c for c in queue if c.is_waiting), queue[0] if queue else None)
    if card is not None:
        review_cards_show(cards=[card], now=now)
    # "Show the answer" comes back here with the card's id: a stale id reveals nothing.
    reveal = card is not None and request.GET.get("reveal") == str(card.pk)
    return _review_page(request, card=card, day=day, due_count=len(queue), reveal=reveal)


@login_required
@require_POST
def review_answer_view(request, card_id):
    """Answer the card on screen (or rate the flashcard), then show its result. A blank or
    malformed answer shows the card again with what was entered (400); a card that takes no
    answer now goes back to the review with the reason."""
    card = review_card_for_learner(card_id=card_id, user=request.user)
    if card.is_answered:
        # A second click on "Check": the first one was counted.
        return redirect("quizzes:review_result", card_id=card.pk)
    if not card.is_waiting:
        messages.warning(request, ERROR_NOT_SHOWN)
        return redirect("quizzes:review")
    form = None
    try:
        if card.is_flashcard:
            review_card_rate(card=card, rating=request.POST.get("rating"))
        elif "dont_know" in request.POST:
            review_card_answer(card=card, data=None)
        else:
            question = review_card_public(card)["question"]
            form = AttemptForm(request.POST, questions=[question])
            if not form.is_valid():
                return _form_refused(request, card, form)
            answer = form.answers()[question["id"]]
            if _blank(answer):
                form.question_errors[question["id"]] = [str(ERROR_NO_ANSWER)]
                return _form_refused(request, card, form)
            review_card_answer(card=card, data=answer)
    except AnswerInvalid as invalid:
        if form is None:
            messages.warning(request, invalid.message)
            return redirect("quizzes:review")
        form.question_errors[card.snapshot["question_id"]] = [str(invalid.message)]
        return _form_refused(request, card, form)
    except ReviewNotAllowed as refusal:
        messages.warning(request, refusal.message)
        return redirect("quizzes:review")
    return redirect("quizzes:review_result", card_id=card.pk)


@login_required
@require_GET
def review_result_view(request, card_id):
    """The answered card: right or wrong, the right answer and why, and when it comes back."""
    card = review_card_for_learner(card_id=card_id, user=request.user)
    if not card.is_answered:
        return redirect("quizzes:review")
    result = review_card_result(card)
    rows = review_rows([result["question"]]) if result["question"] else []
    return render(
        request,
        "quizzes/review_result.html",
        {"card": card, "result": result, "row": rows[0] if rows else None},
    )
