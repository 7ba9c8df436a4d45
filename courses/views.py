"""The learner's writes outside the page tree: marking a lesson done, and the short refresher
of a published change (read it, then answer its questions or say it is read).

Courses and lessons themselves are Wagtail pages (``courses.models.learning``); their templates
show the states that ``courses.selectors`` computes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from courses.hooks import change_quiz
from courses.models import LessonPage
from courses.selectors import (
    change_assignment_for_learner,
    change_content_url,
)
from courses.services import GateNotPassed, LessonLocked, change_acknowledge, lesson_complete

MESSAGE_LESSON_DONE = _("Lesson done.")
MESSAGE_CHANGE_READ = _("Done: the refresher is complete.")
ERROR_NO_CHANGE = _("No such refresher.")


@login_required
@require_POST
def lesson_complete_view(request, lesson_id):
    """Mark a lesson done and go on to ``next`` (a local URL: the next lesson or the course),
    or back to the lesson. A locked lesson, or one whose quiz is not passed yet, is refused
    with the reason (status 403)."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    try:
        lesson_complete(user=request.user, lesson=lesson)
    except (LessonLocked, GateNotPassed) as refusal:
        return TemplateResponse(
            request,
            "courses/lesson_locked.html",
            {
                "page": lesson,
                "course": lesson.get_parent(),
                "message": refusal.message,
                "lesson_reachable": isinstance(refusal, GateNotPassed),
            },
            status=403,
        )
    messages.success(request, MESSAGE_LESSON_DONE)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = lesson.url
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def change_view(request, assignment_id):
    """The person's refresher of a published change: what changed, a link to the content, and
    either its questions (a quiz; passing it completes the refresher) or, when it has none, a
    button saying it is read. Someone else's refresher is a 404."""
    assignment = change_assignment_for_learner(user=request.user, assignment_id=assignment_id)
    if assignment is None:
        raise Http404(ERROR_NO_CHANGE)
    if request.method == "POST":
        if change_acknowledge(assignment=assignment):
            messages.success(request, MESSAGE_CHANGE_READ)
        return redirect("courses:change", assignment_id=assignment.pk)
    change = assignment.content_change
    return TemplateResponse(
        request,
        "courses/change.html",
        {
            "assignment": assignment,
            "change": change,
            "content_url": change_content_url(change=change, request=request),
            "has_questions": assignment.change_live_quiz_id is not None,
            "change_quiz": (
                change_quiz(change=change) if assignment.change_live_quiz_id is not None else None
            ),
        },
    )
