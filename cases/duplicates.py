"""Reconciling possible duplicate patients: a record a referral made for an NHS number the
service already held for another practice (``Worker.duplicate_of``). Service staff of the
case's team merge it into the record it duplicates, or keep the two apart with a reason.

Actions like those in ``cases.actions``: atomic, keyword-only, naming the actor, audited."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import lines
from cases.actions import TransitionError
from cases.models import CaseEvent, SharingConsent, Worker
from rtw.audit import record_event
from rtw.models import User


def _locked(worker: Worker) -> Worker:
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    if not worker.needs_reconciling:
        raise TransitionError(_("This patient record has already been reconciled."))
    return worker


@transaction.atomic
def merge_workers(*, duplicate: Worker, by: User) -> Worker:
    """Fold ``duplicate`` into the record it duplicates: its cases and sharing choices move
    across (a choice both records hold stays once), its sign-in account too when the other
    record has none, and the duplicate record goes. Returns the record that remains."""
    duplicate = _locked(duplicate)
    kept = Worker.objects.select_for_update().get(pk=duplicate.duplicate_of_id)
    held = {(c.recipient, c.item) for c in kept.consents.active()}
    for consent in duplicate.consents.active():
        if (consent.recipient, consent.item) in held:
            consent.withdrawn_at, consent.withdrawn_by = timezone.now(), by
            consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    SharingConsent.objects.filter(worker=duplicate).update(worker=kept)
    cases = list(duplicate.cases.all())
    duplicate.cases.update(worker=kept)
    if kept.user_id is None and duplicate.user_id is not None:
        user_id, duplicate.user = duplicate.user_id, None
        duplicate.save(update_fields=["user"])
        Worker.objects.filter(pk=kept.pk).update(user_id=user_id)
    for case in cases:
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.REFERRED,
            summary=lines.MERGED,
            actor=by,
        )
    record_event(
        by=by,
        action="worker.merge",
        record_type="worker",
        record_code=str(kept.code),
        detail={"merged": str(duplicate.code), "cases": [str(c.code) for c in cases]},
    )
    duplicate.delete()
    return Worker.objects.get(pk=kept.pk)


@transaction.atomic
def keep_apart(*, worker: Worker, reason: str, by: User) -> Worker:
    """Keep a possible duplicate as a record of its own, saying why (two people sharing a
    number recorded in error, say). It stays flagged, so the NHS number stays unique among
    the other records."""
    reason = reason.strip()
    if not reason:
        raise ValueError("Say why the records are kept apart.")
    worker = _locked(worker)
    worker.kept_apart_reason = reason
    worker.save(update_fields=["kept_apart_reason"])
    for case in worker.cases.all():
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.REFERRED,
            summary=lines.KEPT_APART,
            actor=by,
        )
    record_event(
        by=by,
        action="worker.keep_apart",
        record_type="worker",
        record_code=str(worker.code),
        detail={"duplicate_of": str(worker.duplicate_of.code), "reason": reason[:300]},
    )
    return worker
