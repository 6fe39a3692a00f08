"""Referrals: a clinician refers a worker; the service accepts or declines."""

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases import course, lines
from cases.actions._base import (
    DuplicatePatient,
    TransitionError,
    _audit,
    _event,
)
from cases.models import (
    DEFAULT_PLANNED_CONTACTS,
    Case,
    CaseEvent,
    CaseStatus,
    Employment,
    Worker,
)
from rtw.models import Organisation, User
from rtw.notify import notify


@transaction.atomic
def refer_worker(
    *,
    worker: Worker,
    team: Organisation,
    reason: str,
    red_flags: list[str],
    consent_given_on: date,
    consent_method: str,
    employment: str = Employment.EMPLOYED,
    employer_name_given: str = "",
    employer_contact_given: str = "",
    by: User,
) -> Case:
    """Open a case in REFERRED for ``worker`` from clinician ``by``. The worker must have
    consented to the referral: the form requires it, and this records how and when.

    The case's employer is the worker's. When the referrer could not pick the employer from the
    list, ``employer_name_given`` (and a contact, if known) is what they typed, for the service
    to link later (:func:`link_employer`); a worker with no employer is referred with
    ``employment`` SELF_EMPLOYED or BETWEEN_JOBS and neither."""
    if worker.pk is None:
        _flag_possible_duplicate(worker)
        if not worker.nhs_number or worker.duplicate_of_id is not None:
            worker.save()  # no NHS number, or one already flagged: nothing unique to race for
        else:
            try:
                # A savepoint: the NHS number unique among unflagged records is the guard when
                # two referrals of the same new patient race past the form's check.
                with transaction.atomic():
                    worker.save()
            except IntegrityError:
                _flag_possible_duplicate(worker)  # the other referral came from another practice
                worker.save()
        _audit(by, "worker.create", "worker", worker.code)
    else:
        # A patient referred before: their employer is this episode's, as just given.
        worker.save(update_fields=["employer"])
    case = Case.objects.create(
        worker=worker,
        team=team,
        employer=worker.employer,
        employment=employment,
        employer_name_given=employer_name_given,
        employer_contact_given=employer_contact_given,
        referred_by=by,
        referring_practice=by.organisation,
        referral_reason=reason,
        red_flags=red_flags,
        consent_to_refer_given_on=consent_given_on,
        consent_to_refer_method=consent_method,
    )
    _event(
        case,
        CaseEvent.Kind.REFERRED,
        lines.REFERRED % {"name": by.full_name, "organisation": by.organisation},
        by,
    )
    if worker.needs_reconciling:
        _event(case, CaseEvent.Kind.REFERRED, lines.POSSIBLE_DUPLICATE, by)
    _audit(by, "case.refer", "case", case.code)
    link = reverse("cases:referral_queue")
    for member in team.members.filter(role__in=["SUPERVISOR"], is_active=True):
        notify(
            recipient=member,
            message=_("A new referral is waiting for a decision."),
            link=link,
            email_subject=_("New referral"),
        )
    return case


def _flag_possible_duplicate(worker: Worker) -> None:
    """A new patient whose NHS number the service holds for another practice is referred as
    usual, as a record of its own flagged for the service to reconcile: the referrer learns
    nothing of the other practice. Within one practice it is a DuplicatePatient: the form
    offers that practice's clinician their existing patient."""
    if not worker.nhs_number:
        return
    holder = Worker.objects.holding_nhs_number(worker.nhs_number).first()
    if holder is None:
        return
    if holder.gp_practice_id == worker.gp_practice_id:
        raise DuplicatePatient(worker.nhs_number)
    worker.duplicate_of = holder


@transaction.atomic
def accept_referral(*, case: Case, vsw: User, by: User, support_level: str = "STANDARD") -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.REFERRED:
        raise TransitionError(_("Only a new referral can be accepted."))
    case.status = CaseStatus.ACCEPTED
    case.assigned_vsw = vsw
    case.decided_at = timezone.now()
    case.decided_by = by
    case.support_level = support_level  # with its default number of planned contacts
    case.planned_contacts = DEFAULT_PLANNED_CONTACTS[support_level]
    case.save()  # the row is locked and fresh: every column is current
    _event(case, CaseEvent.Kind.ACCEPTED, lines.ACCEPTED % {"name": vsw.full_name}, by)
    _audit(by, "case.accept", "case", case.code)
    course.accepted(case=case, by=by)  # the statutory milestones, among others
    notify(
        recipient=case.referred_by,
        message=format_lazy(_("Your referral of {name} was accepted."), name=case.worker.full_name),
        link=reverse("cases:referral_detail", args=[case.code]),
        email_subject=_("Your referral was accepted"),
    )
    if vsw != by:
        notify(
            recipient=vsw,
            message=format_lazy(_("You have a new case: {name}."), name=case.worker.full_name),
            link=reverse("cases:case_detail", args=[case.code]),
        )
    return case


@transaction.atomic
def decline_referral(*, case: Case, reason: str, by: User) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.REFERRED:
        raise TransitionError(_("Only a new referral can be declined."))
    case.status = CaseStatus.DECLINED
    case.decline_reason = reason
    case.decided_at = timezone.now()
    case.decided_by = by
    case.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
    _event(case, CaseEvent.Kind.DECLINED, lines.DECLINED, by)
    _audit(by, "case.decline", "case", case.code)
    notify(
        recipient=case.referred_by,
        message=format_lazy(_("Your referral of {name} was declined."), name=case.worker.full_name),
        link=reverse("cases:referral_detail", args=[case.code]),
        email_subject=_("Your referral was declined"),
    )
    return case
