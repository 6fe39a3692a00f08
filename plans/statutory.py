"""A case's statutory steps as milestones, from its team's jurisdiction (rtw/jurisdictions.py).

Milestones belong to the case, not to a plan version, so the steps (counted from the first day
of absence) are milestones like the others, each marked with its step's code: the VSW records
them achieved, missed or deferred the same way, and a case only gets each step once. A UK team
gets none: its rule (a fit note from day 8) is checked on each note.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from cases.models import Case, CaseEvent
from plans.lines import STATUTORY_ADDED
from plans.milestones import STATUTORY
from plans.models import Milestone
from rtw.audit import record_event
from rtw.jurisdictions import Step, timeline
from rtw.models import User


def expected_last_day(case: Case) -> date | None:
    """The last day the case's evidence covers, or None when it is open-ended or not known."""
    notes = list(case.fit_notes.values_list("ends_on", "indefinite"))
    if not notes or any(indefinite for _, indefinite in notes):
        return None
    return max(ends_on for ends_on, _ in notes)


def steps_for(case: Case) -> list[Step]:
    """The steps of the case's jurisdiction that become milestones for this absence."""
    steps = [step for step in timeline(case.team.jurisdiction) if step.milestone]
    if not steps:  # a UK team: nothing to ask of its evidence
        return []
    start = case.worker.absence_started_on
    last = expected_last_day(case)
    return [step for step in steps if step.applies(last, start)]


def milestone_title(step: Step) -> str:
    """The title as stored, in English ("Problem analysis (week 6)"); shown in the reader's
    language (``Milestone.display_title``, ``plans.milestones.STATUTORY``)."""
    with translation.override("en-gb"):
        return gettext(STATUTORY) % {"step": step.title, "when": step.when()}


@transaction.atomic
def add_statutory_milestones(*, case: Case, by: User) -> list[Milestone]:
    """Add the case's statutory steps it does not have yet as milestones. The case row is
    locked first, so two at once add each step once; a step the case has (by its code) is
    never added again, so running it at acceptance, at plan start and from "Add default
    milestones" gives each step once.

    Registered to run when a referral is accepted (``cases.course.accepted``, from
    ``PlansConfig.ready``): the steps run from the first day of absence, not from a plan."""
    Case.objects.select_for_update().filter(pk=case.pk).first()
    steps = steps_for(case)
    if not steps:
        return []
    have = set(case.milestones.filter(~Q(step="")).values_list("step", flat=True))
    start = case.worker.absence_started_on
    created = Milestone.objects.bulk_create(
        [
            Milestone(
                case=case,
                title=milestone_title(step)[:200],
                target_on=step.due_on(start),
                step=step.code,
            )
            for step in steps
            if step.code not in have
        ]
    )
    if created:
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.PLAN,
            actor=by,
            summary=STATUTORY_ADDED
            % {"count": len(created), "jurisdiction": case.team.jurisdiction},
        )
        code = str(case.code)
        record_event(by=by, action="plan.milestones", record_type="case", record_code=code)
    return created
