"""The records of the cases app, one module per noun; import them from here."""

from cases.models.cases import (
    CHECK_IN_STATUSES,
    EMPLOYER_VISIBLE_STATUSES,
    OPEN_STATUSES,
    REMINDER_STATUSES,
    Case,
    CaseEvent,
    CaseQuerySet,
    CaseStatus,
    ClosureOutcome,
    ConsentMethod,
    Employment,
    RedFlag,
)
from cases.models.consents import (
    ITEMS_FOR,
    Recipient,
    ShareItem,
    SharingConsent,
    SharingConsentQuerySet,
)
from cases.models.contacts import (
    Contact,
    ContactMode,
    ContactParty,
    Obstacle,
)
from cases.models.fit_notes import (
    Fitness,
    FitNote,
    FitNoteKind,
    FitNoteQuerySet,
    IssuerProfession,
)
from cases.models.workers import (
    SELF_CERTIFIED_DAYS,
    ContactMethod,
    Worker,
    WorkerQuerySet,
)

__all__ = [
    "SELF_CERTIFIED_DAYS",
    "ContactMethod",
    "WorkerQuerySet",
    "Worker",
    "CaseStatus",
    "OPEN_STATUSES",
    "EMPLOYER_VISIBLE_STATUSES",
    "CHECK_IN_STATUSES",
    "REMINDER_STATUSES",
    "ClosureOutcome",
    "ConsentMethod",
    "Employment",
    "RedFlag",
    "CaseQuerySet",
    "Case",
    "CaseEvent",
    "Fitness",
    "IssuerProfession",
    "FitNoteKind",
    "FitNoteQuerySet",
    "FitNote",
    "ContactMode",
    "ContactParty",
    "Obstacle",
    "Contact",
    "ITEMS_FOR",
    "Recipient",
    "ShareItem",
    "SharingConsentQuerySet",
    "SharingConsent",
]
