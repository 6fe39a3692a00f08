"""Every change to stepped support and supervision records goes through these functions
(atomic, keyword-only, the actor as ``by=``, a timeline line where a case changes, an audit row)."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.actions import TransitionError
from cases.models import SUPPORT_LEVEL_CONTACTS, Case, CaseEvent, SupportLevel
from rtw.audit import record_event
from rtw.models import Organisation, User
from rtw.notify import notify
from rtw.stored_text import english
from supervision.models import DiscussedCase, SupervisionSession, TrainingRecord

# Written in English on the case timeline, shown in the reader's language (cases/timeline.py).
DISCUSSED = gettext_noop("Discussed in supervision on %(day)s: %(note)s")
SUPPORT_LEVEL_SET = gettext_noop("Support level set to %(level)s, %(n)s contacts planned")


def _event(case: Case, kind: str, summary: str, by: User) -> None:
    CaseEvent.objects.create(case=case, kind=kind, summary=summary[:300], actor=by)


@transaction.atomic
def set_support_level(*, case: Case, level: str, planned_contacts: int, by: User) -> Case:
    """Set the case's support level and the number of contacts with the worker it plans, which
    must lie within the level's range (DOMAIN.md section 7)."""
    low, high = SUPPORT_LEVEL_CONTACTS[SupportLevel(level)]
    if not low <= planned_contacts <= high:
        raise TransitionError(
            _("Plan between %(low)s and %(high)s contacts for this level")
            % {"low": low, "high": high}
        )
    case = Case.objects.select_for_update().get(pk=case.pk)
    if (case.support_level, case.planned_contacts) == (level, planned_contacts):
        return case
    case.support_level = level
    case.planned_contacts = planned_contacts
    case.save(update_fields=["support_level", "planned_contacts"])
    _event(
        case,
        CaseEvent.Kind.SUPPORT,
        SUPPORT_LEVEL_SET % {"level": english(SupportLevel(level).label), "n": planned_contacts},
        by,
    )
    record_event(
        by=by,
        action="case.support_level",
        record_type="case",
        record_code=str(case.code),
        detail={"level": level, "planned_contacts": planned_contacts},
    )
    return case


@transaction.atomic
def record_session(
    *, team: Organisation, held_on: date, attendees: list[User], by: User
) -> SupervisionSession:
    """Record a supervision session of ``team``; the cases discussed are added to it next."""
    session = SupervisionSession.objects.create(team=team, held_on=held_on, recorded_by=by)
    session.attendees.set(attendees)
    record_event(
        by=by,
        action="supervision_session.create",
        record_type="supervision_session",
        record_code=str(session.code),
        detail={"attendees": len(attendees)},
    )
    return session


@transaction.atomic
def discuss_case(*, session: SupervisionSession, case: Case, note: str, by: User) -> DiscussedCase:
    """Record that ``case`` was discussed in ``session``, with a staff-only note that also goes
    on the case's timeline (seen on the service team's case page, and in a subject access
    request, never by the employer, the worker's own pages or the GP: docs/supervision.md).
    The assigned VSW, if they were not there, is told in the app (without the note)."""
    if case.team_id != session.team_id:
        raise TransitionError(_("Only the team's own cases can be discussed in its supervision."))
    if session.discussions.filter(case=case).exists():
        raise TransitionError(_("This case is already recorded for this session."))
    discussion = DiscussedCase.objects.create(session=session, case=case, note=note, recorded_by=by)
    _event(
        case,
        CaseEvent.Kind.SUPERVISION,
        DISCUSSED % {"day": f"{session.held_on:%-d %b %Y}", "note": note},
        by,
    )
    record_event(
        by=by,
        action="supervision_session.discuss",
        record_type="case",
        record_code=str(case.code),
        detail={"session": str(session.code)},
    )
    vsw = case.assigned_vsw
    if vsw is not None and vsw != by and not session.attendees.filter(pk=vsw.pk).exists():
        notify(
            recipient=vsw,
            message=_("%(name)s was discussed in supervision.") % {"name": case.worker.full_name},
            link=reverse("cases:case_detail", args=[case.code]),
        )
    return discussion


@transaction.atomic
def record_training(
    *,
    vsw: User,
    course: str,
    completed_on: date,
    renewal_due_on: date | None,
    by: User,
) -> TrainingRecord:
    """Record a course ``vsw`` completed; a reminder goes to them (and their supervisors) before
    the renewal falls due (supervision/reminders.py)."""
    record = TrainingRecord.objects.create(
        vsw=vsw,
        course=course,
        completed_on=completed_on,
        renewal_due_on=renewal_due_on,
        recorded_by=by,
    )
    record_event(
        by=by,
        action="training_record.create",
        record_type="training_record",
        record_code=str(record.code),
    )
    return record


@transaction.atomic
def set_plans_need_approval(*, team: Organisation, required: bool, by: User) -> Organisation:
    """Whether a supervisor of ``team`` must approve each plan version before it is proposed."""
    team = Organisation.objects.select_for_update().get(pk=team.pk)
    if team.plans_need_approval != required:
        team.plans_need_approval = required
        team.save(update_fields=["plans_need_approval"])
        record_event(
            by=by,
            action="team.plans_need_approval",
            record_type="organisation",
            record_code=str(team.code),
            detail={"required": required},
        )
    return team
