"""Quality trends drawn as charts (``lms.charts.lines``): the person's, team's or company's
score with the company average as a dashed line, for the trends page and other apps' pages
(the person record in reports)."""

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from lms import charts
from quality.selectors_trends import WAVE, WEEK, Trend, TrendPoint


def period_label(point: TrendPoint, by: str) -> str:
    """A period as a chart's axis and a table show it: a wave's name, a week's Monday
    ("02.11"), a month ("11.26")."""
    if by == WAVE:
        return point.period
    if by == WEEK:
        return formats.date_format(point.start, "d.m")
    return formats.date_format(point.start, "m.y")


def percent_text(value) -> str:
    return "—" if value is None else f"{formats.number_format(value, 1)} %"


def trend_chart(trend: Trend, *, name: str) -> charts.LineChart:
    """``trend`` and the company's mean in each of its periods as a line chart."""
    return charts.lines(
        [period_label(p, trend.by) for p in trend.points],
        [
            (name, [p.score for p in trend.points], [percent_text(p.score) for p in trend.points]),
            (
                _("Company average"),
                [p.company for p in trend.points],
                [percent_text(p.company) for p in trend.points],
                "company",
            ),
        ],
        unit="%",
    )
