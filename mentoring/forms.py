"""Forms of the mentoring screens. Each checks what a person typed; the rules live in
``mentoring.services`` and their refusals are shown on the form that was sent."""

import datetime
import uuid
from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.models import Page

from mentoring.models import PracticeSkill, SkillRating, SupervisedSession
from mentoring.services import ERROR_BEFORE_PAIRING, MentoringInvalid


class ReasonForm(forms.Form):
    """A reason, required: revoking a sign-off, declining a clearance, pairing over capacity."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


# Three ratings side by side on a phone need words shorter than the ratings' full names.
RATING_TAP_LABELS = {
    SkillRating.Rating.NEEDED_HELP: pgettext_lazy("skill rating, short", "Needed help"),
    SkillRating.Rating.WITH_SUPPORT: pgettext_lazy("skill rating, short", "With support"),
    SkillRating.Rating.INDEPENDENT: pgettext_lazy("skill rating, short", "On their own"),
}


# The largest id a database column holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


class PageChoiceField(forms.ModelMultipleChoiceField):
    """Pages by id; an id no database could hold is an invalid choice, not a crash."""

    def _check_values(self, value):
        for pk in value:
            try:
                if not 0 < int(pk) <= MAX_ID:
                    raise ValueError
            except (TypeError, ValueError):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                ) from None
        return super()._check_values(value)


# The earliest time a session form accepts; older dates are typos (and some are too old for
# the time zone arithmetic). The service refuses anything before the pairing itself.
EARLIEST_SESSION = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class SessionLogForm(forms.Form):
    """The quick session form a mentor fills in on a phone right after the conversation.

    One rating field per practice skill of the newcomer's job role (``rating_<skill id>``); a
    skill left at "not practised" is not rated. Whether at least one skill is rated, and every
    other rule, is ``mentoring.services.session_log``'s to decide."""

    NOT_PRACTISED = ""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=SupervisedSession.Channel.choices,
        initial=SupervisedSession.Channel.PHONE,
        widget=forms.RadioSelect,
    )
    situation = forms.CharField(
        label=_("The customer's situation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    mentor_stepped_in = forms.BooleanField(label=_("I stepped in"), required=False)
    stepped_in_note = forms.CharField(
        label=_("What happened when you stepped in"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    strengths = forms.CharField(
        label=_("What went well"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    to_improve = forms.CharField(
        label=_("What to improve"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    suggested_lessons = PageChoiceField(
        label=_("What to study next"),
        queryset=Page.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    occurred_at = forms.DateTimeField(
        label=_("When"),
        help_text=_("Leave empty if the conversation has just ended."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        required=False,
    )

    # A new id with every blank form: sending the same form twice saves one session.
    submission_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, skills: Sequence[PracticeSkill], **kwargs):
        kwargs.setdefault("initial", {}).setdefault("submission_id", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.skills = list(skills)
        choices = [(self.NOT_PRACTISED, _("Not practised")), *RATING_TAP_LABELS.items()]
        for skill in self.skills:
            self.fields[self.rating_field_name(skill)] = forms.ChoiceField(
                label=skill.title,
                choices=choices,
                initial=self.NOT_PRACTISED,
                widget=forms.RadioSelect,
                required=False,
            )
        # Only live pages that teach one of these skills can be suggested.
        taught = PracticeSkill.teaching_pages.through.objects.filter(
            practiceskill__in=[skill.pk for skill in self.skills]
        ).values("page_id")
        self.fields["suggested_lessons"].queryset = (
            Page.objects.live().filter(pk__in=taught).order_by("title", "pk")
        )

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        if occurred_at is not None and occurred_at < EARLIEST_SESSION:
            raise ValidationError(ERROR_BEFORE_PAIRING)
        return occurred_at

    @staticmethod
    def rating_field_name(skill: PracticeSkill) -> str:
        return f"rating_{skill.pk}"

    def ratings(self) -> list[tuple[PracticeSkill, str]]:
        """The skills rated in this session with their rating, from the cleaned data."""
        rated = []
        for skill in self.skills:
            rating = self.cleaned_data.get(self.rating_field_name(skill))
            if rating:
                rated.append((skill, rating))
        return rated

    def add_refusal(self, refusal: ValidationError) -> None:
        """Show a refusal of ``session_log`` on the field at fault, or above the form (the
        ratings, which are several fields, are refused as a whole)."""
        field = getattr(refusal, "field", "")
        if isinstance(refusal, MentoringInvalid) and field in self.fields:
            self.add_error(field, refusal.message)
        else:
            for message in refusal.messages:
                self.add_error(None, message)


class AcknowledgeForm(forms.Form):
    """The newcomer confirms they read a session's feedback, with an optional reflection."""

    reflection = forms.CharField(
        label=_("Your reflection (optional)"),
        help_text=_("What you take away from this conversation, in a sentence or two."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class PairingForm(forms.Form):
    """A manager pairs a newcomer with one of the suggested mentors; a mentor at capacity
    needs a reason (``mentoring.services.pairing_create`` decides whether it is needed)."""

    mentor = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    override_reason = forms.CharField(
        label=_("Why pair beyond this mentor's capacity"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
