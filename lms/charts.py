"""Charts as data for server-rendered SVG, for any app's pages: the templates
``charts/_bars.html``, ``charts/_columns.html`` and ``charts/_lines.html`` draw them from these
rows (their styles are in the site's stylesheet). The SVG's view box is 320 units wide, a phone's
width, and it scales to the width of its tile: nothing is wider than the screen, and no script or
external file is needed. A page shows each chart's figures as a table too (the charts are
images to a screen reader: their ``summary`` is the description, the table the data)."""

from collections.abc import Iterable
from dataclasses import dataclass

WIDTH = 320
# Horizontal bars: the label on one line, the bar under it, the value at the right end.
BAR_SPACE = 240
BAR_ROW = 36
LABEL_CHARS = 44
# Columns: the plot's height and the room for labels under it and values above it.
COLUMN_PLOT = 110
COLUMN_TOP = 18
COLUMN_BOTTOM = 22


def _short(label: str, length: int = LABEL_CHARS) -> str:
    label = str(label)
    return label if len(label) <= length else label[: length - 1] + "…"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown
    tone: str = ""  # "", "good", "warn", "bad": a CSS modifier, never the only cue
    # Set by ``bars``: geometry in view-box units.
    y: float = 0
    width: float = 0

    @property
    def label_short(self) -> str:
        return _short(self.label)

    @property
    def label_y(self) -> float:
        return self.y + 12

    @property
    def bar_y(self) -> float:
        return self.y + 17

    @property
    def value_y(self) -> float:
        # On the bar's line, right of the longest bar: never over a long label.
        return self.y + 27


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: float

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def value_x(self) -> int:
        return WIDTH - 2

    @property
    def summary(self) -> str:
        """Every bar in words, for the SVG's description."""
        return "; ".join(f"{bar.label}: {bar.text}" for bar in self.bars)


def bars(rows: Iterable[tuple], *, maximum: float | None = None) -> BarChart:
    """A horizontal bar chart of ``rows`` — (label, value, text[, tone]) — scaled to
    ``maximum`` (the largest value when None)."""
    rows = list(rows)
    top = maximum if maximum is not None else max((float(r[1]) for r in rows), default=0)
    drawn = []
    for number, row in enumerate(rows):
        label, value, text = row[0], float(row[1] or 0), row[2]
        tone = row[3] if len(row) > 3 else ""
        width = BAR_SPACE * value / top if top else 0
        drawn.append(
            Bar(
                label=str(label),
                value=value,
                text=str(text),
                tone=tone,
                y=number * BAR_ROW,
                # A zero still shows a sliver, so a missing bar is never mistaken for no data.
                width=round(max(width, 1.5), 1),
            )
        )
    return BarChart(bars=drawn, height=max(len(drawn) * BAR_ROW, BAR_ROW))


@dataclass(frozen=True)
class Column:
    label: str
    value: float
    text: str
    x: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return COLUMN_TOP + COLUMN_PLOT - self.height

    @property
    def value_y(self) -> float:
        return round(self.top - 4, 1)

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class ColumnChart:
    columns: list[Column]

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return COLUMN_TOP + COLUMN_PLOT + COLUMN_BOTTOM

    @property
    def baseline(self) -> int:
        return COLUMN_TOP + COLUMN_PLOT

    @property
    def label_y(self) -> int:
        return COLUMN_TOP + COLUMN_PLOT + 15

    @property
    def summary(self) -> str:
        return "; ".join(f"{column.label}: {column.text}" for column in self.columns)


def columns(rows: Iterable[tuple]) -> ColumnChart:
    """A column chart of ``rows`` — (label, value, text) — left to right, scaled to the largest
    value; labels are kept short (a date, a month)."""
    rows = list(rows)
    top = max((float(r[1] or 0) for r in rows), default=0)
    slot = WIDTH / max(len(rows), 1)
    drawn = []
    for number, (label, value, text) in enumerate(rows):
        value = float(value or 0)
        height = COLUMN_PLOT * value / top if top else 0
        drawn.append(
            Column(
                label=_short(label, 8),
                value=value,
                text=str(text),
                x=round(number * slot + slot * 0.15, 1),
                width=round(slot * 0.7, 1),
                height=round(max(height, 1.0), 1),
            )
        )
    return ColumnChart(columns=drawn)


# Lines: a plot of 0–``maximum`` (a percentage by default) with room for labels left and under.
LINE_LEFT = 30
LINE_RIGHT = 8
LINE_TOP = 10
LINE_PLOT = 120
LINE_BOTTOM = 22
# At most this many period labels under the plot, so they never overlap on a phone.
LINE_LABELS = 6


@dataclass(frozen=True)
class LinePoint:
    x: float
    y: float
    label: str
    text: str


@dataclass(frozen=True)
class Series:
    name: str
    points: list[LinePoint]  # only the periods with a value
    tone: str = ""  # "" for the main line, "company" for the comparison

    @property
    def path(self) -> str:
        """The ``points`` attribute of a polyline (a gap in the data is bridged)."""
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class XLabel:
    x: float
    text: str


@dataclass(frozen=True)
class LineChart:
    series: list[Series]
    ticks: list[Tick]
    labels: list[XLabel]

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return LINE_TOP + LINE_PLOT + LINE_BOTTOM

    @property
    def left(self) -> int:
        return LINE_LEFT

    @property
    def right(self) -> int:
        return WIDTH - LINE_RIGHT

    @property
    def baseline(self) -> int:
        return LINE_TOP + LINE_PLOT

    @property
    def label_y(self) -> int:
        return LINE_TOP + LINE_PLOT + 16

    @property
    def summary(self) -> str:
        return "; ".join(
            f"{series.name}: " + ", ".join(f"{p.label} {p.text}" for p in series.points)
            for series in self.series
            if series.points
        )


def lines(
    labels: Iterable[str],
    series: Iterable[tuple],
    *,
    maximum: float = 100,
    unit: str = "",
) -> LineChart:
    """A line chart over ``labels`` (the periods, left to right) of ``series`` — (name, values,
    texts[, tone]) with one value (or None: no figure that period) and one shown text per
    label — on a scale of 0 to ``maximum``, with ticks at 0, half and ``maximum``."""
    labels = [str(label) for label in labels]
    count = len(labels)
    span = WIDTH - LINE_LEFT - LINE_RIGHT
    step = span / (count - 1) if count > 1 else 0

    def x_of(index: int) -> float:
        return round(LINE_LEFT + (index * step if count > 1 else span / 2), 1)

    def y_of(value: float) -> float:
        value = min(max(float(value), 0), maximum) if maximum else 0
        return round(LINE_TOP + LINE_PLOT - (LINE_PLOT * value / maximum if maximum else 0), 1)

    drawn = []
    for row in series:
        name, values, texts = row[0], list(row[1]), list(row[2])
        tone = row[3] if len(row) > 3 else ""
        points = [
            LinePoint(x=x_of(i), y=y_of(value), label=labels[i], text=str(texts[i]))
            for i, value in enumerate(values)
            if value is not None
        ]
        drawn.append(Series(name=str(name), points=points, tone=tone))
    every = max(1, -(-count // LINE_LABELS))  # ceil: at most LINE_LABELS labels
    shown = [XLabel(x=x_of(i), text=_short(labels[i], 8)) for i in range(0, count, every)]
    ticks = [Tick(y=y_of(value), text=f"{value:g}{unit}") for value in (0, maximum / 2, maximum)]
    return LineChart(series=drawn, ticks=ticks, labels=shown)
