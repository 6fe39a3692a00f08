"""Logging a contact with the worker or about them."""

from django.db import transaction

from cases import lines
from cases.actions._base import (
    TransitionError,
    _audit,
    _event,
    _lock_worker,
    _set_status,
)
from cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    Contact,
    ContactMode,
    ContactParty,
    SharingConsent,
)
from rtw.models import User
from rtw.stored_text import english


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
    mode = english(ContactMode(contact.mode).label)
    _event(case, CaseEvent.Kind.CONTACT, lines.CONTACT % {"mode": mode}, by)
    _audit(by, "contact.create", "contact", contact.code)
    if case.status == CaseStatus.ACCEPTED:
        _set_status(case, CaseStatus.ACTIVE, by, lines.SUPPORT_STARTED)
    return contact
