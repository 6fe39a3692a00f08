"""The reminders of the cases app: check-in invitations and follow-ups, and fit notes ending.

Registered with :func:`checkins.reminders.register_producer` when this module is imported
(``CheckinsConfig.ready``). Each reminder's text is written in its recipient's language
(``rtw.languages.override_for``): the worker's, or the member of staff's.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.models import (
    CHECK_IN_STATUSES,
    REMINDER_STATUSES,
    Case,
    CaseEvent,
    CaseStatus,
    ContactMethod,
    FitNote,
)
from checkins import lines
from checkins.links import link_token
from checkins.models import CheckIn, CheckInChannel, CheckInStatus, Reminder, ReminderKind
from checkins.produced import not_produced
from checkins.reminders import register_producer, staff_reminder, worker_reminder
from rtw.languages import override_for


def _ending_when(days: int) -> str:
    """'today', or 'in 3 days', in the active language."""
    if days == 0:
        return _("today")
    return ngettext("in %(count)s day", "in %(count)s days", days) % {"count": days}


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _worker_can_have_email(case: Case) -> bool:
    worker = case.worker
    return bool(worker.email) and worker.preferred_contact == ContactMethod.EMAIL


@register_producer
def check_ins_due_while_paused(now: datetime) -> list[Reminder]:
    """While support is paused, each open check-in that falls due is closed as SKIPPED (not
    missed: the worker was not asked), with a line on the case timeline and no message to
    anyone. Nothing is asked of a worker who paused, their link stops working, and when support
    resumes only check-ins due from then on are invited, never a burst of stale ones. Produces
    no reminders.

    Runs every minute like the rest, so a check-in is closed on the day it falls due. Locks the
    rows it closes: a concurrent run waits, then finds them closed and writes no second line."""
    today = timezone.localdate(now)
    due = list(
        CheckIn.objects.select_for_update(of=("self",))
        .open()
        .filter(due_on__lte=today, case__status=CaseStatus.PAUSED)
        .only("pk", "case_id", "due_on")
    )
    if due:
        CheckIn.objects.filter(pk__in=[c.pk for c in due]).update(status=CheckInStatus.SKIPPED)
        CaseEvent.objects.bulk_create(
            CaseEvent(
                case_id=c.case_id,
                kind=CaseEvent.Kind.CHECK_IN,
                summary=lines.SKIPPED_PAUSED % {"day": f"{c.due_on:%-d %b %Y}"},
            )
            for c in due
        )
    return []


@register_producer
def check_in_invitations(now: datetime) -> list[Reminder]:
    """Due check-ins: an invitation with a link to the worker, or a call for the VSW when the
    worker prefers the phone (or the check-in is by phone)."""
    today = timezone.localdate(now)
    # Answerable (CheckInQuerySet.answerable) and scheduled, said with the scheduled status
    # alone: with the open statuses in the query too, the planner reads the index of every
    # open check-in, invited ones included, and visits each row (docs/performance.md).
    due = list(
        CheckIn.objects.select_for_update(of=("self",))
        .select_related("case__worker", "case__assigned_vsw", "case__team")
        .filter(status=CheckInStatus.SCHEDULED, due_on__lte=today)
        .filter(case__status__in=CHECK_IN_STATUSES)
    )
    rows, invited = [], []
    for check_in in due:
        case = check_in.case
        if check_in.channel == CheckInChannel.SELF_LINK and _worker_can_have_email(case):
            url = _site(reverse("checkins:link", args=[link_token(check_in)]))
            with override_for(case.worker, team=case.team):
                subject = _("Your return-to-work check-in")
                body = _(
                    "Hello %(name)s,\n\nIt is time for your check-in. It takes about a "
                    "minute:\n%(url)s\n\nThe link works once and for %(days)s days.\n"
                ) % {
                    "name": case.worker.first_name,
                    "url": url,
                    "days": settings.CHECKIN_LINK_MAX_AGE_DAYS,
                }
            rows.append(
                worker_reminder(
                    case,
                    now,
                    kind=ReminderKind.CHECKIN_INVITE,
                    subject_key=f"checkin:{check_in.code}",
                    slot=check_in.due_on.isoformat(),
                    subject=subject,
                    body=body,
                )
            )
            invited.append(check_in.pk)
        elif case.assigned_vsw is not None:
            with override_for(case.assigned_vsw, team=case.team):
                subject = _("A phone check-in is due")
                body = _("A check-in with %(name)s is due by phone.\n%(url)s\n") % {
                    "name": case.worker.full_name,
                    "url": _site(reverse("cases:case_detail", args=[case.code])),
                }
            rows.append(
                staff_reminder(
                    case.assigned_vsw,
                    now,
                    kind=ReminderKind.CHECKIN_PHONE_DUE,
                    subject_key=f"checkin:{check_in.code}",
                    slot=check_in.due_on.isoformat(),
                    case=case,
                    subject=subject,
                    body=body,
                )
            )
            invited.append(check_in.pk)
    CheckIn.objects.filter(pk__in=invited).update(status=CheckInStatus.INVITED)
    return rows


@register_producer
def check_in_follow_ups(now: datetime) -> list[Reminder]:
    """Two days after the invitation, a reminder; once the link has run out, the check-in is
    missed and the VSW is told."""
    today = timezone.localdate(now)
    rows = []
    waiting = CheckIn.objects.select_related(
        "case__worker", "case__assigned_vsw", "case__team"
    ).answerable()
    waiting = waiting.filter(
        status=CheckInStatus.INVITED,
        channel=CheckInChannel.SELF_LINK,
        due_on__lte=today - timedelta(days=2),
    )
    # Incremental: a check-in whose reminder is out waits quietly until its link runs out.
    expired = Q(due_on__lte=today - timedelta(days=settings.CHECKIN_LINK_MAX_AGE_DAYS))
    waiting = waiting.filter(expired | not_produced(ReminderKind.CHECKIN_REMINDER, "checkin:"))
    missed_ids = []
    for check_in in waiting:
        case = check_in.case
        if check_in.due_on <= today - timedelta(days=settings.CHECKIN_LINK_MAX_AGE_DAYS):
            missed_ids.append(check_in.pk)
            if case.assigned_vsw is not None:
                with override_for(case.assigned_vsw, team=case.team):
                    subject = _("A check-in was missed")
                    body = _(
                        "%(name)s did not complete the check-in due on %(date)s.\n%(url)s\n"
                    ) % {
                        "name": case.worker.full_name,
                        "date": date_format(check_in.due_on, "j F Y"),
                        "url": _site(reverse("cases:case_detail", args=[case.code])),
                    }
                rows.append(
                    staff_reminder(
                        case.assigned_vsw,
                        now,
                        kind=ReminderKind.CHECKIN_MISSED,
                        subject_key=f"checkin:{check_in.code}",
                        slot=check_in.due_on.isoformat(),
                        case=case,
                        subject=subject,
                        body=body,
                    )
                )
        elif _worker_can_have_email(case):
            url = _site(reverse("checkins:link", args=[link_token(check_in)]))
            with override_for(case.worker, team=case.team):
                subject = _("Reminder: your return-to-work check-in")
                body = _("Hello %(name)s,\n\nYour check-in is still open:\n%(url)s\n") % {
                    "name": case.worker.first_name,
                    "url": url,
                }
            rows.append(
                worker_reminder(
                    case,
                    now,
                    kind=ReminderKind.CHECKIN_REMINDER,
                    subject_key=f"checkin:{check_in.code}",
                    slot=(check_in.due_on + timedelta(days=2)).isoformat(),
                    subject=subject,
                    body=body,
                )
            )
    CheckIn.objects.filter(pk__in=missed_ids).update(status=CheckInStatus.MISSED)
    return rows


@register_producer
def fit_notes_ending(now: datetime) -> list[Reminder]:
    """A case's latest fit note ends within 7 days: tell the VSW, and the clinician when the
    issuer said they would reassess."""
    today = timezone.localdate(now)
    # The case's latest note (by start, then by when it was recorded): no later one exists.
    # NOT EXISTS, where a "pk = (latest of the case)" subquery sorted every note of each case
    # whose older notes also end this week (docs/performance.md).
    later = FitNote.objects.filter(case=OuterRef("case")).filter(
        Q(starts_on__gt=OuterRef("starts_on"))
        | Q(starts_on=OuterRef("starts_on"), created_at__gt=OuterRef("created_at"))
    )
    notes = (
        FitNote.objects.select_related(
            "case__worker", "case__assigned_vsw", "case__referred_by", "recorded_by", "case__team"
        )
        .filter(
            case__status__in=REMINDER_STATUSES,
            indefinite=False,
            ends_on__gte=today,
            ends_on__lte=today + timedelta(days=7),
        )
        .filter(~Exists(later))
        # Incremental: only notes whose reminders are still to produce (the VSW's, or the
        # clinician's when the issuer will reassess), through the partial index on the mark.
        .filter(reminders_done_at__isnull=True)
        .filter(Q(case__assigned_vsw__isnull=False) | Q(needs_reassessment=True))
    )
    rows, produced = [], []
    for note in notes:
        case = note.case
        days = (note.ends_on - today).days
        if case.assigned_vsw is not None:
            with override_for(case.assigned_vsw, team=case.team):
                subject = _("A fit note is ending")
                body = _("The fit note for %(name)s ends %(when)s (%(date)s).\n%(url)s\n") % {
                    "name": case.worker.full_name,
                    "when": _ending_when(days),
                    "date": date_format(note.ends_on, "j F Y"),
                    "url": _site(reverse("cases:case_detail", args=[case.code])),
                }
            rows.append(
                staff_reminder(
                    case.assigned_vsw,
                    now,
                    kind=ReminderKind.FIT_NOTE_EXPIRING,
                    subject_key=f"fitnote:{note.code}",
                    slot="vsw",
                    case=case,
                    subject=subject,
                    body=body,
                )
            )
            # Marked once the VSW's reminder is out: a note on a case with no VSW yet is read
            # again, so the VSW assigned later still hears of it.
            produced.append(note.pk)
        clinician = note.recorded_by if note.recorded_by.role == "CLINICIAN" else case.referred_by
        if note.needs_reassessment and clinician is not None:
            with override_for(clinician, team=case.team):
                subject = _("A fit note you asked to reassess is ending")
                body = _(
                    "The fit note for %(name)s ends %(when)s (%(date)s) and the issuer planned "
                    "to reassess.\n%(url)s\n"
                ) % {
                    "name": case.worker.full_name,
                    "when": _ending_when(days),
                    "date": date_format(note.ends_on, "j F Y"),
                    "url": _site(reverse("cases:referral_detail", args=[case.code])),
                }
            rows.append(
                staff_reminder(
                    clinician,
                    now,
                    kind=ReminderKind.FIT_NOTE_EXPIRING,
                    subject_key=f"fitnote:{note.code}",
                    slot="clinician",
                    case=case,
                    subject=subject,
                    body=body,
                )
            )
    FitNote.objects.filter(pk__in=produced).update(reminders_done_at=now)
    return rows


def unmark_fit_notes(*, case: Case, by) -> None:
    """Support resumed: the case's latest fit note is read again by :func:`fit_notes_ending`,
    so a reminder the sweep cancelled during the pause is brought back if the note still ends
    soon (registered in ``cases.course.resumed``). The notes it replaced stay settled."""
    FitNote.objects.filter(pk__in=FitNote.objects.latest_of(case)).update(reminders_done_at=None)
