"""The plan columns of the caseload worklist and of the case summary: plan status, the phase
running today and its hours, the next review, overdue milestones; a review not held by its
date and a milestone past its target make a case overdue, and both are next actions."""

from datetime import date

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.worklist import WORKING, NextAction, WorklistExtension
from plans.models import Milestone, MilestoneStatus, Phase, Plan, PlanStatus, Review
from rtw.jurisdictions import Jurisdiction, Step, timeline


def _count(queryset) -> Subquery:
    counted = queryset.order_by().values("case").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def annotate(queryset: QuerySet, today: date) -> QuerySet:
    current_plan = Plan.objects.filter(case=OuterRef("pk"), superseded_at__isnull=True)
    pending = Milestone.objects.filter(case=OuterRef("pk"), status=MilestoneStatus.PENDING)
    statutory = pending.exclude(step="").order_by("target_on", "id")
    phases = Phase.objects.filter(plan__case=OuterRef("pk"), plan__superseded_at__isnull=True)
    today_phase = phases.filter(starts_on__lte=today, ends_on__gte=today).order_by("order")
    open_reviews = Review.objects.filter(case=OuterRef("pk"), held_on__isnull=True)
    phase_count = phases.order_by().values("plan__case").annotate(n=Count("pk")).values("n")
    return queryset.annotate(
        plan_status=Subquery(current_plan.values("status")[:1]),
        overdue_milestones=_count(pending.filter(target_on__lt=today)),
        next_milestone_on=Subquery(
            pending.filter(step="").order_by("target_on").values("target_on")[:1]
        ),
        next_step_on=Subquery(statutory.values("target_on")[:1]),
        next_step=Subquery(statutory.values("step")[:1]),
        next_review_on=Subquery(open_reviews.order_by("due_on").values("due_on")[:1]),
        phase_number=Subquery(today_phase.values("order")[:1]),
        phase_hours=Subquery(today_phase.values("hours_per_week")[:1]),
        phase_count=Subquery(phase_count, output_field=IntegerField()),
    )


def overdue(today: date) -> Q:
    return Q(overdue_milestones__gt=0) | Q(next_review_on__lt=today)


def _while_working(name: str):
    def on(today: date):
        return Case(When(status__in=WORKING, then=F(name)), output_field=DateField())

    return on


class StepWords:
    """A statutory step's prompt ("Plan of action due by %(date)s (week 8)"), in the language
    active when the worklist is shown; the date is filled in by the worklist."""

    def __init__(self, step: Step):
        self.step = step

    def __str__(self) -> str:
        return gettext("%(step)s due by %(date)s (%(when)s)") % {
            "step": self.step.title,
            "when": self.step.when(),
            "date": "%(date)s",
        }


# One next action for every statutory step that is a milestone somewhere (rtw/jurisdictions.py):
# the soonest pending step milestone of the case, its step saying which words the row shows.
STEP_WORDS = {
    step.code: StepWords(step)
    for jurisdiction in Jurisdiction.values
    for step in timeline(jurisdiction)
    if step.milestone
}
STEP_ACTION = NextAction(
    kind="step", words=STEP_WORDS, on=_while_working("next_step_on"), variant="next_step"
)


EXTENSION = WorklistExtension(
    annotate=annotate,
    overdue=overdue,
    labels={"plan_status": dict(PlanStatus.choices)},
    next_actions=(
        NextAction(
            kind="review", words=_("Review plan by %(date)s"), on=_while_working("next_review_on")
        ),
        NextAction(
            kind="milestone",
            words=_("Milestone due %(date)s"),
            on=_while_working("next_milestone_on"),
        ),
        STEP_ACTION,
    ),
)
