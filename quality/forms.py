"""The site's evaluation forms: scoring a contact, and the person's and resolver's replies.

``EvaluationForm`` is built from a scorecard's criteria (as a version snapshots them): one
radio group per criterion (yes / no / N/A, or 0..N points / N/A) with an optional comment. The
service checks everything again; its errors are put back beside the criteria they concern."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.people.models import person_name
from quality.models import Channel, ExemplaryMark
from quality.selectors import people_search
from quality.services.scoring import NA, NO, YES, AnswerIn

LABEL_YES = _("Yes")
LABEL_NO = _("No")
LABEL_NA = _("N/A")


class PersonMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


ERROR_NO_PERSON = _("Nobody you may evaluate matches “%(query)s”: type part of a name or login.")
ERROR_SEVERAL_PEOPLE = _("Several people match “%(query)s”: %(names)s. Pick one from the list.")
# How many matches the error about several people names.
SEVERAL_SHOWN = 5


def person_label(user) -> str:
    """How the picker shows a person: name and, in brackets, the login that tells namesakes
    apart (the form reads it back)."""
    return f"{person_name(user)} ({user.get_username()})"


_LOGIN_IN_BRACKETS = re.compile(r"\(([^()]+)\)\s*$")


class PersonPickerField(forms.CharField):
    """A text input with suggestions (a ``<datalist>``) for choosing a person among
    ``people``: it takes a picked suggestion ("Name (login)") or any words of a
    name, login, email or employee ID that match exactly one of them. Whoever is outside
    ``people`` is never found, so the evaluator's scope holds whatever is posted."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 300)
        super().__init__(*args, **kwargs)
        self.people = get_user_model().objects.none()

    def prepare_value(self, value):
        # An initial user id (``?person=``) is shown as its label.
        if isinstance(value, int):
            person = self.people.filter(pk=value).first()
            return person_label(person) if person is not None else ""
        return super().prepare_value(value)

    def clean(self, value):
        text = super().clean(value)
        return self.person_find(text)

    def person_find(self, text: str):
        """The one person of ``people`` that ``text`` names; ``ValidationError`` otherwise."""
        if match := _LOGIN_IN_BRACKETS.search(text):
            found = list(self.people.filter(username=match.group(1).strip())[:2])
        else:
            found = []
        if not found:
            found = list(people_search(people=self.people, query=text)[: SEVERAL_SHOWN + 1])
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(ERROR_NO_PERSON, params={"query": text}, code="no_person")
        names = ", ".join(person_label(p) for p in found[:SEVERAL_SHOWN])
        if len(found) > SEVERAL_SHOWN:
            names += ", …"
        raise ValidationError(
            ERROR_SEVERAL_PEOPLE, params={"query": text, "names": names}, code="several"
        )


def criterion_choices(criterion: dict) -> list[tuple[str, str]]:
    if criterion["scale"] == "points":
        choices = [(str(n), str(n)) for n in range(criterion["max_points"] + 1)]
    else:
        choices = [(YES, LABEL_YES), (NO, LABEL_NO)]
    if criterion["na_allowed"]:
        choices.append((NA, LABEL_NA))
    return choices


def person_picker() -> PersonPickerField:
    """The person field of the evaluation and calibration forms: a text input with the
    ``person-options`` suggestions (``quality/evaluations/_person_picker.html``); the view sets
    its ``people``."""
    return PersonPickerField(
        label=_("Person"),
        help_text=_("Type part of the name, login or employee ID and pick from the list."),
        widget=forms.TextInput(
            attrs={"list": "person-options", "autocomplete": "off", "spellcheck": "false"}
        ),
    )


class EvaluationForm(forms.Form):
    """Score a contact with ``criteria`` (a version snapshot's list). ``people`` is the
    queryset of users the evaluator may choose (None: the person is fixed, as when a dispute is
    resolved by a change, which also asks for the ``reason`` and keeps the contact's facts; or
    a calibration scoring, with ``ask_reason=False``)."""

    person = person_picker()
    channel = forms.ChoiceField(label=_("Channel"), widget=forms.RadioSelect)
    contact_date = forms.DateField(
        label=_("Date of the contact"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=500,
        help_text=_("Call id, CRM ticket or a link to the recording."),
    )
    comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Why the evaluation changes"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args,
        criteria: list[dict],
        channels: list[str],
        people=None,
        ask_reason: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        if people is None:
            # The contact is known already (a dispute's change, a calibration scoring); only a
            # change says why (``ask_reason``).
            for name in ("person", "channel", "contact_date", "reference"):
                del self.fields[name]
            if not ask_reason:
                del self.fields["reason"]
        else:
            del self.fields["reason"]
            self.fields["person"].people = people
            self.fields["channel"].choices = [
                (value, label) for value, label in Channel.choices if value in channels
            ] or Channel.choices
            # The first channel is chosen already: most scorecards have one.
            self.fields["channel"].initial = self.fields["channel"].choices[0][0]
            # ISO, as a date input shows and sends it whatever the language.
            self.fields["contact_date"].initial = timezone.localdate
        for criterion in criteria:
            key = f"c{criterion['id']}"
            self.fields[key] = forms.ChoiceField(
                label=criterion["text"],
                choices=criterion_choices(criterion),
                widget=forms.RadioSelect,
            )
            self.fields[f"{key}_comment"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    def criterion_rows(self) -> list[dict]:
        """The criteria for the template, grouped by section in the order they appear."""
        rows = []
        for criterion in self.criteria:
            key = f"c{criterion['id']}"
            rows.append(
                {
                    "criterion": criterion,
                    "field": self[key],
                    "comment": self[f"{key}_comment"],
                    "points": criterion["scale"] == "points",
                }
            )
        return rows

    def answers(self) -> list[AnswerIn]:
        """The answers as the service takes them (points as numbers), in the criteria's order."""
        answers = []
        for criterion in self.criteria:
            key = f"c{criterion['id']}"
            value = self.cleaned_data[key]
            if value not in (YES, NO, NA):
                value = int(value)
            answers.append(AnswerIn(criterion["id"], value, self.cleaned_data[f"{key}_comment"]))
        return answers

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put the service's errors (keyed ``answers.<index>.value``, ``channel`` …) beside the
        fields they concern; the rest above the form."""
        for key, messages in exc.message_dict.items():
            parts = key.split(".")
            field = None
            if parts[0] == "answers" and len(parts) == 3 and parts[1].isdigit():
                index = int(parts[1])
                if index < len(self.criteria):
                    field = f"c{self.criteria[index]['id']}"
            elif key in self.fields:
                field = key
            for message in messages:
                self.add_error(field, message)


def initial_from(evaluation) -> dict:
    """The initial values of ``EvaluationForm`` repeating ``evaluation``'s answers."""
    initial = {"comment": evaluation.comment}
    for answer in evaluation.answers.all():
        key = f"c{answer.criterion_id}"
        initial[key] = str(answer.points) if answer.value == "points" else answer.value
        initial[f"{key}_comment"] = answer.comment
    return initial


class DisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you disagree"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Which criteria you think were scored wrongly, and why."),
    )


class UpholdForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the evaluation stands"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CalibrationForm(forms.Form):
    """A calibration session's contact and the evaluators invited to score it (the service
    checks each may evaluate the person)."""

    person = person_picker()
    channel = forms.ChoiceField(label=_("Channel"), widget=forms.RadioSelect)
    contact_date = forms.DateField(
        label=_("Date of the contact"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=500,
        help_text=_("Call id, CRM ticket or a link to the recording."),
    )
    evaluators = PersonMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        label=_("Evaluators"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each scores the contact on their own; invite yourself to score it too."),
    )

    def __init__(self, *args, channels: list[str], people, evaluators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].people = people
        self.fields["evaluators"].queryset = evaluators
        self.fields["channel"].choices = [
            (value, label) for value, label in Channel.choices if value in channels
        ] or Channel.choices
        self.fields["channel"].initial = self.fields["channel"].choices[0][0]
        self.fields["contact_date"].initial = timezone.localdate

    def add_service_errors(self, exc: ValidationError) -> None:
        for key, messages in exc.message_dict.items():
            for message in messages:
                self.add_error(key if key in self.fields else None, message)


class ExemplaryForm(forms.Form):
    note = forms.CharField(
        label=_("What makes it exemplary"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Colleagues read it with the answers, if the person agrees."),
    )


class ConsentForm(forms.Form):
    consent = forms.ChoiceField(
        label=_("May colleagues read it as a best-practice example?"),
        choices=ExemplaryMark.Consent.choices,
        widget=forms.RadioSelect,
    )
