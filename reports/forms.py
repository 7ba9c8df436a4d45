"""The filters every report takes from its URL, so that a view can be bookmarked and shared and
the dashboard's "Download" button exports exactly what is on the screen."""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.people.models import JobRole, Team

COHORT = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

ERROR_COHORT = _("Enter a month as YYYY-MM, for example 2026-09.")
ERROR_RANGE = _("The start of the period is after its end.")


class ReportFiltersForm(forms.Form):
    """Team, job role, hire cohort (a month) and a period. Teams are those the person may see:
    the teams they manage, or every team for HR and administrators (``teams`` is given by the
    view from ``reports.selectors.filters.teams_to_filter``)."""

    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams")
    )
    job_role = forms.ModelChoiceField(
        label=_("Job role"),
        queryset=JobRole.objects.all(),
        required=False,
        empty_label=_("All job roles"),
    )
    cohort = forms.CharField(
        label=_("Hired in (month)"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-09"}),
    )
    date_from = forms.DateField(
        label=pgettext_lazy("period", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("period", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams

    def clean_cohort(self) -> datetime.date | None:
        value = self.cleaned_data["cohort"].strip()
        if not value:
            return None
        match = COHORT.match(value)
        if match is None:
            raise forms.ValidationError(ERROR_COHORT)
        return datetime.date(int(match[1]), int(match[2]), 1)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", ERROR_RANGE)
        return cleaned


class CertificateRevokeForm(forms.Form):
    """Why a certificate is revoked; the holder reads it in their notification."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The holder reads it in their notification."),
    )
