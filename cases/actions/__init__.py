"""Every change to a case record goes through one of these functions, one module per noun.

Each is atomic, takes keyword arguments only, names the actor as ``by=``, writes the case
timeline and the audit trail, and sends any notification after commit. Callers import from
``cases.actions``: every action is re-exported here."""

from cases.actions._base import DuplicatePatient, TransitionError
from cases.actions.consent import consent_summary, grant_consent, withdraw_consent
from cases.actions.contacts import log_contact
from cases.actions.employers import link_employer
from cases.actions.fit_notes import record_fit_note
from cases.actions.referrals import accept_referral, decline_referral, refer_worker
from cases.actions.status import (
    RETURNED_OUTCOMES,
    close_case,
    close_case_with_return,
    pause_case,
    reassign_cases,
    record_return,
    resume_case,
    withdraw,
)

__all__ = [
    "RETURNED_OUTCOMES",
    "DuplicatePatient",
    "TransitionError",
    "accept_referral",
    "close_case",
    "close_case_with_return",
    "consent_summary",
    "decline_referral",
    "grant_consent",
    "link_employer",
    "log_contact",
    "pause_case",
    "reassign_cases",
    "record_fit_note",
    "record_return",
    "refer_worker",
    "resume_case",
    "withdraw",
    "withdraw_consent",
]
