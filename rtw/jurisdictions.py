"""The countries a service can work in. Each decides its sickness-absence timeline (DOMAIN.md
section 3): which statutory steps fall due on which day, and so which milestones and worklist
prompts a case gets. A service (a team) is set to one of them.

Day counts: the first day of absence (``Worker.absence_started_on``) is day 1, so day ``n``
falls on ``absence_started_on + (n - 1) days``. Week ``w`` is days ``7w - 6`` to ``7w``; a step
due "by week w" is due on the last day of that week (day ``7w``), and a window "from week w"
opens on its first day (day ``7w - 6``). The UK's fit note is needed from day 8, the day after
the 7 self-certified days (``SELF_CERTIFIED_DAYS``).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The first 7 calendar days of a spell of absence are self-certified in the UK; a fit note is
# needed from day 8 (DOMAIN §2). The one place this number lives.
SELF_CERTIFIED_DAYS = 7
# In the first 6 months of a condition a UK fit note covers at most 3 months (DOMAIN §2).
UK_FIRST_MONTHS, UK_MOST_MONTHS = 6, 3
# The Netherlands: sources put the end of the WIA application window at week 91 to 93.
WIA_WINDOW_END_WEEKS = (91, 92, 93)


class Jurisdiction(models.TextChoices):
    UK = "UK", _("United Kingdom")
    NL = "NL", _("Netherlands")
    SE = "SE", _("Sweden")


class Actor(models.TextChoices):
    """Who takes a statutory step."""

    WORKER = "WORKER", _("The worker")
    EMPLOYER = "EMPLOYER", _("The employer")
    EMPLOYER_AND_WORKER = "EMPLOYER_AND_WORKER", _("The employer and the worker")
    OCCUPATIONAL_PHYSICIAN = "OCCUPATIONAL_PHYSICIAN", _("The occupational physician")
    SOCIAL_INSURANCE = "SOCIAL_INSURANCE", _("The Social Insurance Agency")


class Condition(models.TextChoices):
    """When a step applies only to some absences."""

    EXPECTED_OVER_60_DAYS = (
        "EXPECTED_OVER_60_DAYS",
        _("When the absence is expected to last over 60 days"),
    )


def day_on(absence_started_on: date, day: int) -> date:
    """The date of day ``day`` of an absence (day 1 is the first day of absence)."""
    return absence_started_on + timedelta(days=day - 1)


def week_end(week: int) -> int:
    """The day number of the last day of week ``week``."""
    return 7 * week


def week_start(week: int) -> int:
    """The day number of the first day of week ``week``."""
    return 7 * week - 6


@dataclass(frozen=True)
class Step:
    """One statutory step: due on day ``day`` of the absence (see the module docstring).

    ``unit`` is how the step is counted in its country (``"week"``: "week 8", ``"day"``: "day
    90"); ``opens_day`` starts a window that ends on ``day``; ``condition`` limits which
    absences it applies to; ``milestone`` says whether a case gets it as a milestone (the
    UK's fit-note rule is checked on each note instead)."""

    code: str
    title: str
    day: int
    unit: str
    actor: str
    condition: str = ""
    opens_day: int | None = None
    milestone: bool = True

    def when(self) -> str:
        """How the step is counted where it applies: "week 8", "day 90", "weeks 88 to 91"."""
        if self.opens_day:
            return gettext("weeks %(first)s to %(last)s") % {
                "first": (self.opens_day + 6) // 7,
                "last": self.day // 7,
            }
        if self.unit == "week":
            return gettext("week %(number)s") % {"number": self.day // 7}
        return gettext("day %(number)s") % {"number": self.day}

    def due_on(self, absence_started_on: date) -> date:
        return day_on(absence_started_on, self.day)

    def opens_on(self, absence_started_on: date) -> date | None:
        return day_on(absence_started_on, self.opens_day) if self.opens_day else None

    def applies(self, expected_last_day: date | None, absence_started_on: date) -> bool:
        """Whether the step applies to an absence expected to last until ``expected_last_day``
        (None: not known, or open-ended, so it applies)."""
        if self.condition == Condition.EXPECTED_OVER_60_DAYS and expected_last_day is not None:
            return expected_last_day > day_on(absence_started_on, 60)
        return True


def _week(code: str, title, week: int, actor: str, **extra) -> Step:
    return Step(code, title, week_end(week), "week", actor, **extra)


def _day(code: str, title, day: int, actor: str, **extra) -> Step:
    return Step(code, title, day, "day", actor, **extra)


# The plan of action is evaluated at least every 6 weeks; the first year's evaluations are
# milestones (weeks 14 to 50), the first-year evaluation then takes over.
NL_EVALUATION_WEEKS = tuple(range(14, 52, 6))


def wia_window_end_week() -> int:
    week = getattr(settings, "NL_WIA_WINDOW_END_WEEK", 91)
    return week if week in WIA_WINDOW_END_WEEKS else 91


def timeline(jurisdiction: str) -> list[Step]:
    """The statutory steps of a jurisdiction, in the order they fall due."""
    if jurisdiction == Jurisdiction.NL:
        steps = [
            _week("nl_problem_analysis", _("Problem analysis"), 6, Actor.OCCUPATIONAL_PHYSICIAN),
            _week("nl_plan_of_action", _("Plan of action"), 8, Actor.EMPLOYER_AND_WORKER),
            *[
                _week(
                    f"nl_evaluation_{w}",
                    _("Evaluation of the plan of action"),
                    w,
                    Actor.EMPLOYER_AND_WORKER,
                )
                for w in NL_EVALUATION_WEEKS
            ],
            _week("nl_uwv_notice", _("Sickness notice to UWV"), 42, Actor.EMPLOYER),
            _week(
                "nl_first_year_evaluation",
                _("First-year evaluation"),
                52,
                Actor.EMPLOYER_AND_WORKER,
            ),
            _week("nl_reintegration_report", _("Re-integration report"), 87, Actor.EMPLOYER),
            Step(
                "nl_wia_application",
                _("WIA application"),
                week_end(wia_window_end_week()),
                "week",
                Actor.WORKER,
                opens_day=week_start(88),
            ),
        ]
    elif jurisdiction == Jurisdiction.SE:
        steps = [
            _day(
                "se_rehabilitation_plan",
                _("Plan for return to work"),
                30,
                Actor.EMPLOYER,
                condition=Condition.EXPECTED_OVER_60_DAYS,
            ),
            _day("se_assessment_90", _("Work capacity assessed"), 90, Actor.SOCIAL_INSURANCE),
            _day("se_assessment_180", _("Work capacity assessed"), 180, Actor.SOCIAL_INSURANCE),
            _day("se_assessment_365", _("Work capacity assessed"), 365, Actor.SOCIAL_INSURANCE),
        ]
    else:
        steps = [
            _day(
                "uk_fit_note",
                _("Fit note needed"),
                SELF_CERTIFIED_DAYS + 1,
                Actor.WORKER,
                milestone=False,
            ),
        ]
    return sorted(steps, key=lambda step: step.day)


def step(code: str) -> Step | None:
    for jurisdiction in Jurisdiction.values:
        for candidate in timeline(jurisdiction):
            if candidate.code == code:
                return candidate
    return None
