"""The recognition ranking's period and team: a month, or a range of days."""

import calendar
import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quality.selectors_recognition import MIN_EVALUATIONS

ERROR_RANGE_HALF = _("Give both the first and the last day, or choose a month.")
ERROR_RANGE_ORDER = _("The period cannot end before it starts.")
ERROR_RANGE_LONG = _("Choose a period of at most a year.")
MAX_DAYS = 366


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of ``month``'s month."""
    last = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=1), month.replace(day=last)


def last_month() -> datetime.date:
    """The first day of the month before this one: the period a ranking opens with."""
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


class MonthField(forms.DateField):
    """A month as the browser's month input sends it ("2026-11"), or a date in it."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d", "%m.%Y"]


class RankingForm(forms.Form):
    """What ranking to show: a month (``month``) or a range (``start`` and ``end``, which win
    when both are given), the team (among ``teams``; empty: everyone the reader may see) and the
    evaluations a score needs."""

    month = MonthField(label=_("Month"), required=False)
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False)
    min_evaluations = forms.IntegerField(
        label=_("Evaluations a score needs"),
        min_value=1,
        max_value=50,
        required=False,
        initial=MIN_EVALUATIONS,
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["team"].empty_label = _("Everyone I may see")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if self.errors:
            return cleaned
        if (start is None) != (end is None):
            self.add_error("end" if end is None else "start", ERROR_RANGE_HALF)
        elif start and end:
            if end < start:
                self.add_error("end", ERROR_RANGE_ORDER)
            elif (end - start).days >= MAX_DAYS:
                self.add_error("end", ERROR_RANGE_LONG)
        else:
            cleaned["start"], cleaned["end"] = month_bounds(cleaned.get("month") or last_month())
        cleaned["min_evaluations"] = cleaned.get("min_evaluations") or MIN_EVALUATIONS
        return cleaned
