"""The question editor's checks of what no single field can see: a question's parts must fit
its type (a single-choice question has exactly one right choice, a numeric one has a number,
and so on). Each type says its own rules (``QuestionType.parts_errors``); the same rules hold
for imported questions (see ``quizzes.importing``).

The editor also tells the browser which parts and fields each type uses: the type select
carries ``data-question-type-parts`` (JSON, type code → part and field names) and every panel
of a part carries ``data-question-part``; ``quizzes/question_editor.js`` shows only the chosen
type's. Without the script every panel stays visible."""

import json

from wagtail.admin.forms import WagtailAdminModelForm

from quizzes.types import question_type, question_types
from quizzes.types.matching import ERROR_PAIRS_MIN
from quizzes.types.multiple_choice import ERROR_MULTIPLE_RIGHT
from quizzes.types.numeric import ERROR_NUMBER
from quizzes.types.ordering import ERROR_ITEMS_MIN
from quizzes.types.short_text import ERROR_ACCEPTED_MIN
from quizzes.types.single_choice import ERROR_CHOICES_MIN, ERROR_SINGLE_RIGHT
from quizzes.types.true_false import ERROR_TRUE_FALSE

__all__ = [
    "ERROR_ACCEPTED_MIN",
    "ERROR_CHOICES_MIN",
    "ERROR_ITEMS_MIN",
    "ERROR_MULTIPLE_RIGHT",
    "ERROR_NUMBER",
    "ERROR_PAIRS_MIN",
    "ERROR_SINGLE_RIGHT",
    "ERROR_TRUE_FALSE",
    "PART_NAMES",
    "QuestionAdminForm",
    "question_parts_errors",
    "type_parts",
]

# The question's related rows a type may read, as the editor's inline panels name them.
PART_NAMES = ("choices", "accepted_answers", "numeric_answers", "pairs")


def type_parts() -> dict[str, list[str]]:
    """Every type's parts and own fields, by type code: what the editor shows for it."""
    return {t.code: [*t.parts, *t.fields] for t in question_types()}


def _kept(formset) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


class QuestionAdminForm(WagtailAdminModelForm):
    class Media:
        js = ["quizzes/question_editor.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "type" in self.fields:
            self.fields["type"].widget.attrs["data-question-type-parts"] = json.dumps(type_parts())

    def clean(self):
        cleaned_data = super().clean()
        formsets = {name: self.formsets.get(name) for name in PART_NAMES}
        if any(formset is not None and not formset.is_valid() for formset in formsets.values()):
            return cleaned_data
        parts = {name: _kept(fs) if fs is not None else [] for name, fs in formsets.items()}
        for name in ("text", "correct_bool", "partial_credit", "matching_credit", "grading_notes"):
            parts[name] = cleaned_data.get(name)
        try:
            qtype = question_type(cleaned_data.get("type"))
        except KeyError:  # no type chosen (the field says so), or one not registered yet
            return cleaned_data
        for field, message in qtype.parts_errors(parts):
            self.add_error(field if field in self.fields else None, message)
        return cleaned_data


def question_parts_errors(
    *, qtype, choices=(), accepted=(), pairs=(), correct_bool=None, numbers=(), **fields
) -> list[tuple[str | None, str]]:
    """``(field or None, message)`` for every way the parts do not fit the type, in the
    author's words. ``choices`` is ``[(text, is_correct)]``, ``pairs`` is ``[(left, right)]``,
    ``accepted`` and ``numbers`` the texts and values; any other field of the question a type
    reads (``text``, ``grading_notes``…) may be given by name. The importer calls this; the
    editor asks the type directly with its rows."""
    parts = {
        "choices": [{"text": text, "is_correct": bool(right)} for text, right in choices],
        "accepted_answers": [{"text": text} for text in accepted],
        "numeric_answers": [{"value": value} for value in numbers],
        "pairs": [{"left": left, "right": right} for left, right in pairs],
        "correct_bool": correct_bool,
        **fields,
    }
    try:
        qtype = question_type(qtype)
    except KeyError:
        return []
    return qtype.parts_errors(parts)
