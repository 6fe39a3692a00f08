"""Default milestones from a plan's phases, titled in English in the record and shown in the
reader's language (``rtw.stored_text``; ``Milestone.display_title``)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext_noop

from plans.models import MAX_PHASES, Milestone, Plan
from plans.records import lock_case, log
from rtw.jurisdictions import Jurisdiction, timeline
from rtw.models import User
from rtw.stored_text import StoredText, english

FIRST_DAY_BACK = gettext_noop("First day back")
END_OF_PHASE = gettext_noop("End of phase %(number)s (%(hours)s hours a week)")
FULL_HOURS = gettext_noop("Full contracted hours")
SUSTAINED = gettext_noop("Return sustained for %(weeks)s weeks")
# A statutory step's milestone (plans/statutory.py): "Problem analysis (week 6)".
STATUTORY = gettext_noop("%(step)s (%(when)s)")
# The timeline line (cases/timeline.py).
ADDED = gettext_noop("%(count)s milestones added")
WHEN = StoredText(
    gettext_noop("week %(number)s"),
    gettext_noop("day %(number)s"),
    gettext_noop("weeks %(first)s to %(last)s"),
)


_STEP_TITLES: dict[str, object] = {}


def step_title(value: str) -> str:
    """A statutory step's title written in English, in the reader's language."""
    if not _STEP_TITLES:  # once: the titles are fixed, whatever the settings
        for jurisdiction in Jurisdiction.values:
            for step in timeline(jurisdiction):
                _STEP_TITLES.setdefault(english(step.title), step.title)
    title = _STEP_TITLES.get(value)
    return value if title is None else str(title)


DEFAULT_TITLES = StoredText(FIRST_DAY_BACK, END_OF_PHASE, FULL_HOURS, SUSTAINED)
DEFAULT_TITLES.add(STATUTORY, values={"step": step_title, "when": WHEN.translate})


@transaction.atomic
def generate_milestones(*, plan: Plan, by: User) -> list[Milestone]:
    """Default milestones from the phases: first day back, end of each phase, full hours, and
    return sustained at 4, 13 and 26 weeks. Existing titles are left alone; the case row is
    locked first, so two clicks at once add them once."""
    lock_case(plan.case)
    phases = list(plan.phases.all())
    if not phases:
        return []
    # The phase form allows MAX_PHASES; a plan stored some other way gets no more milestones.
    phases = phases[:MAX_PHASES]
    wanted = [(FIRST_DAY_BACK, phases[0].starts_on)]
    wanted += [
        (END_OF_PHASE % {"number": p.order, "hours": p.hours_per_week}, p.ends_on) for p in phases
    ]
    full = next((p for p in phases if p.hours_per_week >= plan.contracted_hours), None)
    if full is not None:
        wanted.append((FULL_HOURS, full.starts_on))
        for weeks in (4, 13, 26):
            if full.starts_on <= date.max - timedelta(weeks=weeks):  # a start stored in 9999
                wanted.append(
                    (SUSTAINED % {"weeks": weeks}, full.starts_on + timedelta(weeks=weeks))
                )
    existing = set(plan.case.milestones.values_list("title", flat=True))
    created = Milestone.objects.bulk_create(
        [
            Milestone(case=plan.case, title=title, target_on=day)
            for title, day in wanted
            if title not in existing
        ]
    )
    if created:
        log(plan, ADDED % {"count": len(created)}, by, "plan.milestones")
    return created
