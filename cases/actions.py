"""Every change to a case record goes through one of these functions.

Each is atomic, takes keyword arguments only, names the actor as ``by=``, writes the case
timeline and the audit trail, and sends any notification after commit."""

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases.models import (
    DEFAULT_PLANNED_CONTACTS,
    ITEMS_FOR,
    Case,
    CaseEvent,
    CaseStatus,
    ClosureOutcome,
    Contact,
    ContactParty,
    Employment,
    FitNote,
    Recipient,
    ShareItem,
    SharingConsent,
    Worker,
)
from rtw.audit import record_event
from rtw.models import Organisation, OrganisationKind, User
from rtw.notify import notify


class TransitionError(Exception):
    """The case is not in a state that allows this change."""


class DuplicatePatient(Exception):
    """This practice already registered a patient with this NHS number."""


def _event(case: Case, kind: str, summary: str, by: User | None) -> None:
    CaseEvent.objects.create(case=case, kind=kind, summary=summary[:300], actor=by)


def _audit(by: User | None, action: str, record_type: str, code) -> None:
    record_event(by=by, action=action, record_type=record_type, record_code=str(code))


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
        try:
            # A savepoint: the NHS number unique among unflagged records is the guard when two
            # referrals of the same new patient race past the form's check.
            with transaction.atomic():
                worker.save()
        except IntegrityError:
            if not worker.nhs_number or worker.duplicate_of_id is not None:
                raise
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
    _event(case, CaseEvent.Kind.REFERRED, f"Referred by {by.full_name} ({by.organisation})", by)
    if worker.needs_reconciling:
        _event(case, CaseEvent.Kind.REFERRED, "Possible duplicate patient record to reconcile", by)
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
    _event(case, CaseEvent.Kind.ACCEPTED, f"Accepted and assigned to {vsw.full_name}", by)
    _audit(by, "case.accept", "case", case.code)
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
    _event(case, CaseEvent.Kind.DECLINED, "Referral declined", by)
    _audit(by, "case.decline", "case", case.code)
    notify(
        recipient=case.referred_by,
        message=format_lazy(_("Your referral of {name} was declined."), name=case.worker.full_name),
        link=reverse("cases:referral_detail", args=[case.code]),
        email_subject=_("Your referral was declined"),
    )
    return case


@transaction.atomic
def link_employer(
    *,
    case: Case,
    organisation: Organisation | None = None,
    new_name: str = "",
    new_address: str = "",
    by: User,
) -> Case:
    """Link a case whose employer the referrer typed to an employer organisation: an existing
    one (``organisation``) or a new one made from ``new_name`` and ``new_address``. The worker's
    employer becomes the same organisation, so their next referral finds it on the list.

    The case row is locked first, so two people linking at once cannot both link it (nor both
    create the organisation): the second finds it linked and gets a TransitionError."""
    if (organisation is None) == (not new_name.strip()):
        raise ValueError("Give either an existing organisation or a new name.")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.needs_employer_link():
        raise TransitionError(_("This case has no employer waiting to be linked."))
    created = organisation is None
    if created:
        name = new_name.strip()
        if Organisation.objects.filter(kind=OrganisationKind.EMPLOYER, name__iexact=name).exists():
            raise TransitionError(f"An employer called {name} already exists: choose it instead.")
        organisation = Organisation.objects.create(
            kind=OrganisationKind.EMPLOYER, name=name, address=new_address.strip()
        )
        _audit(by, "organisation.create", "organisation", organisation.code)
    elif organisation.kind != OrganisationKind.EMPLOYER:
        raise ValueError("Only an employer organisation can be a case's employer.")
    case.employer = organisation
    case.save(update_fields=["employer"])
    Worker.objects.filter(pk=case.worker_id).update(employer=organisation)
    summary = f"Employer linked: {organisation.name}"
    if created:
        summary += " (new employer)"
    if case.employer_name_given.casefold() != organisation.name.casefold():
        summary += f", given at referral as {case.employer_name_given}"
    _event(case, CaseEvent.Kind.EMPLOYER, summary, by)
    record_event(
        by=by,
        action="case.link_employer",
        record_type="case",
        record_code=str(case.code),
        detail={"organisation": str(organisation.code), "created": created},
    )
    return case


@transaction.atomic
def record_fit_note(*, case: Case, fit_note: FitNote, by: User) -> FitNote:
    fit_note.case = case
    fit_note.recorded_by = by
    fit_note.save()
    _event(
        case,
        CaseEvent.Kind.FIT_NOTE,
        f"Fit note recorded: {fit_note.get_fitness_display().lower()} from "
        f"{fit_note.starts_on:%-d %b %Y}",
        by,
    )
    _audit(by, "fitnote.create", "fitnote", fit_note.code)
    return fit_note


@transaction.atomic
def log_contact(*, case: Case, contact: Contact, by: User) -> Contact:
    """Record a contact. The first contact after acceptance starts active support. A contact
    with the employer needs the worker's agreement that the service may involve them (ADR 16)."""
    if contact.party == ContactParty.EMPLOYER:
        _lock_worker(case)
        if not SharingConsent.objects.involving_employer().filter(worker=case.worker_id).exists():
            raise TransitionError(
                "The worker has not agreed that the service may contact their employer."
            )
    contact.case = case
    contact.recorded_by = by
    contact.save()
    _event(case, CaseEvent.Kind.CONTACT, f"{contact.get_mode_display()} contact logged", by)
    _audit(by, "contact.create", "contact", contact.code)
    if case.status == CaseStatus.ACCEPTED:
        _set_status(case, CaseStatus.ACTIVE, by, "Support started")
    return contact


def _set_status(case: Case, status: str, by: User, summary: str) -> None:
    case.status = status
    case.save(update_fields=["status"])
    _event(case, CaseEvent.Kind.STATUS, summary, by)
    _audit(by, f"case.status.{status.lower()}", "case", case.code)


def _tell_vsw(case: Case, *, by: User, message: str, subject: str) -> None:
    """Tell the case's VSW about a change someone else made (not the VSW who made it).
    Names and a link only: the message carries no health information."""
    vsw = case.assigned_vsw
    if vsw is None or vsw.pk == by.pk:
        return
    notify(
        recipient=vsw,
        message=message,
        link=reverse("cases:case_detail", args=[case.code]),
        email_subject=subject,
    )


def _by_the_worker(case: Case, by: User) -> bool:
    return case.worker.user_id is not None and case.worker.user_id == by.pk


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
    _set_status(case, CaseStatus.PAUSED, by, "Support paused")
    who = (
        f"{case.worker.full_name} paused their support."
        if _by_the_worker(case, by)
        else f"{by.full_name} paused support for {case.worker.full_name}."
    )
    _tell_vsw(
        case,
        by=by,
        message=f"{who} No check-ins or reminders go out until support is resumed.",
        subject=_("Support paused"),
    )
    return case


@transaction.atomic
def resume_case(*, case: Case, by: User) -> Case:
    """Resume paused support. The reminder producers pick the case up again on their next run:
    check-ins due from now on are invited; those that fell due during the pause were skipped
    while it lasted, so no burst of stale invitations goes out (checkins/reminders.py)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.can_resume():
        raise TransitionError(_("Only a paused case can be resumed."))
    _set_status(case, CaseStatus.ACTIVE, by, "Support resumed")
    _tell_vsw(
        case,
        by=by,
        message=f"{by.full_name} resumed support for {case.worker.full_name}.",
        subject=_("Support resumed"),
    )
    return case


@transaction.atomic
def close_case(*, case: Case, outcome: str, closed_on: date, by: User) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.can_close():
        raise TransitionError(_("This case cannot be closed now."))
    case.status = CaseStatus.CLOSED
    case.closure_outcome = outcome
    case.closed_on = closed_on
    case.closed_by = by
    case.save(update_fields=["status", "closure_outcome", "closed_on", "closed_by"])
    _event(case, CaseEvent.Kind.CLOSED, f"Closed: {ClosureOutcome(outcome).label}", by)
    _audit(by, "case.close", "case", case.code)
    return case


@transaction.atomic
def withdraw(*, case: Case, by: User) -> Case:
    """The worker withdraws from support: the case closes today with outcome 'withdrew', and
    the VSW is told. Nothing more is asked of the worker or sent about the case."""
    case = close_case(
        case=case, outcome=ClosureOutcome.WITHDREW, closed_on=timezone.localdate(), by=by
    )
    who = (
        f"{case.worker.full_name} stopped taking part"
        if _by_the_worker(case, by)
        else f"{by.full_name} recorded that {case.worker.full_name} stopped taking part"
    )
    _tell_vsw(case, by=by, message=f"{who}, so their case is closed.", subject=_("Support stopped"))
    return case


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
            f"Reassigned from {previous.full_name if previous else 'nobody'} to {vsw.full_name}",
            by,
        )
        _audit(by, "case.reassign", "case", case.code)
        moved += 1
    if moved:
        notify(
            recipient=vsw,
            message=f"{moved} case(s) were assigned to you by {by.full_name}.",
            link=reverse("cases:worklist"),
        )
    return moved


@transaction.atomic
def grant_consent(*, case: Case, recipient: str, item: str, by: User) -> SharingConsent:
    """Record that the worker agreed to share ``item`` with ``recipient``. Idempotent: the
    worker's row is locked first, so two clicks of "Share" at once make one consent.

    Nothing can be shared with an employer while the case has none linked."""
    if recipient == Recipient.EMPLOYER and case.employer_id is None:
        raise TransitionError(_("There is no employer on this case to share with."))
    if item not in ITEMS_FOR[Recipient(recipient)]:
        raise TransitionError(_("That cannot be shared with them."))
    _lock_worker(case)
    existing = (
        SharingConsent.objects.active()
        .filter(worker=case.worker, recipient=recipient, item=item)
        .first()
    )
    if existing:
        return existing
    consent = SharingConsent.objects.create(
        worker=case.worker, recipient=recipient, item=item, granted_by=by
    )
    _event(case, CaseEvent.Kind.CONSENT, consent_summary(consent, granted=True), by)
    _audit(by, "consent.grant", "worker", case.worker.code)
    return consent


@transaction.atomic
def withdraw_consent(*, case: Case, recipient: str, item: str, by: User) -> int:
    """Stop sharing ``item`` with ``recipient`` from this moment. Returns rows withdrawn."""
    _lock_worker(case)
    now = timezone.now()
    withdrawn = (
        SharingConsent.objects.active()
        .filter(worker=case.worker, recipient=recipient, item=item)
        .update(withdrawn_at=now, withdrawn_by=by)
    )
    if withdrawn:
        label = SharingConsent(recipient=recipient, item=item)
        _event(case, CaseEvent.Kind.CONSENT, consent_summary(label, granted=False), by)
        _audit(by, "consent.withdraw", "worker", case.worker.code)
    return withdrawn


def consent_summary(consent: SharingConsent, *, granted: bool) -> str:
    """The timeline's words for a sharing choice."""
    if consent.item == ShareItem.INVOLVEMENT:
        if granted:
            return "Agreed that the service may contact their employer"
        return "Withdrew agreement that the service may contact their employer"
    if granted:
        return (
            f"Now shared with {consent.get_recipient_display().lower()}: "
            f"{consent.get_item_display()}"
        )
    return (
        f"No longer shared with {consent.get_recipient_display().lower()}: "
        f"{consent.get_item_display()}"
    )


def _lock_worker(case: Case) -> None:
    """Queue changes to one worker's sharing choices behind each other."""
    Worker.objects.select_for_update().filter(pk=case.worker_id).first()


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
    day = f"{returned_on:%-d %B %Y}"
    summary = f"First day back at work: {day}" + (f" (was {before:%-d %B %Y})" if before else "")
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
