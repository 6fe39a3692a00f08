"""The check-in column of the caseload worklist: the next open check-in's due date, and a
missed check-in the VSW has yet to follow up (overdue, and a next action)."""

from datetime import date

from django.db.models import Case, DateField, F, OuterRef, Q, QuerySet, Subquery, When
from django.utils.translation import gettext_lazy as _

from cases.worklist import WORKING, NextAction, WorklistExtension
from checkins.models import CheckIn, CheckInStatus


def annotate(queryset: QuerySet, today: date) -> QuerySet:
    next_check_in = CheckIn.objects.filter(
        case=OuterRef("pk"), status__in=[CheckInStatus.SCHEDULED, CheckInStatus.INVITED]
    ).order_by("due_on")
    # The latest check-in that was either answered or missed: a missed one stays to follow up
    # until a later check-in (the worker's, or one the VSW records by phone) is answered.
    latest = CheckIn.objects.filter(
        case=OuterRef("pk"), status__in=[CheckInStatus.COMPLETED, CheckInStatus.MISSED]
    ).order_by("-due_on", "-pk")
    return queryset.annotate(
        next_check_in_on=Subquery(next_check_in.values("due_on")[:1]),
        last_check_in_status=Subquery(latest.values("status")[:1]),
        last_check_in_on=Subquery(latest.values("due_on")[:1]),
    )


def overdue(today: date) -> Q:
    return Q(last_check_in_status=CheckInStatus.MISSED)


def missed_on(today: date):
    return Case(
        When(
            Q(status__in=WORKING, last_check_in_status=CheckInStatus.MISSED),
            then=F("last_check_in_on"),
        ),
        output_field=DateField(),
    )


EXTENSION = WorklistExtension(
    annotate=annotate,
    overdue=overdue,
    next_actions=(
        NextAction(kind="check_in_missed", words=_("Check-in missed %(date)s"), on=missed_on),
    ),
)
