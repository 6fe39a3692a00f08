"""A case's course: pause, resume, the first day back, closing, withdrawing and
reassignment."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cases import course, lines
from cases.actions._base import (
    TransitionError,
    _audit,
    _by_the_worker,
    _event,
    _set_status,
    _tell_vsw,
)
from cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    ClosureOutcome,
)
from rtw.models import User
from rtw.notify import notify
from rtw.stored_text import english


@transaction.atomic
def pause_case(*, case: Case, by: User) -> Case:
    """Pause support, at the worker's wish or the service's. While the case is paused no
    check-in is asked for or can be answered, and no reminder about it goes out to anyone: the
    check-in and plan reminder producers read the case's status (``Case.accepts_check_ins``,
    ``Case.sends_reminders``), so nothing here needs to know about them. The VSW is told,
    unless they paused it themselves."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.can_pause():
        raise TransitionError(_("This case cannot be paused now."))
    _set_status(case, CaseStatus.PAUSED, by, lines.SUPPORT_PAUSED)
    if _by_the_worker(case, by):
        message = format_lazy(
            _(
                "{worker} paused their support. No check-ins or reminders go out until "
                "support is resumed."
            ),
            worker=case.worker.full_name,
        )
    else:
        message = format_lazy(
            _(
                "{name} paused support for {worker}. No check-ins or reminders go out until "
                "support is resumed."
            ),
            name=by.full_name,
            worker=case.worker.full_name,
        )
    _tell_vsw(case, by=by, message=message, subject=_("Support paused"))
    return case


@transaction.atomic
def resume_case(*, case: Case, by: User) -> Case:
    """Resume paused support. The reminder producers pick the case up again on their next run:
    check-ins due from now on are invited; those that fell due during the pause were skipped
    while it lasted, so no burst of stale invitations goes out (checkins/reminders.py). The apps
    that mark what their producers produced clear the case's marks (``cases.course.resumed``),
    so a reminder cancelled during the pause comes back if it is still due."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.can_resume():
        raise TransitionError(_("Only a paused case can be resumed."))
    _set_status(case, CaseStatus.ACTIVE, by, lines.SUPPORT_RESUMED)
    course.resumed(case=case, by=by)
    _tell_vsw(
        case,
        by=by,
        message=format_lazy(
            _("{name} resumed support for {worker}."),
            name=by.full_name,
            worker=case.worker.full_name,
        ),
        subject=_("Support resumed"),
    )
    return case


@transaction.atomic
def close_case(*, case: Case, outcome: str, closed_on: date, by: User) -> Case:
    """Close the case with its outcome. What other apps close with it (the open check-ins)
    they registered in ``cases.course.closed``."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.can_close():
        raise TransitionError(_("This case cannot be closed now."))
    case.status = CaseStatus.CLOSED
    case.closure_outcome = outcome
    case.closed_on = closed_on
    case.closed_by = by
    case.save(update_fields=["status", "closure_outcome", "closed_on", "closed_by"])
    label = english(ClosureOutcome(outcome).label)
    _event(case, CaseEvent.Kind.CLOSED, lines.CLOSED % {"outcome": label}, by)
    _audit(by, "case.close", "case", case.code)
    course.closed(case=case, by=by)
    return case


@transaction.atomic
def withdraw(*, case: Case, by: User) -> Case:
    """The worker withdraws from support: the case closes today with outcome 'withdrew', and
    the VSW is told. Nothing more is asked of the worker or sent about the case."""
    case = close_case(
        case=case, outcome=ClosureOutcome.WITHDREW, closed_on=timezone.localdate(), by=by
    )
    if _by_the_worker(case, by):
        message = format_lazy(
            _("{worker} stopped taking part, so their case is closed."),
            worker=case.worker.full_name,
        )
    else:
        message = format_lazy(
            _("{name} recorded that {worker} stopped taking part, so their case is closed."),
            name=by.full_name,
            worker=case.worker.full_name,
        )
    _tell_vsw(case, by=by, message=message, subject=_("Support stopped"))
    return case


def _assigned(count: int, name: str) -> str:
    return ngettext(
        "%(count)s case was assigned to you by %(name)s.",
        "%(count)s cases were assigned to you by %(name)s.",
        count,
    ) % {"count": count, "name": name}


@transaction.atomic
def reassign_cases(*, cases: Iterable[Case], vsw: User, by: User) -> int:
    """Give cases to another VSW of the same team (cover for absence). Returns how many moved."""
    moved = 0
    for case in Case.objects.select_for_update().filter(pk__in=[c.pk for c in cases]):
        if case.assigned_vsw_id == vsw.pk or case.team_id != vsw.organisation_id:
            continue
        previous = case.assigned_vsw
        case.assigned_vsw = vsw
        case.save(update_fields=["assigned_vsw"])
        _event(
            case,
            CaseEvent.Kind.REASSIGNED,
            (lines.REASSIGNED if previous else lines.REASSIGNED_FROM_NOBODY)
            % {"previous": previous.full_name if previous else "", "name": vsw.full_name},
            by,
        )
        _audit(by, "case.reassign", "case", case.code)
        moved += 1
    if moved:
        notify(
            recipient=vsw,
            # Lazy, so it is counted and worded in the recipient's language (rtw.notify).
            message=lazy(_assigned, str)(moved, by.full_name),
            link=reverse("cases:worklist"),
        )
    return moved


#: Closure outcomes in which the worker went back to work: closing with one needs the first day
#: back at work (``Case.returned_to_work_on``), which the service figures count from.
RETURNED_OUTCOMES = (
    ClosureOutcome.SAME_JOB,
    ClosureOutcome.SAME_JOB_ADJUSTED,
    ClosureOutcome.NEW_JOB,
)


@transaction.atomic
def record_return(*, case: Case, returned_on: date, by: User) -> Case:
    """Record (or correct) the first day back at work at any hours, once the service has taken
    the case on: not before the absence started, not in the future."""
    case = Case.objects.select_for_update().select_related("worker").get(pk=case.pk)
    if case.status in (CaseStatus.REFERRED, CaseStatus.DECLINED):
        raise TransitionError(_("The service has not taken this case on."))
    if not case.worker.absence_started_on <= returned_on <= timezone.localdate():
        raise TransitionError(_("The first day back must be between the absence and today."))
    before, case.returned_to_work_on = case.returned_to_work_on, returned_on
    case.save(update_fields=["returned_to_work_on"])
    day = lines.long_day(returned_on)
    if before:
        summary = lines.RETURN_CORRECTED % {"day": day, "before": lines.long_day(before)}
    else:
        summary = lines.RETURNED % {"day": day}
    _event(case, CaseEvent.Kind.STATUS, summary, by)
    _audit(by, "case.return", "case", case.code)
    return case


@transaction.atomic
def close_case_with_return(
    *, case: Case, outcome: str, closed_on: date, returned_on: date | None = None, by: User
) -> Case:
    """Close a case. An outcome in which the worker returned needs the first day back at work:
    the one recorded already, or ``returned_on``, recorded first with its own timeline line."""
    if returned_on is not None:
        case = record_return(case=case, returned_on=returned_on, by=by)
    elif outcome in RETURNED_OUTCOMES and not (
        Case.objects.filter(pk=case.pk, returned_to_work_on__isnull=False).exists()
    ):
        raise TransitionError(_("Record the first day back at work before closing as returned."))
    return close_case(case=case, outcome=outcome, closed_on=closed_on, by=by)
