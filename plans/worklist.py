"""The plan columns of the caseload worklist: plan status and overdue milestones."""

from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cases.worklist import WorklistExtension
from plans.models import Milestone, MilestoneStatus, Plan, PlanStatus


def annotate(queryset: QuerySet, today: date) -> QuerySet:
    current_plan = Plan.objects.filter(case=OuterRef("pk"), superseded_at__isnull=True)
    overdue = (
        Milestone.objects.filter(
            case=OuterRef("pk"), status=MilestoneStatus.PENDING, target_on__lt=today
        )
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        plan_status=Subquery(current_plan.values("status")[:1]),
        overdue_milestones=Coalesce(Subquery(overdue, output_field=IntegerField()), 0),
    )


def overdue(today: date) -> Q:
    return Q(overdue_milestones__gt=0)


EXTENSION = WorklistExtension(
    annotate=annotate, overdue=overdue, labels={"plan_status": dict(PlanStatus.choices)}
)
