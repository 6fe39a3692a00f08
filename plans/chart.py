"""The graded hours as a step chart: planned hours week by week from the phases, and the hours
worked from check-ins over them. Pure geometry for a server-rendered SVG, with the same figures
as table rows, so the page needs no script and a screen reader gets the table."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 40


@dataclass(frozen=True)
class Week:
    number: int
    starts_on: date
    planned: Decimal | None
    worked: Decimal | None
    is_step_back: bool = False


@dataclass(frozen=True)
class HoursChart:
    weeks: list[Week]
    planned_path: str  # an SVG path: horizontal steps, one a week
    worked_points: list[tuple[float, float, str]]  # x, y, hours
    worked_line: str  # "x,y x,y" for a polyline through the weeks with hours worked
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    top: Decimal
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    axis_y: int = HEIGHT - BOTTOM


def _x(week: float, count: int) -> float:
    return round(LEFT + (WIDTH - LEFT - RIGHT) * week / count, 1)


def _y(hours: Decimal | float, top: Decimal) -> float:
    usable = HEIGHT - TOP - BOTTOM
    return round(HEIGHT - BOTTOM - usable * float(hours) / float(top or 1), 1)


def _week_labels(count: int) -> list[int]:
    """Which weeks are labelled on the axis: every one while they fit, then every nth."""
    step = max(1, -(-count // 12))
    return list(range(0, count, step))


def build_hours_chart(phases, check_ins) -> HoursChart | None:
    """The chart for ``phases`` (in order) and the plan's ``check_ins`` (any; only completed ones
    with hours count, placed in the week their due date falls in). None without phases."""
    phases = list(phases)
    if not phases:
        return None
    start, end = phases[0].starts_on, phases[-1].ends_on
    count = (end - start).days // 7 + 1
    worked: dict[int, Decimal] = {}
    for check_in in sorted(check_ins, key=lambda c: (c.due_on, c.pk or 0)):
        if check_in.status != "COMPLETED" or check_in.hours_worked is None:
            continue
        index = (check_in.due_on - start).days // 7
        if 0 <= index < count:
            worked[index] = check_in.hours_worked  # the latest answer for that week
    weeks = []
    for index in range(count):
        day = start + timedelta(weeks=index)
        phase = next((p for p in phases if p.starts_on <= day <= p.ends_on), None)
        weeks.append(
            Week(
                number=index + 1,
                starts_on=day,
                planned=phase.hours_per_week if phase else None,
                worked=worked.get(index),
                is_step_back=bool(phase and phase.is_step_back),
            )
        )
    top = max([w.planned or 0 for w in weeks] + [w.worked or 0 for w in weeks] + [Decimal(1)])
    path = []
    for w in weeks:
        if w.planned is None:
            continue
        x0, x1, y = _x(w.number - 1, count), _x(w.number, count), _y(w.planned, top)
        path.append(f"{'L' if path else 'M'}{x0},{y} L{x1},{y}")
    points = [
        (_x(w.number - 0.5, count), _y(w.worked, top), f"{w.worked.normalize():f}")
        for w in weeks
        if w.worked is not None
    ]
    return HoursChart(
        weeks=weeks,
        planned_path=" ".join(path),
        worked_points=points,
        worked_line=" ".join(f"{x},{y}" for x, y, _ in points),
        x_labels=[(_x(i + 0.5, count), str(i + 1)) for i in _week_labels(count)],
        y_ticks=[(_y(v, top), f"{v:g}") for v in (0, float(top) / 2, float(top))],
        top=top,
    )
