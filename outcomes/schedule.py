"""When outcome check-ins and questionnaires fall due, and the reminders that ask for them.

Registered with ``checkins.reminders`` (every minute, from ``OutcomesConfig.ready``), so they
share its exactly-once delivery (ADR 8): a producer returns reminder rows keyed on
(kind, ``outcome:<code>`` or ``questionnaire:<code>``, "invite"), and the sweep sends each
once, by email or text message as the worker prefers.

- :func:`outcome_records_due` creates the records: an outcome check-in every 14 days from
  acceptance (asking about the 14 days up to its due day), a questionnaire at acceptance, 6
  weeks and 6 months. Only the latest one of each still within its link's life is created, so
  a case accepted long ago (or beat being down for a while) never gets a burst of stale
  questions. While support is paused the record is created as skipped: the worker is not asked.
- :func:`outcome_invitations` invites each record the worker may answer (once, by the
  reminder's unique key; ``invited_at`` marks the first time), reminds them once
  ``REMIND_AFTER_DAYS`` later if still unanswered, and closes as missed the ones whose link has
  run out unanswered.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import DateField, Exists, Func, IntegerField, OuterRef, Q, Value
from django.db.models.functions import Mod, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseStatus, ContactMethod
from checkins.models import Reminder, ReminderChannel, ReminderKind
from checkins.produced import not_produced
from checkins.reminders import register_producer
from outcomes.links import link_token
from outcomes.models import (
    OUTCOME_STATUSES,
    TIMEPOINT_DAYS,
    OutcomeCheckIn,
    OutcomeStatus,
    Questionnaire,
)
from rtw.languages import override_for

PERIOD_DAYS = 14
_KEYS = {
    OutcomeCheckIn: (ReminderKind.OUTCOME_CHECKIN, "outcome:"),
    Questionnaire: (ReminderKind.QUESTIONNAIRE, "questionnaire:"),
}
# Days after the first invitation that one reminder goes, if the record is still unanswered.
REMIND_AFTER_DAYS = 3


def _window() -> int:
    return settings.CHECKIN_LINK_MAX_AGE_DAYS


def latest_check_in_due(accepted_on: date, today: date) -> date | None:
    """The latest fortnightly due day on or before ``today`` (None before the first)."""
    periods = (today - accepted_on).days // PERIOD_DAYS
    return accepted_on + timedelta(days=PERIOD_DAYS * periods) if periods >= 1 else None


def check_in_for(case_id: int, due_on: date, status: str) -> OutcomeCheckIn:
    return OutcomeCheckIn(
        case_id=case_id,
        due_on=due_on,
        period_start=due_on - timedelta(days=PERIOD_DAYS - 1),
        period_end=due_on,
        status=status,
    )


class DaysBetween(Func):
    """Whole days from the first date expression to the second, on PostgreSQL and SQLite."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        (start, start_params), (end, end_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        if connection.vendor == "sqlite":
            sql = f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"
        else:
            sql = f"({end} - {start})"
        return sql, (*end_params, *start_params)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _candidates(today: date, window: int):
    """(pk, status, decided_at) of the cases that may have a record to create today, read
    incrementally (docs/performance.md): a case whose latest fortnightly check-in is already
    held is not read again until its next one falls due, and only cases accepted a
    questionnaire's timepoint ago (within the link's life) are read for questionnaires. An
    idle run reads next to nothing, however many cases the service holds."""
    cases = Case.objects.filter(
        status__in=[*OUTCOME_STATUSES, CaseStatus.PAUSED], decided_at__isnull=False
    )
    # Accepted at least PERIOD_DAYS ago, and no check-in due in the last PERIOD_DAYS: the
    # latest fortnightly due day always falls within them, so a held one shows here.
    recent = OutcomeCheckIn.objects.filter(
        case=OuterRef("pk"), due_on__gt=today - timedelta(days=PERIOD_DAYS)
    )
    # ... and the latest due day is still within the link's life (else there is nothing to
    # ask: beat was down on that day), so an idle run does not read the rest of the caseload.
    cases = cases.alias(
        into_period=Mod(
            DaysBetween(TruncDate("decided_at"), Value(today, output_field=DateField())),
            PERIOD_DAYS,
        )
    )
    needs_check_in = (
        Q(decided_at__lt=_start_of(today - timedelta(days=PERIOD_DAYS - 1)))
        & Q(into_period__lt=window)
        & ~Q(Exists(recent))
    )
    # Accepted between ``days + window - 1`` and ``days`` days ago, for a timepoint not held.
    needs_questionnaire = Q()
    for timepoint, days in TIMEPOINT_DAYS.items():
        held = Questionnaire.objects.filter(case=OuterRef("pk"), timepoint=timepoint)
        needs_questionnaire |= Q(
            ~Q(Exists(held)),
            decided_at__gte=_start_of(today - timedelta(days=days + window - 1)),
            decided_at__lt=_start_of(today - timedelta(days=days - 1)),
        )
    return cases.filter(needs_check_in | needs_questionnaire).values_list(
        "pk", "status", "decided_at"
    )


@register_producer
def outcome_records_due(now: datetime) -> list[Reminder]:
    """Create the outcome check-ins and questionnaires that have fallen due (no reminders:
    :func:`outcome_invitations` sends those). Idempotent: both tables are unique on the case
    and the due day or timepoint, and rows are inserted with ``ignore_conflicts``."""
    today = timezone.localdate(now)
    window = _window()
    check_ins, questionnaires = [], []
    for pk, status, decided_at in _candidates(today, window):
        accepted_on = timezone.localdate(decided_at)
        asked = OutcomeStatus.SKIPPED if status == CaseStatus.PAUSED else OutcomeStatus.DUE
        due = latest_check_in_due(accepted_on, today)
        if due is not None and (today - due).days < window:
            check_ins.append(check_in_for(pk, due, asked))
        for timepoint, days in TIMEPOINT_DAYS.items():
            due = accepted_on + timedelta(days=days)
            if due <= today and (today - due).days < window:
                questionnaires.append(
                    Questionnaire(case_id=pk, timepoint=timepoint, due_on=due, status=asked)
                )
    # Insert only what is not held yet, so an idle run writes nothing; the unique keys still
    # make a concurrent insert harmless.
    ids = {c.case_id for c in check_ins} | {q.case_id for q in questionnaires}
    held = set(
        OutcomeCheckIn.objects.filter(
            case_id__in=ids, due_on__gt=today - timedelta(days=window)
        ).values_list("case_id", "due_on")
    )
    check_ins = [c for c in check_ins if (c.case_id, c.due_on) not in held]
    held = set(Questionnaire.objects.filter(case_id__in=ids).values_list("case_id", "timepoint"))
    questionnaires = [q for q in questionnaires if (q.case_id, q.timepoint) not in held]
    OutcomeCheckIn.objects.bulk_create(check_ins, ignore_conflicts=True)
    Questionnaire.objects.bulk_create(questionnaires, ignore_conflicts=True)
    return []


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def channel_for(worker) -> tuple[str, str] | None:
    """(channel, address) for a message to the worker: a text message when they prefer one and
    have a mobile, email when they have an address, else a text if they have a mobile (a worker
    who prefers the phone still gets the link); None when there is no way to reach them."""
    if worker.preferred_contact == ContactMethod.SMS and worker.mobile:
        return ReminderChannel.SMS, worker.mobile
    if worker.email:
        return ReminderChannel.EMAIL, worker.email
    if worker.mobile:
        return ReminderChannel.SMS, worker.mobile
    return None


def _invitation(
    record, now: datetime, *, kind: str, url: str, subject: str, ask: str, slot: str = "invite"
):
    case = record.case
    worker = case.worker
    reach = channel_for(worker)
    if reach is None:
        return None
    channel, address = reach
    days = _window()
    # Called inside override_for(worker): the text is in the worker's language.
    if channel == ReminderChannel.SMS:
        body = _("%(ask)s %(url)s (the link works for %(days)s days)") % {
            "ask": ask,
            "url": url,
            "days": days,
        }
    else:
        body = _(
            "Hello %(name)s,\n\n%(ask)s\n%(url)s\n\nThe link works once and for %(days)s "
            "days. Only your support worker sees your answers.\n"
        ) % {"name": worker.first_name, "ask": ask, "url": url, "days": days}
    return Reminder(
        kind=kind,
        subject_key=f"{_KEYS[type(record)][1]}{record.code}",
        slot=slot,
        case=case,
        recipient=worker.user,
        channel=channel,
        to_email=address if channel == ReminderChannel.EMAIL else "",
        to_phone=address if channel == ReminderChannel.SMS else "",
        due_at=now,
        subject=subject,
        body=body,
    )


@register_producer
def outcome_invitations(now: datetime) -> list[Reminder]:
    """The invitation of every record the worker may answer now, and close as missed the ones
    whose link has run out. Returned on every run: the reminder's unique key (kind, record,
    "invite") makes it one row and one delivery however often it is produced, and an
    invitation the sweep cancelled because support was paused is brought back when support
    resumes within the link's life (``checkins.reminders._revive``). ``invited_at`` records the
    first time; rows are locked (skip locked) while a run reads them, and only those with an
    invitation or reminder still to produce are read (``checkins.produced.not_produced``)."""
    today = timezone.localdate(now)
    rows = []
    for model in (OutcomeCheckIn, Questionnaire):
        # The link has run out: missed, or skipped when the case could not be asked meanwhile.
        expired = model.objects.filter(
            status=OutcomeStatus.DUE, due_on__lte=today - timedelta(days=_window())
        )
        expired.filter(case__status__in=OUTCOME_STATUSES).update(status=OutcomeStatus.MISSED)
        expired.update(status=OutcomeStatus.SKIPPED)
        kind, prefix = _KEYS[model]
        # Incremental (checkins.produced): only records with an invitation still to produce, or
        # a reminder now due and not yet produced; the rest are not read every minute.
        remind_from = now - timedelta(days=REMIND_AFTER_DAYS)
        due = list(
            model.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("case__worker__user", "case__team")
            .answerable()
            .filter(due_on__lte=today)
            .filter(
                not_produced(kind, prefix, slot="invite")
                | (Q(invited_at__lte=remind_from) & not_produced(kind, prefix, slot="reminder"))
            )
        )
        invited = []
        for record in due:
            with override_for(record.case.worker, team=record.case.team):
                rows.extend(_invitations_of(record, now, model, invited))
        model.objects.filter(pk__in=invited, invited_at__isnull=True).update(invited_at=now)
    return rows


def _invitations_of(record, now: datetime, model, invited: list[int]) -> list[Reminder]:
    """The invitation of one record, and its reminder when due, in the active language."""
    rows = []
    if model is OutcomeCheckIn:
        url = _site(reverse("outcomes:check_in_link", args=[link_token(record)]))
        kind = ReminderKind.OUTCOME_CHECKIN
        subject = _("How the last two weeks went")
        ask = _("Two quick questions from your return-to-work service about the last 2 weeks:")
        reminder_subject = _("Reminder: how the last two weeks went")
        reminder_ask = _(
            "Reminder: two quick questions from your return-to-work service about the last 2 weeks:"
        )
    else:
        url = _site(reverse("outcomes:questionnaire_link", args=[link_token(record)]))
        kind = ReminderKind.QUESTIONNAIRE
        subject = _("A short questionnaire about how you are")
        ask = _(
            "A short questionnaire from your return-to-work service about how you are "
            "(about 5 minutes):"
        )
        reminder_subject = _("Reminder: a short questionnaire about how you are")
        reminder_ask = _(
            "Reminder: a short questionnaire from your return-to-work service about how you "
            "are (about 5 minutes):"
        )
    invite = _invitation(record, now, kind=kind, url=url, subject=subject, ask=ask)
    if invite is None:
        return rows
    rows.append(invite)
    invited.append(record.pk)
    # One reminder, REMIND_AFTER_DAYS after the first invitation, while still unanswered.
    if record.invited_at and now - record.invited_at >= timedelta(days=REMIND_AFTER_DAYS):
        rows.append(
            _invitation(
                record,
                now,
                kind=kind,
                url=url,
                subject=reminder_subject,
                ask=reminder_ask,
                slot="reminder",
            )
        )
    return rows
