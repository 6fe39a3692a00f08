"""Every change to a check-in, and the at-risk flag it can raise, goes through these functions.

Like ``cases.actions``: atomic, keyword-only, the actor as ``by=``, the case timeline and the
audit trail written here and nowhere else.
"""

from django.db import transaction
from django.db.models import OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from cases.models import Case, CaseEvent, FitNote
from checkins import lines
from checkins.models import CheckIn, CheckInStatus
from checkins.relapse import relapse_signals
from rtw.audit import record_event
from rtw.inline import inline, instances
from rtw.models import User
from rtw.notify import notify


def _event(case: Case, kind: str, summary: str, by: User | None) -> None:
    CaseEvent.objects.create(case=case, kind=kind, summary=summary[:300], actor=by)


def _audit(by: User | None, action: str, record_type: str, code) -> None:
    record_event(by=by, action=action, record_type=record_type, record_code=str(code))


class CheckInClosed(Exception):
    """The check-in cannot be answered: already answered (nothing is saved twice), missed, or
    the case's support is paused, over or not started. ``reason`` is
    ``CheckIn.unanswerable_reason()``."""

    def __init__(self, reason: str = "used"):
        super().__init__(reason)
        self.reason = reason


class SupportNotActive(Exception):
    """Check-ins are only added while the case's support is active."""


@transaction.atomic
def complete_check_in(*, check_in, answers: dict, by: User | None):
    """Save the answers once, look for relapse signals, and flag the case and tell the VSW if
    any are found. ``by`` is None when the worker answered through a link.

    Refuses (CheckInClosed, nothing saved) a check-in that cannot be answered, by anyone: see
    ``CheckIn.unanswerable_reason``. The query locks the check-in and its case, so a pause
    committed while the form was being filled in is seen here; it reads the worker and the
    assigned VSW that an at-risk flag names and notifies, with the VSW's team (the language of
    their notice), and the case's previous answered check-in (the signals compare with it), in
    the same query (``of=`` keeps the lock on those two rows: the VSW is an outer join, which
    PostgreSQL will not lock)."""
    check_in = (
        CheckIn.objects.select_for_update(of=("self", "case"))
        .select_related(
            "case", "case__worker", "case__assigned_vsw", "case__assigned_vsw__organisation"
        )
        .annotate(
            previous_rows=inline(
                CheckIn,
                "case",
                outer="case",
                queryset=CheckIn.objects.completed().exclude(pk=OuterRef("pk")),
                order_by=["-completed_at"],
                limit=1,
            )
        )
        .get(pk=check_in.pk)
    )
    reason = check_in.unanswerable_reason()
    if reason:
        raise CheckInClosed(reason)
    for field, value in answers.items():
        setattr(check_in, field, value)
    previous = next(iter(instances(CheckIn, check_in.previous_rows)), None)
    check_in.signals = relapse_signals(check_in, previous)
    check_in.status = CheckInStatus.COMPLETED
    check_in.completed_at = timezone.now()
    check_in.completed_by = by
    check_in.save()
    case = check_in.case
    _event(
        case,
        CaseEvent.Kind.CHECK_IN,
        lines.COMPLETED_WITH_SIGNALS if check_in.signals else lines.COMPLETED,
        by,
    )
    record_event(
        by=by,
        action="checkin.complete",
        record_type="checkin",
        record_code=str(check_in.code),
        detail={"via": "account" if by else "link"},
    )
    if check_in.signals:
        flag_at_risk(case=case, reasons=check_in.signals, by=by)
    return check_in


def flag_at_risk(*, case: Case, reasons: list[str], by: User | None) -> None:
    was_flagged = case.at_risk
    Case.objects.filter(pk=case.pk).update(at_risk=True)
    case.at_risk = True
    if not was_flagged:
        _event(case, CaseEvent.Kind.STATUS, lines.FLAGGED, by)
    if case.assigned_vsw is not None:
        # The reasons are health information: they stay on the case page, out of email.
        notify(
            recipient=case.assigned_vsw,
            message=format_lazy(
                gettext_lazy("A check-in from {name} suggests a risk of relapse."),
                name=case.worker.full_name,
            ),
            link=reverse("cases:case_detail", args=[case.code]),
            email_subject=gettext_lazy("A check-in needs your attention"),
        )


@transaction.atomic
def clear_at_risk(*, case: Case, by: User) -> None:
    Case.objects.filter(pk=case.pk).update(at_risk=False)
    case.at_risk = False
    _event(case, CaseEvent.Kind.STATUS, lines.FLAG_CLEARED, by)
    _audit(by, "case.clear_at_risk", "case", case.code)


@transaction.atomic
def add_ad_hoc_check_in(*, case: Case, channel: str, by: User):
    """An extra check-in due today. It offers the warning signs of the latest scheduled one.
    Only while support is active: a paused case is asked nothing."""
    if not case.accepts_check_ins():
        raise SupportNotActive
    template = case.check_ins.filter(ad_hoc=False).order_by("-due_on").first()
    check_in = CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate(),
        ad_hoc=True,
        channel=channel,
        planned_hours=template.planned_hours if template else None,
        warning_signs_offered=template.warning_signs_offered if template else [],
    )
    _event(case, CaseEvent.Kind.CHECK_IN, lines.EXTRA, by)
    _audit(by, "checkin.create", "checkin", check_in.code)
    return check_in


def end_open_check_ins(*, case: Case, by: User | None) -> int:
    """The case closed: its open check-ins (scheduled, or invited and not answered) close as
    ENDED. Nothing more is asked of the worker, their links already say support has ended
    (``CheckIn.unanswerable_reason``), and the reminder producers, which read open check-ins
    every minute, no longer read these for ever after. Registered in ``cases.course.closed``, so it
    runs in the closing transaction with the case locked. Returns how many closed."""
    return CheckIn.objects.filter(case=case).open().update(status=CheckInStatus.ENDED)


def settle_fit_notes(*, case: Case, by: User | None) -> None:
    """The case closed: no reminder will come of its fit notes' endings, so the fit-note
    producer no longer reads them (``FitNote.reminders_done_at``; cases.course.closed)."""
    FitNote.objects.filter(case=case, reminders_done_at__isnull=True).update(
        reminders_done_at=timezone.now()
    )
