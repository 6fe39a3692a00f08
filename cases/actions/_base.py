"""What every case action shares: its errors, the timeline line and audit row it writes,
the status change, and telling the case's VSW."""

from django.urls import reverse

from cases.models import (
    Case,
    CaseEvent,
    Worker,
)
from rtw.audit import record_event
from rtw.models import User
from rtw.notify import notify


class TransitionError(Exception):
    """The case is not in a state that allows this change."""


class DuplicatePatient(Exception):
    """This practice already registered a patient with this NHS number."""


def _event(case: Case, kind: str, summary: str, by: User | None) -> None:
    CaseEvent.objects.create(case=case, kind=kind, summary=summary[:300], actor=by)


def _audit(by: User | None, action: str, record_type: str, code) -> None:
    record_event(by=by, action=action, record_type=record_type, record_code=str(code))


def _set_status(case: Case, status: str, by: User, summary: str) -> None:
    case.status = status
    case.save(update_fields=["status"])
    _event(case, CaseEvent.Kind.STATUS, summary, by)
    _audit(by, f"case.status.{status.lower()}", "case", case.code)


def _tell_vsw(case: Case, *, by: User, message: str, subject: str) -> None:
    """Tell the case's VSW about a change someone else made (not the VSW who made it).
    Names and a link only: the message carries no health information. ``message`` and
    ``subject`` are lazy, so they are written in the VSW's language (``rtw.notify``)."""
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


def _lock_worker(case: Case) -> None:
    """Queue changes to one worker's sharing choices behind each other."""
    Worker.objects.select_for_update().filter(pk=case.worker_id).first()
