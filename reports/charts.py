"""Horizontal bar charts as inline SVG, drawn on the server (no JavaScript, ADR 19).

:func:`bar_chart` works out every coordinate; ``templates/reports/_chart.html`` only writes
them out. Bars may be negative (a score that fell): they grow left from a zero line. The chart
is an image with a title (``role="img"``, ``aria-labelledby``); the table beside it holds the
same figures for anyone who cannot see it.
"""

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 210
VALUE_WIDTH = 60
ROW_HEIGHT = 30
BAR_HEIGHT = 20
TOP = 8
LABEL_CHARACTERS = 30


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    x: float
    y: float
    width: float
    text_x: float
    text_anchor: str
    label_y: float
    negative: bool


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    bars: list[Bar]
    width: int
    height: int
    zero_x: float
    label_x: float
    bar_height: int


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def bar_chart(
    chart_id: str, title: str, rows: list[tuple[str, float, str]], maximum: float | None = None
) -> Chart | None:
    """A chart of ``rows`` (label, value, value as shown), or None when there is nothing to
    draw. ``maximum`` fixes the scale (100 for percentages); otherwise the largest value sets
    it."""
    if not rows:
        return None
    values = [float(value) for _label, value, _text in rows]
    most = max([abs(v) for v in values] + [maximum or 0])
    if most == 0:
        most = 1
    has_negative = any(v < 0 for v in values)
    plot_left = LABEL_WIDTH
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    if has_negative:
        # Room for the value text left of a negative bar too.
        plot_left += VALUE_WIDTH
        plot_width -= VALUE_WIDTH
        zero_x = plot_left + plot_width / 2
        scale = (plot_width / 2) / most
    else:
        zero_x = plot_left
        scale = plot_width / most
    bars = []
    for index, (label, value, text) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        length = abs(float(value)) * scale
        negative = float(value) < 0
        x = zero_x - length if negative else zero_x
        bars.append(
            Bar(
                label=_short(label),
                text=text,
                x=round(x, 1),
                y=y,
                width=round(length, 1),
                text_x=round(x - 6 if negative else x + length + 6, 1),
                text_anchor="end" if negative else "start",
                label_y=y + BAR_HEIGHT * 0.72,
                negative=negative,
            )
        )
    return Chart(
        id=chart_id,
        title=title,
        bars=bars,
        width=WIDTH,
        height=TOP * 2 + len(rows) * ROW_HEIGHT,
        zero_x=round(zero_x, 1),
        label_x=LABEL_WIDTH - 8,
        bar_height=BAR_HEIGHT,
    )
