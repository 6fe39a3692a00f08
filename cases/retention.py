"""Retention: a case whose care ended more than ``RETENTION_YEARS`` ago is anonymised (ADR 15).

Anonymising keeps the rows, the statuses, the dates of events and the hours, so the service's
figures still add up; it removes who the person is and what anyone wrote about them:
identifiers (names become "Anonymised", the NHS number goes, the date of birth keeps only its
year), contact details and free text.

``cases`` anonymises its own records (the case, the worker, fit notes, contacts, the case
history) and never imports the apps above it. Apps with records of a case (check-ins, plans)
register an anonymiser from their ``AppConfig.ready()``, as they register worklist columns
(``cases/worklist.py``). :func:`anonymise_case` runs them all in one transaction and writes one
receipt per case to the audit trail; the receipt is also how a case is known to be done.
"""

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.models import Case, CaseEvent, CaseStatus, Contact, FitNote, Worker
from rtw.audit import KEPT_ACTION, record_event
from rtw.models import AuditEvent

ANONYMISED = "Anonymised"
# The receipt; pruning the audit trail keeps these (rtw.audit.prune_audit).
RECEIPT_ACTION = KEPT_ACTION

#: ``anonymiser(case) -> {"what": rows changed}``; runs inside the case's transaction.
Anonymiser = Callable[[Case], dict[str, int]]

_anonymisers: list[Anonymiser] = []


def register(anonymiser: Anonymiser) -> None:
    if anonymiser not in _anonymisers:
        _anonymisers.append(anonymiser)


def cutoff(today: date, years: int | None = None) -> date:
    """The day ``years`` (default ``RETENTION_YEARS``) before ``today``; 29 February falls back
    to the 28th."""
    years = settings.RETENTION_YEARS if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _ended_before(day: date) -> Q:
    """Care ended before ``day``: closed then, or the referral declined then."""
    return Q(status=CaseStatus.CLOSED, closed_on__lt=day) | Q(
        status=CaseStatus.DECLINED, decided_at__date__lt=day
    )


def due_for_anonymising(today: date | None = None) -> list[Case]:
    """Cases whose care ended before the retention cut-off and that have no receipt yet."""
    day = cutoff(today or timezone.localdate())
    candidates = list(
        Case.objects.filter(_ended_before(day)).select_related("worker").order_by("pk")
    )
    done = set(
        AuditEvent.objects.filter(
            action=RECEIPT_ACTION, record_code__in=[str(c.code) for c in candidates]
        ).values_list("record_code", flat=True)
    )
    return [case for case in candidates if str(case.code) not in done]


def _worker_is_done_with(worker: Worker, day: date) -> bool:
    """Every case of the worker ended before the cut-off: only then do their details go."""
    return not worker.cases.exclude(_ended_before(day)).exists()


def anonymise_case_records(case: Case, *, day: date) -> dict[str, int]:
    """The records ``cases`` keeps about ``case``: free text emptied, contact details removed,
    and the worker's identifiers when none of their cases is still within retention."""
    counts = {
        "case": Case.objects.filter(pk=case.pk).update(
            referral_reason="",
            employer_contact_given="",
            # A declined case must keep a reason (a constraint), so it keeps a neutral one.
            **({"decline_reason": ANONYMISED} if case.status == CaseStatus.DECLINED else {}),
        ),
        "case_events": CaseEvent.objects.filter(case=case).update(summary=""),
        "fit_notes": FitNote.objects.filter(case=case).update(
            condition="", comments="", issuer_address=""
        ),
        "contacts": Contact.objects.filter(case=case).update(summary="", next_step=""),
        # Someone else the VSW spoke to is named; the role stays (a constraint needs a name).
        "contacts_with_others": Contact.objects.filter(case=case)
        .exclude(other_name="")
        .update(other_name=ANONYMISED),
        "worker": 0,
        "sign_in_account": 0,
    }
    worker = case.worker
    if _worker_is_done_with(worker, day):
        counts["worker"] = Worker.objects.filter(pk=worker.pk).update(
            first_name=ANONYMISED,
            last_name=ANONYMISED,
            nhs_number=None,
            date_of_birth=worker.date_of_birth.replace(month=1, day=1),
            email="",
            mobile="",
            communication_needs="",
            job_title="",
        )
        if worker.user_id is not None:
            counts["sign_in_account"] = _close_sign_in_account(worker.user)
    return counts


def _close_sign_in_account(user) -> int:
    user.full_name = ANONYMISED
    user.email = f"anonymised-{user.code}@anonymised.invalid"
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["full_name", "email", "is_active", "password"])
    return 1


@transaction.atomic
def anonymise_case(*, case: Case, today: date | None = None, by=None) -> dict[str, int]:
    """Anonymise ``case`` and every registered app's records of it, and write the receipt
    (``case.anonymise``, the case's code and the counts: no identifiers)."""
    today = today or timezone.localdate()
    # Two runs at once queue on the case's lock; the second finds the receipt and stops.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    if AuditEvent.objects.filter(action=RECEIPT_ACTION, record_code=str(case.code)).exists():
        return {}
    counts = anonymise_case_records(case, day=cutoff(today))
    for anonymiser in _anonymisers:
        counts.update(anonymiser(case))
    record_event(
        by=by,
        action=RECEIPT_ACTION,
        record_type="case",
        record_code=case.code,
        detail={"counts": counts},
    )
    return counts


class _DryRun(Exception):
    pass


def apply_retention(*, today: date | None = None, dry_run: bool = False) -> list[dict]:
    """Anonymise every case due (one transaction each). With ``dry_run`` each case is
    anonymised inside a transaction that is then rolled back, so the counts reported are
    exactly what a real run would change, and nothing changes."""
    today = today or timezone.localdate()
    report = []
    for case in due_for_anonymising(today):
        ended = case.closed_on or timezone.localdate(case.decided_at)
        try:
            with transaction.atomic():
                counts = anonymise_case(case=case, today=today)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        if counts:
            report.append({"case": str(case.code), "ended_on": ended, "counts": counts})
    return report
