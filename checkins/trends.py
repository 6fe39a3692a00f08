"""Server-rendered trend charts for the case page: SVG geometry plus a table alternative."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

WIDTH, HEIGHT, PAD = 600, 220, 36

MEASURES = [
    ("sleep", _("Sleep")),
    ("mood", _("Mood")),
    ("energy", _("Energy")),
    ("symptoms", _("Symptom intensity")),
    ("work_ability", _("Work ability")),
]


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    points: str  # "x,y x,y" for an SVG polyline
    dots: list[tuple[float, float, str]]


@dataclass(frozen=True)
class Chart:
    title: str
    series: list[Series]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    width: int = WIDTH
    height: int = HEIGHT


def _x(i: int, n: int) -> float:
    usable = WIDTH - 2 * PAD
    return PAD + (usable * i / (n - 1) if n > 1 else usable / 2)


def _y(value: float, top: float) -> float:
    return HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value / top if top else 0)


def _series(key, label, values, top) -> Series | None:
    n = len(values)
    coords = [
        (round(_x(i, n), 1), round(_y(float(v), top), 1), str(v))
        for i, v in enumerate(values)
        if v is not None
    ]
    if not coords:
        return None
    return Series(key, label, " ".join(f"{x},{y}" for x, y, _ in coords), coords)


def build_charts(check_ins) -> list[Chart]:
    """Charts of completed check-ins in date order: the 0–10 measures, and planned vs actual
    hours. Empty when there are none."""
    done = [c for c in check_ins if c.status == "COMPLETED"]
    if not done:
        return []
    x_labels = [
        (round(_x(i, len(done)), 1), date_format(c.due_on, "j M")) for i, c in enumerate(done)
    ]
    scales = [
        s
        for key, label in MEASURES
        if (s := _series(key, label, [getattr(c, key) for c in done], 10)) is not None
    ]
    top = max(
        [float(c.planned_hours or 0) for c in done]
        + [float(c.hours_worked or 0) for c in done]
        + [1.0]
    )
    hours = [
        s
        for s in (
            _series("planned", _("Planned hours"), [c.planned_hours for c in done], top),
            _series("actual", _("Hours worked"), [c.hours_worked for c in done], top),
        )
        if s is not None
    ]
    return [
        Chart(
            _("Scores from 0 to 10"), scales, x_labels, [(_y(v, 10), str(v)) for v in (0, 5, 10)]
        ),
        Chart(
            _("Planned and worked hours a week"),
            hours,
            x_labels,
            [(_y(v, top), f"{v:g}") for v in (0, top / 2, top)],
        ),
    ]
