"""The question editor's checks of what no single field can see: a question's parts must fit
its type (a single-choice question has exactly one right choice, a numeric one has a number,
and so on). The same rules hold for imported questions (see ``quizzes.importing``)."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

ERROR_CHOICES_MIN = _("Add at least two choices.")
ERROR_SINGLE_RIGHT = _("Mark exactly one choice as correct.")
ERROR_MULTIPLE_RIGHT = _("Mark at least one choice as correct.")
ERROR_TRUE_FALSE = _("Say whether the statement is true or false.")
ERROR_ACCEPTED_MIN = _("Add at least one accepted answer.")
ERROR_NUMBER = _("Add at least one right number.")
ERROR_ITEMS_MIN = _("Add at least two items, in the right order.")
ERROR_PAIRS_MIN = _("Add at least two pairs.")


def _kept(formset) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


class QuestionAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned_data = super().clean()
        formsets = {
            name: self.formsets.get(name)
            for name in ("choices", "accepted_answers", "numeric_answers", "pairs")
        }
        if any(formset is not None and not formset.is_valid() for formset in formsets.values()):
            return cleaned_data
        parts = {name: _kept(fs) if fs is not None else [] for name, fs in formsets.items()}
        for field, message in question_parts_errors(
            qtype=cleaned_data.get("type"),
            choices=[(c.get("text"), bool(c.get("is_correct"))) for c in parts["choices"]],
            accepted=[a.get("text") for a in parts["accepted_answers"]],
            pairs=[(p.get("left"), p.get("right")) for p in parts["pairs"]],
            correct_bool=cleaned_data.get("correct_bool"),
            numbers=[n.get("value") for n in parts["numeric_answers"]],
        ):
            self.add_error(field, message)
        return cleaned_data


def question_parts_errors(
    *, qtype, choices, accepted, pairs, correct_bool, numbers
) -> list[tuple[str | None, str]]:
    """``(field or None, message)`` for every way the parts do not fit the type. ``choices``
    is ``[(text, is_correct)]``, ``pairs`` is ``[(left, right)]``."""
    errors = []
    right = sum(1 for _text, is_correct in choices if is_correct)
    if qtype in ("single_choice", "multiple_choice"):
        if len(choices) < 2:
            errors.append((None, ERROR_CHOICES_MIN))
        if qtype == "single_choice" and right != 1:
            errors.append((None, ERROR_SINGLE_RIGHT))
        if qtype == "multiple_choice" and right < 1:
            errors.append((None, ERROR_MULTIPLE_RIGHT))
    elif qtype == "true_false" and correct_bool is None:
        errors.append(("correct_bool", ERROR_TRUE_FALSE))
    elif qtype == "short_text" and not accepted:
        errors.append((None, ERROR_ACCEPTED_MIN))
    elif qtype == "numeric" and not numbers:
        errors.append((None, ERROR_NUMBER))
    elif qtype == "ordering" and len(choices) < 2:
        errors.append((None, ERROR_ITEMS_MIN))
    elif qtype == "matching" and len(pairs) < 2:
        errors.append((None, ERROR_PAIRS_MIN))
    return errors
