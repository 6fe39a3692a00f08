"""Every change to an outcome check-in or a questionnaire goes through these functions: atomic,
keyword-only, the actor as ``by=`` (None when the worker answered through a link), a line on
the case timeline, an audit event, and notifications written in the same transaction."""

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cases.models import Case, CaseEvent
from outcomes import lines
from outcomes.instruments import needs_alert, score_answers
from outcomes.models import OutcomeCheckIn, OutcomeStatus, Questionnaire, Timepoint
from rtw.audit import record_event
from rtw.models import User
from rtw.notify import notify
from rtw.stored_text import english

# What the VSW is told, in the app and by email, when PHQ-9 item 9 is above 0. No health data:
# the answer and the scores stay on the case page, behind sign-in and the access checks.
ALERT_MESSAGE = gettext_lazy("A questionnaire answer needs your attention.")
ALERT_SUBJECT = gettext_lazy("A questionnaire answer needs your attention")


class Closed(Exception):
    """The record cannot be answered (already answered, missed, or the case may not be asked
    now). ``reason`` is ``unanswerable_reason()``."""

    def __init__(self, reason: str = "used"):
        super().__init__(reason)
        self.reason = reason


def _lock(model, record):
    locked = model.objects.select_for_update().select_related("case").get(pk=record.pk)
    reason = locked.unanswerable_reason()
    if reason:
        raise Closed(reason)
    return locked


@transaction.atomic
def complete_outcome_check_in(
    *, check_in: OutcomeCheckIn, days_off_sick: int, hours_worked: Decimal, by: User | None
) -> OutcomeCheckIn:
    """Save the worker's answer once. Refuses (``Closed``, nothing saved) a check-in that cannot
    be answered; the row and its case are locked, so a pause committed meanwhile is seen."""
    check_in = _lock(OutcomeCheckIn, check_in)
    check_in.days_off_sick = days_off_sick
    check_in.hours_worked = hours_worked
    check_in.status = OutcomeStatus.DONE
    check_in.completed_at = timezone.now()
    check_in.save()
    CaseEvent.objects.create(
        case=check_in.case,
        kind=CaseEvent.Kind.CHECK_IN,
        summary=lines.OUTCOME_ANSWERED % {"day": f"{check_in.period_end:%-d %b %Y}"},
        actor=by,
    )
    record_event(
        by=by,
        action="outcome_checkin.complete",
        record_type="outcome_checkin",
        record_code=str(check_in.code),
        detail={"via": "account" if by else "link"},
    )
    return check_in


@transaction.atomic
def complete_questionnaire(
    *, questionnaire: Questionnaire, answers: dict, by: User | None
) -> Questionnaire:
    """Save the answers and their scores once. A PHQ-9 item 9 answer above 0 raises an alert:
    the case's VSW gets an in-app notification and an email (no health data in either) and the
    case shows on the worklist until a VSW acknowledges it (:func:`acknowledge_alerts`)."""
    questionnaire = _lock(Questionnaire, questionnaire)
    now = timezone.now()
    questionnaire.answers = answers
    questionnaire.scores = score_answers(answers)
    questionnaire.status = OutcomeStatus.DONE
    questionnaire.completed_at = now
    alert = needs_alert(answers)
    if alert:
        questionnaire.alert_raised_at = now
    questionnaire.save()
    case = questionnaire.case
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.CHECK_IN,
        summary=lines.QUESTIONNAIRE_ANSWERED
        % {"timepoint": english(Timepoint(questionnaire.timepoint).label)},
        actor=by,
    )
    record_event(
        by=by,
        action="questionnaire.complete",
        record_type="questionnaire",
        record_code=str(questionnaire.code),
        detail={"via": "account" if by else "link"},
    )
    if alert and case.assigned_vsw is not None:
        notify(
            recipient=case.assigned_vsw,
            message=ALERT_MESSAGE,
            link=reverse("cases:case_detail", args=[case.code]) + "#outcomes",
            email_subject=ALERT_SUBJECT,
        )
    return questionnaire


@transaction.atomic
def acknowledge_alerts(*, case: Case, by: User) -> int:
    """A VSW has seen the questionnaire answers that raised an alert and acted on them: the
    case leaves the worklist's alert tag. Returns how many alerts were acknowledged (0 when
    there were none, so a second press changes nothing)."""
    now = timezone.now()
    count = Questionnaire.objects.filter(
        case=case, alert_raised_at__isnull=False, alert_acknowledged_at__isnull=True
    ).update(alert_acknowledged_at=now, alert_acknowledged_by=by)
    if count:
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.CHECK_IN,
            summary=lines.ALERT_ACKNOWLEDGED,
            actor=by,
        )
        record_event(
            by=by,
            action="questionnaire.acknowledge_alert",
            record_type="case",
            record_code=str(case.code),
            detail={"alerts": count},
        )
    return count
