"""The worker's sharing choices."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import lines
from cases.actions._base import (
    TransitionError,
    _audit,
    _event,
    _lock_worker,
)
from cases.models import (
    ITEMS_FOR,
    Case,
    CaseEvent,
    Recipient,
    ShareItem,
    SharingConsent,
)
from rtw.models import User
from rtw.stored_text import english


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
        return lines.INVOLVEMENT_AGREED if granted else lines.INVOLVEMENT_WITHDRAWN
    return (lines.SHARED if granted else lines.NO_LONGER_SHARED) % {
        "recipient": english(Recipient(consent.recipient).label).lower(),
        "item": english(ShareItem(consent.item).label),
    }
