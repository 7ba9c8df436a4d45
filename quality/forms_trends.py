"""The filters of the quality trends page, read from its URL so a view can be bookmarked and
shared: whose trend (a person or a team), which criterion, by what period, over which dates."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.api.schemas import MAX_ID
from lms.people.models import Team
from quality.models import Criterion
from quality.selectors_trends import GROUPING_LABELS, GROUPINGS, MONTH

ERROR_PERSON_OR_TEAM = _("Choose a person or a team, not both.")
ERROR_RANGE = _("The start of the period is after its end.")


class CriterionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.scorecard.title}: {obj.text}"


class TrendFiltersForm(forms.Form):
    """``teams`` and ``criteria`` are the querysets the reader may choose from
    (``teams_for_trends``, ``criteria_for_trends``). The person is given by a link (their id:
    the person page and the evaluation lists link here), not chosen from a list of everyone."""

    person = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label="—"
    )
    criterion = CriterionChoiceField(
        label=_("Criterion"),
        queryset=Criterion.objects.none(),
        required=False,
        empty_label=_("Overall score"),
    )
    by = forms.ChoiceField(
        label=_("Period"),
        choices=[(value, GROUPING_LABELS[value]) for value in GROUPINGS],
        required=False,
        initial=MONTH,
    )
    date_from = forms.DateField(
        label=pgettext_lazy("period", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("period", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, teams, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["criterion"].queryset = criteria

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("person") and cleaned.get("team"):
            self.add_error("team", ERROR_PERSON_OR_TEAM)
            cleaned.pop("team", None)
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_from", ValidationError(ERROR_RANGE))
            cleaned.pop("date_from", None)
        return cleaned
