"""Pausing support: the VSW is told, the worker is asked nothing, no reminder about the case
goes out; resuming starts them again without a burst of stale ones."""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from cases import actions as case_actions
from cases.models import CaseEvent, CaseStatus
from checkins import actions as check_in_actions
from checkins import reminders
from checkins.links import link_token
from checkins.models import CheckIn, CheckInStatus, Delivery, Reminder, ReminderKind, ReminderStatus
from plans.models import Milestone, Review
from rtw.models import Notification
from rtw.outbox import OutboxMessage
from tests import factories as f
from tests.forms import page_text


def answers():
    return {
        "hours_worked": "18",
        "days_absent": "0",
        "sleep": "6",
        "mood": "7",
        "energy": "6",
        "symptoms": "3",
        "work_ability": "6",
        "comments": "The quiet desk helped.",
    }


@pytest.fixture
def check_in(case):
    """An open check-in due today, with a worker who can be emailed."""
    case.worker.email = "jamie@example.test"
    case.worker.save()
    return CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate(),
        planned_hours=Decimal("20"),
        status=CheckInStatus.INVITED,
        warning_signs_offered=["Sleeping worse"],
    )


def produce_and_sweep() -> None:
    reminders.produce_reminders()
    reminders.sweep()


def recipients() -> list[tuple[str, str]]:
    return sorted((m.to[0], m.subject) for m in mail.outbox)


# --- The VSW is told -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_worker_pausing_tells_their_vsw_without_health_data(as_user, worker, vsw, case):
    f.FitNoteFactory(case=case, condition="Recurrent depressive disorder")

    response = as_user(worker).post(f"/cases/my-support/{case.code}/pause/", follow=True)

    assert "Your support is paused. Your VSW has been told." in page_text(response)
    assert list(Notification.objects.values_list("recipient", "message", "link")) == [
        (
            vsw.pk,
            "Jamie Clarke paused their support. No check-ins or reminders go out until "
            "support is resumed.",
            f"/cases/{case.code}/",
        )
    ]
    [email] = OutboxMessage.objects.all()
    assert (email.to_email, email.subject) == (vsw.email, "Support paused")
    assert "Recurrent depressive disorder" not in email.body


@pytest.mark.django_db
def test_worker_withdrawing_tells_their_vsw(as_user, worker, vsw, case):
    as_user(worker).post(f"/cases/my-support/{case.code}/withdraw/")

    assert list(Notification.objects.values_list("recipient", "message")) == [
        (vsw.pk, "Jamie Clarke stopped taking part, so their case is closed.")
    ]


@pytest.mark.django_db
def test_vsw_pausing_and_resuming_their_own_case_is_not_told_about_it(as_user, vsw, case):
    client = as_user(vsw)
    client.post(f"/cases/{case.code}/status/pause/")
    client.post(f"/cases/{case.code}/status/resume/")

    case.refresh_from_db()
    assert (case.status, Notification.objects.count()) == (CaseStatus.ACTIVE, 0)


@pytest.mark.django_db
def test_supervisor_pausing_a_case_tells_its_vsw(as_user, supervisor, vsw, case):
    as_user(supervisor).post(f"/cases/{case.code}/status/pause/")

    assert list(Notification.objects.values_list("recipient", "message")) == [
        (
            vsw.pk,
            "Grace Okafor paused support for Jamie Clarke. No check-ins or reminders go out "
            "until support is resumed.",
        )
    ]


# --- The worker is asked nothing -----------------------------------------------------------------


@pytest.mark.django_db
def test_paused_worker_cannot_check_in_from_their_account(as_user, worker, case, check_in):
    client = as_user(worker)
    client.post(f"/cases/my-support/{case.code}/pause/")

    page = client.get(f"/cases/my-support/check-ins/{check_in.code}/")
    sent = client.post(f"/cases/my-support/check-ins/{check_in.code}/", answers())

    assert (page.status_code, sent.status_code) == (409, 409)
    assert "Your support is paused" in page_text(sent)
    assert "nothing has been saved" in page_text(sent)
    check_in.refresh_from_db()
    assert (check_in.status, check_in.hours_worked, check_in.completed_at) == (
        CheckInStatus.INVITED,
        None,
        None,
    )
    assert not case.events.filter(kind=CaseEvent.Kind.CHECK_IN).exists()


@pytest.mark.django_db
def test_paused_worker_home_offers_no_check_in(as_user, worker, case, check_in):
    client = as_user(worker)
    assert "Do your check-in" in page_text(client.get("/cases/my-support/"))

    client.post(f"/cases/my-support/{case.code}/pause/")

    text = page_text(client.get("/cases/my-support/"))
    assert "Do your check-in" not in text
    assert "Your support is paused. You will not be asked to check in" in text


@pytest.mark.django_db
def test_worker_who_left_is_told_their_support_has_ended(as_user, worker, case, check_in):
    client = as_user(worker)
    client.post(f"/cases/my-support/{case.code}/withdraw/")

    response = client.post(f"/cases/my-support/check-ins/{check_in.code}/", answers())

    assert response.status_code == 410
    assert "Your support has ended" in page_text(response)
    check_in.refresh_from_db()
    # Nothing saved: closing the case ended the check-in, and the answer did not complete it.
    assert (check_in.status, check_in.hours_worked) == (CheckInStatus.ENDED, None)


@pytest.mark.django_db
def test_link_is_refused_while_paused_and_saves_nothing(as_user, worker, anonymous, case, check_in):
    url = f"/check-in/{link_token(check_in)}/"
    as_user(worker).post(f"/cases/my-support/{case.code}/pause/")

    response = anonymous.post(url, answers())

    assert response.status_code == 410
    assert "This link has expired" in page_text(response)
    check_in.refresh_from_db()
    assert (check_in.status, check_in.hours_worked) == (CheckInStatus.INVITED, None)


@pytest.mark.django_db
def test_answer_sent_after_a_pause_is_refused_by_the_action(worker, case, check_in):
    """The form was opened while support was active and sent after the pause."""
    case_actions.pause_case(case=case, by=worker)

    with pytest.raises(check_in_actions.CheckInClosed) as refused:
        check_in_actions.complete_check_in(check_in=check_in, answers={"hours_worked": 1}, by=None)

    assert refused.value.reason == "paused"
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.INVITED


@pytest.mark.django_db
def test_vsw_cannot_add_or_record_a_check_in_while_paused(as_user, vsw, case, check_in):
    client = as_user(vsw)
    client.post(f"/cases/{case.code}/status/pause/")

    added = client.post(f"/cases/{case.code}/check-ins/new/", {"channel": "PHONE"}, follow=True)
    recorded = client.get(f"/cases/check-ins/{check_in.code}/record/", follow=True)

    assert "Check-ins can only be added while support is active." in page_text(added)
    assert "Support is paused: check-ins start again when it is resumed." in page_text(recorded)
    assert CheckIn.objects.count() == 1


@pytest.mark.django_db
def test_answerable_queryset_and_can_be_answered_agree(case):
    """One rule, two forms: every case status against every check-in status."""
    pairs = list(itertools.product(CaseStatus.values, CheckInStatus.values))
    for n, (case_status, check_in_status) in enumerate(pairs):
        undecided = case_status in (CaseStatus.REFERRED, CaseStatus.DECLINED)
        subject = f.CaseFactory(
            status=case_status,
            team=case.team,
            assigned_vsw=None if undecided else case.assigned_vsw,
        )
        CheckIn.objects.create(
            case=subject,
            due_on=timezone.localdate() - timedelta(days=n),
            status=check_in_status,
            completed_at=timezone.now() if check_in_status == CheckInStatus.COMPLETED else None,
        )
    answerable = set(CheckIn.objects.answerable().values_list("pk", flat=True))
    by_method = {c.pk for c in CheckIn.objects.select_related("case") if c.can_be_answered()}

    assert answerable == by_method
    assert {(c.case.status, c.status) for c in CheckIn.objects.filter(pk__in=answerable)} == {
        (CaseStatus.ACTIVE, CheckInStatus.SCHEDULED),
        (CaseStatus.ACTIVE, CheckInStatus.INVITED),
    }


# --- No reminder about a paused case goes out ----------------------------------------------------


@pytest.fixture
def everything_due(case, clinician):
    """Something of every kind due about ``case`` today: a check-in, a phone check-in, a fit note
    ending (the clinician will reassess), a plan review, a milestone, an overdue milestone."""
    today = timezone.localdate()
    case.worker.email = "jamie@example.test"
    case.worker.save()
    CheckIn.objects.create(case=case, due_on=today)
    CheckIn.objects.create(case=case, due_on=today, ad_hoc=True, channel="PHONE")
    f.FitNoteFactory(
        case=case, ends_on=today + timedelta(days=3), needs_reassessment=True, recorded_by=clinician
    )
    Review.objects.create(case=case, due_on=today + timedelta(days=1))
    Milestone.objects.create(case=case, title="First day back", target_on=today)
    Milestone.objects.create(case=case, title="Full hours", target_on=today - timedelta(days=3))
    return case


@pytest.fixture
def other_case(vsw):
    """An active case of the same VSW with a check-in due, so the sweep has something to send."""
    other = f.CaseFactory(
        team=vsw.organisation, assigned_vsw=vsw, worker__email="robin@example.test"
    )
    CheckIn.objects.create(case=other, due_on=timezone.localdate())
    return other


@pytest.mark.django_db
def test_nothing_about_a_paused_case_goes_out_to_anyone(worker, everything_due, other_case):
    case_actions.pause_case(case=everything_due, by=worker)

    produce_and_sweep()
    produce_and_sweep()

    assert recipients() == [("robin@example.test", "Your return-to-work check-in")]
    assert not Reminder.objects.filter(case=everything_due).exists()
    assert not Reminder.objects.filter(kind=ReminderKind.WEEKLY_DIGEST).exists()


@pytest.mark.django_db
def test_the_same_case_active_gets_every_kind(vsw, clinician, everything_due):
    """The control for the test above: the fixture does make every kind due."""
    produce_and_sweep()

    assert recipients() == [
        (clinician.email, "A fit note you asked to reassess is ending"),
        ("jamie@example.test", "Your return-to-work check-in"),
        (vsw.email, "A fit note is ending"),
        (vsw.email, "A milestone is due today"),
        (vsw.email, "A phone check-in is due"),
        (vsw.email, "A plan review is due"),
        (vsw.email, "Overdue this week: 1 item"),
    ]


@pytest.mark.django_db
def test_check_ins_falling_due_while_paused_are_skipped_quietly(worker, case, check_in):
    case_actions.pause_case(case=case, by=worker)

    produce_and_sweep()
    produce_and_sweep()

    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.SKIPPED
    assert list(
        case.events.filter(kind=CaseEvent.Kind.CHECK_IN).values_list("summary", flat=True)
    ) == [f"Check-in due {check_in.due_on:%-d %b %Y} not asked for: support is paused"]
    assert (mail.outbox, Reminder.objects.count()) == ([], 0)


@pytest.mark.django_db
def test_reminders_pending_when_support_paused_are_cancelled_then_come_back_if_still_due(
    vsw, clinician, worker, everything_due
):
    case = everything_due
    Milestone.objects.filter(title="Full hours").delete()  # no digest before the pause
    reminders.produce_reminders()
    pending = set(Reminder.objects.values_list("kind", "to_email"))

    case_actions.pause_case(case=case, by=worker)
    produce_and_sweep()

    assert mail.outbox == []
    assert Delivery.objects.count() == 0
    assert set(Reminder.objects.values_list("kind", "to_email")) == pending
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.CANCELLED}

    with time_machine.travel(timezone.now() + timedelta(days=1)):
        case_actions.resume_case(case=case, by=vsw)
        produce_and_sweep()
        produce_and_sweep()

    # Still due the day after: the fit note (ending in 2 days now) and the review (due today),
    # each sent once with fresh text; the milestone that was due yesterday is now overdue, so it
    # is in the digest. Not sent: the milestone's own reminder (it was due only on its day) and
    # the check-ins, which were closed during the pause.
    assert recipients() == [
        (clinician.email, "A fit note you asked to reassess is ending"),
        (vsw.email, "A fit note is ending"),
        (vsw.email, "A plan review is due"),
        (vsw.email, "Overdue this week: 1 item"),
    ]
    ending = next(m for m in mail.outbox if m.subject == "A fit note is ending")
    assert "ends in 2 days" in ending.body
    assert Delivery.objects.count() == 4
    assert sorted(
        Reminder.objects.filter(case=case, status=ReminderStatus.CANCELLED).values_list(
            "kind", flat=True
        )
    ) == [
        ReminderKind.CHECKIN_INVITE,
        ReminderKind.CHECKIN_PHONE_DUE,
        ReminderKind.MILESTONE_DUE,
    ]


# --- Resuming starts them again ------------------------------------------------------------------


@pytest.mark.django_db
def test_after_resuming_the_next_check_in_is_invited_once(as_user, worker, vsw, anonymous, case):
    case.worker.email = "jamie@example.test"
    case.worker.save()
    start = timezone.now()
    today = timezone.localdate()
    during = CheckIn.objects.create(case=case, due_on=today + timedelta(days=3))
    after = CheckIn.objects.create(case=case, due_on=today + timedelta(days=10))
    as_user(worker).post(f"/cases/my-support/{case.code}/pause/")

    with time_machine.travel(start + timedelta(days=3)):
        produce_and_sweep()
    with time_machine.travel(start + timedelta(days=5)):
        case_actions.resume_case(case=case, by=vsw)
        produce_and_sweep()
    assert mail.outbox == []

    with time_machine.travel(start + timedelta(days=10)):
        produce_and_sweep()
        produce_and_sweep()
        [invitation] = mail.outbox
        link = next(w for w in invitation.body.split() if "/check-in/" in w)
        form = anonymous.get(link.split("127.0.0.1:8000", 1)[1])

    assert (invitation.to, invitation.subject) == (
        ["jamie@example.test"],
        "Your return-to-work check-in",
    )
    assert form.status_code == 200
    during.refresh_from_db()
    after.refresh_from_db()
    assert (during.status, after.status) == (CheckInStatus.SKIPPED, CheckInStatus.INVITED)
    assert list(Reminder.objects.values_list("kind", "subject_key", "status")) == [
        (ReminderKind.CHECKIN_INVITE, f"checkin:{after.code}", ReminderStatus.SENT)
    ]
