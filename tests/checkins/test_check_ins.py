"""Worker check-ins by link and by account, relapse signals, and the reminder producers."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail, signing
from django.utils import timezone

from cases.models import CaseStatus
from checkins import reminders
from checkins.links import link_token
from checkins.models import CheckIn, CheckInStatus, Delivery, Reminder, ReminderKind, ReminderStatus
from checkins.relapse import relapse_signals
from rtw.models import Notification
from tests import factories as f
from tests.forms import error_summary, field_errors, page_text


@pytest.fixture
def check_in(case):
    return CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate(),
        planned_hours=Decimal("20"),
        status=CheckInStatus.INVITED,
        warning_signs_offered=["Sleeping worse", "Snapping at people"],
    )


def answers(**overrides):
    data = {
        "hours_worked": "18",
        "days_absent": "0",
        "sleep": "6",
        "mood": "7",
        "energy": "6",
        "symptoms": "3",
        "work_ability": "6",
        "comments": "The quiet desk helped.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- The link ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_link_opens_only_that_check_in_form_without_sign_in(anonymous, check_in, case):
    f.FitNoteFactory(case=case, condition="Recurrent depressive disorder")
    response = anonymous.get(f"/check-in/{link_token(check_in)}/")
    text = page_text(response)
    assert response.status_code == 200
    assert "Your check-in" in text
    assert "Your plan for this week: 20 hours" in text
    assert "Sleeping worse" in text
    assert "Recurrent depressive disorder" not in text
    assert "Pennine Logistics" not in text
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_answering_by_link_saves_once(anonymous, check_in):
    url = f"/check-in/{link_token(check_in)}/"
    response = anonymous.post(url, answers(warning_signs_ticked=[]))
    assert response.status_code == 200
    assert "Check-in sent" in page_text(response)
    check_in.refresh_from_db()
    assert (check_in.status, check_in.hours_worked, check_in.sleep, check_in.completed_by) == (
        CheckInStatus.COMPLETED,
        Decimal("18"),
        6,
        None,
    )

    again = anonymous.post(url, answers(hours_worked="1"))
    assert again.status_code == 410
    assert "You have already checked in" in page_text(again)
    check_in.refresh_from_db()
    assert check_in.hours_worked == Decimal("18")
    assert anonymous.get(url).status_code == 410


@pytest.mark.django_db
def test_tampered_link_is_refused_clearly(anonymous, check_in):
    token = link_token(check_in)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = anonymous.get(f"/check-in/{tampered}/")
    assert response.status_code == 404
    assert "This link does not work" in page_text(response)
    assert "Sleeping worse" not in page_text(response)
    response = anonymous.post(f"/check-in/{tampered}/", answers())
    assert response.status_code == 404
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.INVITED


@pytest.mark.django_db
def test_link_signed_for_another_purpose_is_refused(anonymous, check_in):
    forged = signing.dumps(
        {"c": str(check_in.code), "n": str(check_in.link_nonce)}, salt="something-else"
    )
    assert anonymous.get(f"/check-in/{forged}/").status_code == 404


@pytest.mark.django_db
def test_expired_link_says_so(anonymous, check_in):
    token = link_token(check_in)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = anonymous.get(f"/check-in/{token}/")
        assert response.status_code == 410
        assert "This link has expired" in page_text(response)
        anonymous.post(f"/check-in/{token}/", answers())
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.INVITED


@pytest.mark.django_db
def test_link_stops_working_when_support_is_paused(anonymous, check_in, case):
    case.status = CaseStatus.PAUSED
    case.save()
    assert anonymous.get(f"/check-in/{link_token(check_in)}/").status_code == 410


@pytest.mark.django_db
def test_link_form_errors_are_shown_and_nothing_is_saved(anonymous, check_in):
    response = anonymous.post(
        f"/check-in/{link_token(check_in)}/", answers(hours_worked="lots", sleep=None)
    )
    assert response.status_code == 200
    assert "Enter the hours as a number, like 12.5" in error_summary(response)
    assert "Enter the hours as a number, like 12.5" in field_errors(response, "id_hours_worked")
    assert "Select a number from 0 to 10 for sleep" in error_summary(response)
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.INVITED


@pytest.mark.django_db
def test_out_of_range_score_is_refused(anonymous, check_in):
    response = anonymous.post(f"/check-in/{link_token(check_in)}/", answers(mood="11"))
    assert "Select a valid choice. 11 is not one of the available choices." in error_summary(
        response
    )


@pytest.mark.django_db
def test_worker_with_an_account_checks_in_and_reads_their_plan(as_user, worker, check_in, case):
    plan = f.PlanFactory(case=case)
    client = as_user(worker)
    home = page_text(client.get("/cases/my-support/"))
    assert "A check-in is waiting for you." in home
    assert "Read your return-to-work plan" in home
    response = client.post(f"/cases/my-support/check-ins/{check_in.code}/", answers())
    assert response.status_code == 302
    check_in.refresh_from_db()
    assert (check_in.status, check_in.completed_by) == (CheckInStatus.COMPLETED, worker)
    assert client.get(f"/plans/{plan.code}/copy/worker/").status_code == 200


@pytest.mark.django_db
def test_worker_signs_their_plan_from_their_account(as_user, worker, employer, vsw, case):
    plan = f.PlanFactory(case=case, status="PROPOSED")
    f.add_graded_phases(plan)
    f.SharingConsentFactory(worker=case.worker, recipient="EMPLOYER", item="PLAN", granted_by=vsw)
    as_user(worker).post(f"/plans/{plan.code}/worker-sign/")
    as_user(employer).post(f"/plans/{plan.code}/employer-sign/")
    plan.refresh_from_db()
    assert plan.status == "AGREED"
    assert plan.signoffs.get(party="WORKER").signed_by == worker


@pytest.mark.django_db
def test_another_worker_cannot_open_the_check_in(as_user, check_in, employer_org):
    other = f.UserFactory(role="WORKER", organisation=employer_org)
    assert as_user(other).get(f"/cases/my-support/check-ins/{check_in.code}/").status_code == 404


@pytest.mark.django_db
def test_vsw_records_a_phone_check_in(as_user, vsw, case):
    client = as_user(vsw)
    client.post(f"/cases/{case.code}/check-ins/new/", {"channel": "PHONE"})
    check_in = CheckIn.objects.get(case=case, ad_hoc=True)
    response = client.post(f"/cases/check-ins/{check_in.code}/record/", answers())
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.code}/check-ins/"
    check_in.refresh_from_db()
    assert (check_in.status, check_in.completed_by, check_in.channel) == (
        CheckInStatus.COMPLETED,
        vsw,
        "PHONE",
    )


# --- Signals: each rule trips, and does not trip ------------------------------------------------


def _done(case, **values):
    base = {
        "hours_worked": Decimal("20"),
        "planned_hours": Decimal("20"),
        "sleep": 7,
        "mood": 7,
        "energy": 7,
        "symptoms": 3,
        "work_ability": 7,
    }
    base.update(values)
    return CheckIn(case=case, due_on=timezone.localdate(), status="COMPLETED", **base)


@pytest.mark.django_db
def test_warning_sign_ticked_trips(case):
    assert relapse_signals(_done(case, warning_signs_ticked=["Sleeping worse"]), None) == [
        "Warning sign ticked: Sleeping worse"
    ]
    assert relapse_signals(_done(case, warning_signs_ticked=[]), None) == []


@pytest.mark.django_db
def test_low_hours_twice_running_trips_and_once_does_not(case):
    low = _done(case, hours_worked=Decimal("14"))  # 70 % of 20
    assert relapse_signals(low, _done(case, hours_worked=Decimal("14.5"))) == [
        "Worked under 75% of the planned hours two check-ins running"
    ]
    assert relapse_signals(low, _done(case, hours_worked=Decimal("15"))) == []  # exactly 75 %
    assert relapse_signals(low, None) == []


@pytest.mark.django_db
def test_a_fall_of_three_trips_and_of_two_does_not(case):
    assert relapse_signals(_done(case, mood=4), _done(case, mood=7)) == ["Mood fell from 7 to 4"]
    assert relapse_signals(_done(case, mood=5), _done(case, mood=7)) == []


@pytest.mark.django_db
def test_rising_symptoms_trip_and_easing_symptoms_do_not(case):
    assert relapse_signals(_done(case, symptoms=6), _done(case, symptoms=3)) == [
        "Symptom intensity rose from 3 to 6"
    ]
    assert relapse_signals(_done(case, symptoms=0), _done(case, symptoms=3)) == []


@pytest.mark.django_db
def test_contact_request_trips(case):
    assert relapse_signals(_done(case, wants_contact=True), None) == [
        "Asked the VSW to get in touch"
    ]


@pytest.mark.django_db
def test_signal_flags_the_case_and_notifies_the_vsw(
    anonymous, check_in, case, vsw, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(
            f"/check-in/{link_token(check_in)}/",
            answers(warning_signs_ticked=["Sleeping worse"], wants_contact="on"),
        )
    case.refresh_from_db()
    assert case.at_risk is True
    assert Notification.objects.filter(recipient=vsw).count() == 1
    assert [m.subject for m in mail.outbox] == ["A check-in needs your attention"]
    assert "Sleeping worse" not in mail.outbox[0].body


@pytest.mark.django_db
def test_at_risk_shows_on_worklist_and_case_page_and_can_be_cleared(
    as_user, vsw, check_in, anonymous, case
):
    anonymous.post(f"/check-in/{link_token(check_in)}/", answers(wants_contact="on"))
    client = as_user(vsw)
    assert "At risk" in page_text(client.get("/cases/"))
    page = page_text(client.get(f"/cases/{case.code}/"))
    assert "At risk of relapse" in page
    assert "Asked the VSW to get in touch" in page
    client.post(f"/cases/{case.code}/at-risk/clear/")
    case.refresh_from_db()
    assert case.at_risk is False


@pytest.mark.django_db
def test_step_back_from_the_flag_creates_a_new_plan_version(as_user, vsw, employer, case):
    plan = f.PlanFactory(
        case=case,
        status="AGREED",
        contracted_hours=Decimal("40"),
        starts_on=timezone.localdate() - timedelta(days=7),
    )
    f.add_graded_phases(plan, hours=(10, 20, 30, 40))
    f.SignOffFactory(plan=plan, party="WORKER")
    f.SignOffFactory(plan=plan, party="EMPLOYER", signed_by=employer)
    today = timezone.localdate()
    response = as_user(vsw).post(
        f"/plans/case/{case.code}/step-back/",
        {
            "starts_on_0": today.day,
            "starts_on_1": today.month,
            "starts_on_2": today.year,
            "weeks": "1",
            "hours": "10",
        },
    )
    new = case.plans.get(superseded_at__isnull=True)
    assert response.status_code == 302
    assert new.version == 2
    assert [(p.hours_per_week, p.is_step_back) for p in new.phases.all()] == [
        (Decimal("10.0"), False),
        (Decimal("10.0"), True),
        (Decimal("20.0"), False),
        (Decimal("30.0"), False),
        (Decimal("40.0"), False),
    ]
    assert plan.signoffs.count() == 2


# --- Trends -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_trends_chart_and_table_on_the_case_page(as_user, vsw, case):
    for i, mood in enumerate((7, 5, 8)):
        c = CheckIn.objects.create(
            case=case,
            due_on=timezone.localdate() - timedelta(days=14 * (3 - i)),
            planned_hours=Decimal("20"),
        )
        CheckIn.objects.filter(pk=c.pk).update(
            status="COMPLETED",
            completed_at=timezone.now(),
            mood=mood,
            sleep=6,
            energy=6,
            symptoms=3,
            hours_worked=Decimal("18"),
        )
    body = as_user(vsw).get(f"/cases/{case.code}/check-ins/").content.decode()
    assert body.count("<svg") == 2
    assert 'class="app-chart__line app-chart__line--mood"' in body
    assert "Check-ins, oldest first" in body


# --- Producers ----------------------------------------------------------------------------------


@pytest.fixture
def due_check_in(case):
    case.worker.email = "jamie@example.test"
    case.worker.save()
    return CheckIn.objects.create(
        case=case, due_on=timezone.localdate(), planned_hours=Decimal("20")
    )


@pytest.mark.django_db
def test_invitation_is_sent_once_when_due_with_a_working_link(due_check_in, anonymous):
    assert reminders.produce_reminders() == 1
    assert reminders.produce_reminders() == 0
    assert reminders.sweep() == 1
    assert reminders.sweep() == 0
    [message] = mail.outbox
    assert (message.to, message.subject) == (["jamie@example.test"], "Your return-to-work check-in")
    url = next(w for w in message.body.split() if "/check-in/" in w)
    path = url.split("127.0.0.1:8000", 1)[1]
    assert anonymous.get(path).status_code == 200
    due_check_in.refresh_from_db()
    assert due_check_in.status == CheckInStatus.INVITED


@pytest.mark.django_db
def test_reminder_two_days_later_and_missed_notice_to_the_vsw(due_check_in, vsw):
    reminders.produce_reminders()
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        reminders.produce_reminders()
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        reminders.produce_reminders()
    assert list(
        Reminder.objects.exclude(kind=ReminderKind.WEEKLY_DIGEST)
        .order_by("id")
        .values_list("kind", "to_email")
    ) == [
        (ReminderKind.CHECKIN_INVITE, "jamie@example.test"),
        (ReminderKind.CHECKIN_REMINDER, "jamie@example.test"),
        (ReminderKind.CHECKIN_MISSED, vsw.email),
    ]
    due_check_in.refresh_from_db()
    assert due_check_in.status == CheckInStatus.MISSED


@pytest.mark.django_db
def test_no_email_to_a_worker_who_chose_the_phone(due_check_in, vsw):
    worker = due_check_in.case.worker
    worker.preferred_contact = "PHONE"
    worker.save()
    reminders.produce_reminders()
    assert list(Reminder.objects.values_list("kind", "to_email")) == [
        (ReminderKind.CHECKIN_PHONE_DUE, vsw.email)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("status", [CaseStatus.PAUSED, CaseStatus.CLOSED])
def test_nothing_after_pause_or_withdrawal(due_check_in, status):
    case = due_check_in.case
    case.status = status
    if status == CaseStatus.CLOSED:
        case.closed_on, case.closure_outcome, case.closed_by = (
            timezone.localdate(),
            "WITHDREW",
            case.assigned_vsw,
        )
    case.save()
    reminders.produce_reminders()
    assert Reminder.objects.filter(kind__startswith="CHECKIN").count() == 0


@pytest.mark.django_db
def test_invitation_queued_before_a_pause_is_cancelled_not_sent(due_check_in):
    reminders.produce_reminders()
    case = due_check_in.case
    case.status = CaseStatus.PAUSED
    case.save()
    assert reminders.sweep() == 0
    assert mail.outbox == []
    assert Reminder.objects.get().status == ReminderStatus.CANCELLED
    assert Delivery.objects.count() == 0


@pytest.mark.django_db
def test_fit_note_ending_tells_the_vsw_and_the_clinician_who_will_reassess(case, vsw, clinician):
    today = timezone.localdate()
    f.FitNoteFactory(
        case=case, ends_on=today + timedelta(days=5), needs_reassessment=True, recorded_by=clinician
    )
    reminders.produce_reminders()
    reminders.sweep()
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (clinician.email, "A fit note you asked to reassess is ending"),
        (vsw.email, "A fit note is ending"),
    ]
    assert "Work-related stress" not in " ".join(m.body for m in mail.outbox)


@pytest.mark.django_db
def test_fit_note_ending_later_or_without_reassessment(case, vsw):
    today = timezone.localdate()
    f.FitNoteFactory(case=case, ends_on=today + timedelta(days=9), needs_reassessment=False)
    reminders.produce_reminders()
    assert Reminder.objects.count() == 0
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        reminders.produce_reminders()
    assert Reminder.objects.get().to_email == vsw.email


@pytest.mark.django_db
def test_produce_counts_only_new_reminders(case, vsw, clinician):
    f.FitNoteFactory(
        case=case,
        ends_on=timezone.localdate() + timedelta(days=3),
        needs_reassessment=True,
        recorded_by=clinician,
    )
    assert reminders.produce_reminders() == 2
    assert reminders.produce_reminders() == 0
    assert Reminder.objects.count() == 2


@pytest.mark.django_db
def test_sweep_with_a_limit_of_zero_sends_nothing(due_check_in):
    reminders.produce_reminders()
    assert reminders.sweep(limit=0) == 0
    assert mail.outbox == []
