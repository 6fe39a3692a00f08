"""What a worker has released to whom. The only code that decides employer-facing content.

Everything an employer sees (pages, PDFs, emails, exports) is built from :func:`employer_view`,
which copies across only the items the worker released; anything not copied cannot leak.
"""

from dataclasses import dataclass, field
from datetime import date

from cases.models import ITEMS_FOR, Case, FitNote, Recipient, ShareItem, SharingConsent


def released_items(
    case: Case, recipient: str, *, change: tuple[str, bool] | None = None
) -> set[str]:
    """Items the worker currently shares with ``recipient``. Uses a prefetched
    ``worker.active_consents`` list when the caller provided one (list pages).

    With ``change`` (an item, and whether to share it), the items as they would be after that
    change: what the worker's preview shows before they confirm it. Nothing is saved."""
    consents = getattr(case.worker, "active_consents", None)
    if consents is None:
        consents = case.worker.consents.active()
    if change is not None:
        item, share = change
        consents = [c for c in consents if not (c.recipient == recipient and c.item == item)]
        if share:
            consents.append(SharingConsent(recipient=recipient, item=item))
    items = {c.item for c in consents if c.recipient == recipient}
    if recipient == Recipient.EMPLOYER:
        # Nothing reaches an employer the worker has not agreed to involve, however much was
        # released before (ADR 16). Involvement itself is the gate, not an item of content.
        if ShareItem.INVOLVEMENT not in items:
            return set()
        items.discard(ShareItem.INVOLVEMENT)
    return items


def involves_employer(case: Case) -> bool:
    """The worker agrees that the service may contact their employer about their return."""
    consents = getattr(case.worker, "active_consents", None)
    if consents is None:
        return case.worker.consents.involving_employer().exists()
    return any(
        c.recipient == Recipient.EMPLOYER and c.item == ShareItem.INVOLVEMENT for c in consents
    )


@dataclass(frozen=True)
class SharedFitNote:
    fitness_label: str
    may_be_fit: bool
    starts_on: date
    ends_on: date | None
    indefinite: bool
    advice: list[str]
    comments: str
    condition: str | None  # None unless the worker released the condition


@dataclass(frozen=True)
class EmployerView:
    """The employer's view of one case. Holds copies of released values only."""

    case_code: str
    worker_name: str
    job_title: str
    status_label: str
    fit_note: SharedFitNote | None
    shares_fit_note: bool
    shares_condition: bool
    shares_plan: bool
    items: frozenset[str] = field(default_factory=frozenset)
    involved: bool = False  # the worker agrees that the service may involve the employer


def current_fit_note(case: Case, today: date) -> FitNote | None:
    """The note covering today, else the most recent one. Uses prefetched ``case.fit_notes``."""
    notes = sorted(case.fit_notes.all(), key=lambda n: (n.starts_on, n.created_at), reverse=True)
    for note in notes:
        if note.covers(today):
            return note
    return notes[0] if notes else None


def employer_view(case: Case, today: date, *, items: set[str] | None = None) -> EmployerView:
    """The employer's view of ``case``: of the items the worker releases now, or of ``items``
    (the worker's preview of a change, from ``released_items(..., change=...)``)."""
    if items is None:
        items = released_items(case, Recipient.EMPLOYER)
    note = current_fit_note(case, today) if ShareItem.FIT_NOTE_ADVICE in items else None
    shared_note = None
    if note is not None:
        shared_note = SharedFitNote(
            fitness_label=note.get_fitness_display(),
            may_be_fit=note.fitness == "MAY_BE_FIT",
            starts_on=note.starts_on,
            ends_on=note.ends_on,
            indefinite=note.indefinite,
            advice=note.advice_boxes(),
            comments=note.comments,
            condition=note.condition if ShareItem.CONDITION in items else None,
        )
    return EmployerView(
        case_code=str(case.code),
        worker_name=case.worker.full_name,
        job_title=case.worker.job_title,
        status_label=case.get_status_display(),
        fit_note=shared_note,
        shares_fit_note=ShareItem.FIT_NOTE_ADVICE in items,
        shares_condition=ShareItem.CONDITION in items,
        shares_plan=ShareItem.PLAN in items,
        items=frozenset(items),
        involved=involves_employer(case),
    )


def consent_rows(worker, *, with_employer: bool = True) -> list[dict]:
    """Every (recipient, item) pair with the worker's active consent for it, or None. Without
    ``with_employer`` (a case with no employer linked) the employer's rows are left out: there
    is no one to share with."""
    active = {(c.recipient, c.item): c for c in worker.consents.active()}
    return [
        {"recipient": recipient, "item": item, "consent": active.get((recipient.value, item.value))}
        for recipient in Recipient
        if with_employer or recipient != Recipient.EMPLOYER
        for item in ITEMS_FOR[recipient]
    ]
