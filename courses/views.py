"""The learner's one write outside the page tree: marking a lesson done.

Courses and lessons themselves are Wagtail pages (``courses.models.learning``); their templates
show the states that ``courses.selectors`` computes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from courses.models import LessonPage
from courses.services import GateNotPassed, LessonLocked, lesson_complete

MESSAGE_LESSON_DONE = _("Lesson done.")


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
