"""The check-in column of the caseload worklist: the next open check-in's due date."""

from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from cases.worklist import WorklistExtension
from checkins.models import CheckIn, CheckInStatus


def annotate(queryset: QuerySet, today: date) -> QuerySet:
    next_check_in = CheckIn.objects.filter(
        case=OuterRef("pk"), status__in=[CheckInStatus.SCHEDULED, CheckInStatus.INVITED]
    ).order_by("due_on")
    return queryset.annotate(next_check_in_on=Subquery(next_check_in.values("due_on")[:1]))


EXTENSION = WorklistExtension(annotate=annotate)
