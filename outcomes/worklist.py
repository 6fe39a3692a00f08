"""The worklist tag for a questionnaire answer that needs attention (PHQ-9 item 9 above 0),
shown until a VSW acknowledges it on the case page. One subquery, so the worklist stays one
query."""

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from cases.worklist import WorklistExtension
from outcomes.models import Questionnaire


def annotate(queryset: QuerySet, today: date) -> QuerySet:
    open_alert = Questionnaire.objects.filter(
        case=OuterRef("pk"), alert_raised_at__isnull=False, alert_acknowledged_at__isnull=True
    )
    return queryset.annotate(outcome_alert=Exists(open_alert))


EXTENSION = WorklistExtension(annotate=annotate)
