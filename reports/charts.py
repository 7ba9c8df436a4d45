"""Charts as data for server-rendered SVG: the dashboard's templates draw them from these rows
(``reports/templates/reports/dashboard/_bars.html`` and ``_columns.html``). The SVG's view box is
320 units wide, a phone's width, and it scales to the width of its tile: nothing is wider than
the screen, and no script or external file is needed."""

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
