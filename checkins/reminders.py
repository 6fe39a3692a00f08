"""Reminders delivered exactly once (DOMAIN §5; docs/adr/0008-reminders-exactly-once.md).

Two steps, both run by Celery beat every minute and both safe to run twice or concurrently:

1. :func:`produce_reminders` asks every registered producer which reminders are due now and
   inserts them with ``ignore_conflicts``: the unique key (kind, subject, slot) makes a second
   beat, a repeated run or a retry harmless.
2. :func:`sweep` sends pending reminders one at a time. Each is claimed with
   ``SELECT … FOR UPDATE SKIP LOCKED`` inside its own transaction, sent, and marked SENT with a
   ``Delivery`` row (one per reminder, by constraint) in that same transaction. A concurrent
   sweep skips the locked row; a worker killed mid-send drops its connection, the lock is
   released, the transaction rolls back and the next sweep sends the reminder again. A failed
   send is retried later with backoff, never dropped. The database row is the queue's memory,
   so a Redis restart loses nothing.

Both stay cheap at scale (docs/performance.md): producers skip items whose reminder is already
held (checkins.produced.not_produced), each claim reads one row of a partial index, and a sweep
that claimed a whole batch starts the next at once (checkins.tasks) instead of waiting a minute.

While support is paused, nothing about the case goes out, to the worker or to staff
(``Case.sends_reminders``, ``Case.accepts_check_ins``). Three things make that so:

- the producers leave paused cases out, and :func:`produce_reminders` drops any row a producer
  returns for a case that may not have it, so a producer that forgets cannot send one;
- the sweep cancels (never sends) a pending row whose case was paused after it was produced:
  what it says may no longer hold when support resumes;
- :func:`check_ins_due_while_paused` closes each check-in that falls due during the pause as
  skipped (not missed: the worker was not asked), with a line on the case timeline and no
  message to anyone.

When support resumes the producers pick the case up again on their next run, from the state of
the records then: check-ins due from then on are invited (the ones that fell due during the
pause are already closed, so there is no burst of stale invitations); a fit note ending, a
review or a milestone still due is produced again. A row the sweep cancelled because of the
pause is brought back to pending, with the text of that run, if its producer finds it due again
(:func:`_revive`), and stays cancelled if not. A sent row is never brought back, so exactly once
still holds: one row per key, one delivery per row.

``checkins.producers`` registers the check-in and fit-note producers here; ``outcomes``
registers its own (outcome check-ins and questionnaires, by email or text message) and
``plans`` its own (reviews, milestones, the weekly digest) from their AppConfig.

A reminder goes out by email or, with ``channel=SMS``, as a text message to ``to_phone``
through ``rtw.sms`` (GOV.UK Notify in production); both are claimed, retried and delivered
once in the same way.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cases.models import Case
from checkins.models import (
    Delivery,
    Reminder,
    ReminderChannel,
    ReminderKind,
    ReminderStatus,
)
from checkins.produced import without_jit
from rtw.outbox import retry_backoff
from rtw.sms import send_sms

logger = logging.getLogger(__name__)

Producer = Callable[[datetime], Iterable[Reminder]]
_producers: list[Producer] = []

# Reminders to the worker go out only while support is active; the rest (to staff) stop while
# support is paused and once it ends. See _may_send. Outcome check-ins and questionnaires
# (ReminderKind.OUTCOME_CHECKIN, QUESTIONNAIRE) go to the worker once the case is accepted,
# plan or not, so they follow the second rule: never while paused or after support ends.
_WORKER_FACING = {ReminderKind.CHECKIN_INVITE, ReminderKind.CHECKIN_REMINDER}


def _may_send(reminder: Reminder) -> bool:
    """Whether the reminder's case allows it now: one to the worker only while support is
    active (``Case.accepts_check_ins``), one to staff unless support is paused or over
    (``Case.sends_reminders``). A reminder about no case (the weekly digest) always may."""
    case = reminder.case
    return _case_allows(reminder.kind, None if case is None else case.status)


def _case_allows(kind: str, case_status: str | None) -> bool:
    if case_status is None:
        return True
    case = Case(status=case_status)
    return case.accepts_check_ins() if kind in _WORKER_FACING else case.sends_reminders()


def _key(reminder: Reminder) -> tuple[str, str, str]:
    return (reminder.kind, reminder.subject_key, reminder.slot)


def register_producer(producer: Producer) -> Producer:
    if producer not in _producers:
        _producers.append(producer)
    return producer


def produce_reminders(now: datetime | None = None) -> int:
    """Insert every reminder that is due by ``now``, and bring back cancelled ones that are due
    again (:func:`_revive`). Returns how many were new or brought back (a producer run at the
    same moment elsewhere may make that an overestimate, never a duplicate row)."""
    now = now or timezone.now()
    created = 0
    for producer in _producers:
        with transaction.atomic():
            without_jit()
            # Whatever a producer returns, nothing is produced about a case that may not have
            # it (support paused or over): the same rule the sweep applies before sending.
            rows = [r for r in producer(now) if _may_send(r)]
            if not rows:
                continue
            existing = {
                (kind, subject_key, slot): status
                # By kind and subject key: the leading columns of the unique key's index (the
                # subject key alone read every reminder held).
                for kind, subject_key, slot, status in Reminder.objects.filter(
                    kind__in={r.kind for r in rows}, subject_key__in={r.subject_key for r in rows}
                ).values_list("kind", "subject_key", "slot", "status")
            }
            new = [r for r in rows if _key(r) not in existing]
            Reminder.objects.bulk_create(new, ignore_conflicts=True)
            created += len(new)
            cancelled = [r for r in rows if existing.get(_key(r)) == ReminderStatus.CANCELLED]
            created += _revive(cancelled)
    return created


def _revive(rows: list[Reminder]) -> int:
    """Bring back rows the sweep cancelled (support was paused after they were produced) that
    a producer finds due again now that support runs: pending again, with this run's text and
    time. A conditional update on the unique key, so two producers bring a row back once, and
    only a cancelled row moves: a sent one is never sent again."""
    revived = 0
    for row in rows:
        revived += Reminder.objects.filter(
            kind=row.kind,
            subject_key=row.subject_key,
            slot=row.slot,
            status=ReminderStatus.CANCELLED,
        ).update(
            status=ReminderStatus.PENDING,
            case=row.case,
            recipient=row.recipient,
            channel=row.channel,
            to_email=row.to_email,
            to_phone=row.to_phone,
            subject=row.subject,
            body=row.body,
            due_at=row.due_at,
            next_attempt_at=row.due_at,
            last_error="",
        )
    return revived


def claimable(now: datetime):
    """Pending reminders due by ``now``, oldest attempt first, locked as they are read and
    skipping rows another sweep holds; each with its case's status (``case_status``, None
    when it is about no case), all :func:`_case_allows` needs."""
    return (
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .annotate(case_status=F("case__status"))
        .filter(status=ReminderStatus.PENDING, due_at__lte=now, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")[:1]
    )


class _Claim:
    """The claim of one sweep, compiled to SQL once and run for each reminder: what is due by
    the sweep's start (what falls due meanwhile waits for the next sweep). Compiling the
    queryset anew for each claim cost about as much as running it."""

    def __init__(self, now: datetime) -> None:
        with transaction.atomic():  # select_for_update compiles only inside a transaction
            self.sql, self.params = claimable(now).query.sql_with_params()

    def next(self) -> Reminder | None:
        return next(iter(Reminder.objects.raw(self.sql, self.params)), None)


@dataclass(frozen=True)
class Swept:
    """What one sweep did: ``delivered`` sent, ``claimed`` taken from the queue (sent, retried
    later or cancelled). A sweep that claimed its whole batch may have left more due."""

    delivered: int
    claimed: int


def batch_size() -> int:
    """The most reminders one sweep claims (REMINDER_SWEEP_BATCH)."""
    return settings.REMINDER_SWEEP_BATCH


def sweep(*, now: datetime | None = None, limit: int | None = None) -> int:
    """Send pending reminders that are due; returns how many were delivered."""
    return sweep_batch(now=now, limit=limit).delivered


def sweep_batch(*, now: datetime | None = None, limit: int | None = None) -> Swept:
    """Send up to ``limit`` due reminders (REMINDER_SWEEP_BATCH), each claimed and sent in its
    own transaction, so a worker killed mid-batch sends at most the one in flight twice and
    the rest stay pending for the next sweep. Each claim reads the first row of the partial
    index on pending rows (``reminder_pending_claim``): the same cost at any backlog."""
    limit = batch_size() if limit is None else limit
    # One session with the mail server for the batch (opened at the first email, dropped after
    # a failure), instead of a connection, greeting and goodbye per message.
    mail = get_connection()
    try:
        return _sweep(mail, now, limit)
    finally:
        mail.close()


def _sweep(mail, now: datetime | None, limit: int) -> Swept:
    delivered = claimed = 0
    claim = _Claim(now or timezone.now())
    for _ in range(limit):
        with transaction.atomic():
            current = now or timezone.now()
            reminder = claim.next()
            if reminder is None:
                break
            claimed += 1
            if not _case_allows(reminder.kind, reminder.case_status):
                # Support was paused or ended after the row was produced. Cancelled, not sent:
                # what it says may no longer hold; a producer brings it back if it is due again
                # once support resumes (_revive).
                reminder.status = ReminderStatus.CANCELLED
                reminder.save(update_fields=["status"])
                continue
            try:
                if reminder.channel != ReminderChannel.SMS:
                    mail.open()  # no-op while the session is open
                _send(reminder, mail=mail)
            except Exception as exc:  # noqa: BLE001  (any failure is retried later)
                mail.close()  # a session that failed is not reused
                reminder.attempts += 1
                reminder.next_attempt_at = current + retry_backoff(reminder.attempts)
                reminder.last_error = f"{type(exc).__name__}: {exc}"[:300]
                reminder.save(update_fields=["attempts", "next_attempt_at", "last_error"])
                logger.warning(
                    "Reminder %s not sent (attempt %s): %s",
                    reminder.pk,
                    reminder.attempts,
                    reminder.last_error,
                )
                continue
            reminder.status = ReminderStatus.SENT
            reminder.attempts += 1
            reminder.save(update_fields=["status", "attempts"])
            Delivery.objects.create(reminder=reminder)
            delivered += 1
    return Swept(delivered=delivered, claimed=claimed)


def _send(reminder: Reminder, *, mail=None) -> None:
    """Email, or a text message through ``rtw.sms`` (the reminder's key is Notify's reference,
    so a message can be traced to its row). Raises on failure: the sweep retries it."""
    if reminder.channel == ReminderChannel.SMS:
        send_sms(reminder.to_phone, reminder.body, reference=f"reminder-{reminder.pk}")
    else:
        send_mail(reminder.subject, reminder.body, None, [reminder.to_email], connection=mail)


def staff_reminder(person, now: datetime, **fields) -> Reminder:
    """A reminder to a member of staff, due now."""
    return Reminder(recipient=person, to_email=person.email, due_at=now, **fields)


def worker_reminder(case, now: datetime, **fields) -> Reminder:
    """An email reminder to the case's worker, due now."""
    return Reminder(
        case=case, recipient=case.worker.user, to_email=case.worker.email, due_at=now, **fields
    )
