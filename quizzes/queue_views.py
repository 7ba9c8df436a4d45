"""The open-answer grading queue: the answers waiting for the signed-in mentor or manager,
oldest first, and the screen to grade one (the question, the grading notes, the learner's
answer; points and a comment).

Only a person who looks after someone (``grader_is``) sees the queue (403 otherwise); an answer
is reached only through ``open_answer_for_grader``, so anyone else's is a 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from lms import markdown
from quizzes.queue_selectors import grader_is, open_answer_for_grader, open_answers_waiting
from quizzes.services import OpenAnswerNotGradable, open_answer_grade

MESSAGE_GRADED = _("The answer is graded.")


class OpenAnswerGradeForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the learner"), required=False, max_length=5000, widget=forms.Textarea
    )

    def __init__(self, *args, maximum, **kwargs):
        super().__init__(*args, **kwargs)
        # Localised: "4,5" as people type it in Russian.
        self.fields["points"] = forms.DecimalField(
            label=_("Points"), min_value=0, max_value=maximum, decimal_places=2, localize=True
        )
        self.fields["points"].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        self.order_fields(["points", "comment"])


@login_required
@require_GET
def grading_queue_view(request):
    """The open answers waiting for the person, oldest first."""
    if not grader_is(user=request.user):
        raise PermissionDenied
    return render(
        request,
        "quizzes/queue/list.html",
        {"answers": list(open_answers_waiting(grader=request.user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def open_answer_grade_view(request, answer_id):
    """Grade one open answer; a graded one is shown with its grade (no second grading)."""
    answer = open_answer_for_grader(grader=request.user, answer_id=answer_id)
    maximum = answer.snapshot["points"]
    form = OpenAnswerGradeForm(request.POST or None, maximum=maximum)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                open_answer_grade(
                    attempt_question=answer,
                    grader=request.user,
                    points=form.cleaned_data["points"],
                    comment=form.cleaned_data["comment"],
                )
            except OpenAnswerNotGradable as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, MESSAGE_GRADED)
                return redirect("quizzes:grading_queue")
        answer.refresh_from_db()
        status = 400 if answer.awaiting_grading else 409
    snapshot = answer.snapshot
    notes = snapshot.get("grading_notes")
    if notes is None and answer.question is not None:
        notes = answer.question.grading_notes
    return render(
        request,
        "quizzes/queue/grade.html",
        {
            "answer": answer,
            "form": form,
            "question_html": markdown.render_format(snapshot["text"], snapshot.get("text_format")),
            "grading_notes": notes or "",
            "learner_text": (answer.response or {}).get("text", ""),
            "maximum": maximum,
        },
        status=status,
    )
