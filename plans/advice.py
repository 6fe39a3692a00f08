"""Where a plan and the fit-note advice disagree: warnings on the plan page, never blocks (the
clinician's advice is not binding on the employer, DOMAIN §3)."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.models import Fitness
from plans.models import Plan


def plan_warnings(plan: Plan, fit_notes, today: date) -> list[str]:
    """Where the plan and the fit-note advice disagree, in the reader's language."""
    warnings = []
    notes = sorted(fit_notes, key=lambda n: (n.starts_on, n.created_at), reverse=True)
    phases = list(plan.phases.all())

    def note_on(day):
        return next((n for n in notes if n.covers(day)), None)

    for phase in phases:
        note = note_on(phase.starts_on) or note_on(phase.ends_on)
        if note is None:
            continue
        if note.fitness == Fitness.NOT_FIT:
            warnings.append(
                _(
                    "Phase %(number)s schedules work from %(day)s while the fit note says not "
                    "fit for work."
                )
                % {"number": phase.order, "day": date_format(phase.starts_on, "j M Y")}
            )
        elif phase.hours_per_week < plan.contracted_hours and not (
            note.phased_return or note.altered_hours
        ):
            warnings.append(
                _(
                    "Phase %(number)s plans reduced hours but the fit note ticks neither a "
                    "phased return nor altered hours."
                )
                % {"number": phase.order}
            )
    latest = notes[0] if notes else None
    if latest and not latest.indefinite and plan.expected_end_on > latest.ends_on:
        values = {
            "plan_end": date_format(plan.expected_end_on, "j M Y"),
            "note_end": date_format(latest.ends_on, "j M Y"),
        }
        if latest.needs_reassessment:
            warning = _(
                "The plan runs to %(plan_end)s, past the fit note's end on %(note_end)s: the "
                "issuer plans to reassess, so ask for a new note in time."
            )
        else:
            warning = _(
                "The plan runs to %(plan_end)s, past the fit note's end on %(note_end)s: and "
                "the issuer does not plan to reassess."
            )
        warnings.append(warning % values)
    return warnings
