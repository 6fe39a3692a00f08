"""Outcome check-ins and questionnaires, end to end: produced on their days for every accepted or
active case (plan or not), sent once by email or text message, answered by signed link, scored,
shown on the case page, and a PHQ-9 item 9 answer alerting the VSW."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import CaseStatus, ContactMethod
from checkins import reminders
from checkins.models import Delivery, Reminder, ReminderChannel, ReminderKind
from outcomes.actions import ALERT_MESSAGE, ALERT_SUBJECT
from outcomes.models import OutcomeCheckIn, OutcomeStatus, Questionnaire, Timepoint
from outcomes.pages import case_outcomes
from outcomes.schedule import outcome_invitations, outcome_records_due
from rtw import sms
from rtw.models import AuditEvent, Notification
from rtw.outbox import OutboxMessage
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def texts(settings):
    settings.SMS_BACKEND = "rtw.sms.MemoryBackend"
    sms.outbox.clear()
    return sms.outbox


def accepted(days_ago: int, *, status=CaseStatus.ACCEPTED, **worker):
    """A case the service accepted ``days_ago`` days ago (no plan)."""
    return f.CaseFactory(
        status=status,
        decided_at=timezone.now() - timedelta(days=days_ago),
        **{f"worker__{k}": v for k, v in worker.items()},
    )


def link_in(text: str) -> str:
    return re.search(r"https?://\S+?(/(?:outcome-check-in|questionnaire)/[^/\s]+/)", text)[1]


# --- When they fall due ----------------------------------------------------------------------


def test_an_accepted_case_without_a_plan_gets_an_outcome_check_in_every_14_days(mailoutbox):
    case = accepted(14)
    today = timezone.localdate()

    reminders.produce_reminders()

    check_in = OutcomeCheckIn.objects.get(case=case)
    assert (check_in.due_on, check_in.period_start, check_in.period_end, check_in.status) == (
        today,
        today - timedelta(days=13),
        today,
        OutcomeStatus.DUE,
    )
    invite = Reminder.objects.get(kind=ReminderKind.OUTCOME_CHECKIN)
    assert (invite.channel, invite.to_email, invite.slot) == (
        ReminderChannel.EMAIL,
        case.worker.email,
        "invite",
    )

    reminders.produce_reminders(now=timezone.now() + timedelta(days=14))

    assert list(OutcomeCheckIn.objects.filter(case=case).values_list("due_on", flat=True)) == [
        today,
        today + timedelta(days=14),
    ]


def test_the_questionnaires_fall_due_at_acceptance_6_weeks_and_6_months():
    case = accepted(0)
    now = timezone.now()

    for days in (0, 41, 42, 181, 182):
        reminders.produce_reminders(now=now + timedelta(days=days))

    accepted_on = timezone.localdate(case.decided_at)
    assert list(case.questionnaires.values_list("timepoint", "due_on")) == [
        (Timepoint.BASELINE, accepted_on),
        (Timepoint.WEEK_6, accepted_on + timedelta(days=42)),
        (Timepoint.MONTH_6, accepted_on + timedelta(days=182)),
    ]


def test_a_case_accepted_long_ago_is_not_sent_stale_questionnaires():
    accepted(100)

    reminders.produce_reminders()

    assert list(Questionnaire.objects.values_list("timepoint", flat=True)) == []
    # ...but its current fortnight is asked (day 98 was the last due day, 2 days ago).
    assert OutcomeCheckIn.objects.get().due_on == timezone.localdate() - timedelta(days=2)


def test_a_paused_case_is_not_asked_its_check_in_is_skipped():
    case = accepted(14, status=CaseStatus.PAUSED)

    reminders.produce_reminders()

    assert list(case.outcome_check_ins.values_list("status", flat=True)) == [OutcomeStatus.SKIPPED]
    assert Reminder.objects.count() == 0


@pytest.mark.parametrize("status", [CaseStatus.CLOSED, CaseStatus.DECLINED, CaseStatus.REFERRED])
def test_closed_declined_and_undecided_cases_get_nothing(status):
    accepted(14, status=status)

    reminders.produce_reminders()

    assert (OutcomeCheckIn.objects.count(), Questionnaire.objects.count()) == (0, 0)
    assert Reminder.objects.count() == 0


def test_an_unanswered_check_in_is_missed_once_its_link_has_run_out(settings):
    case = accepted(14)
    reminders.produce_reminders()

    later = timezone.now() + timedelta(days=settings.CHECKIN_LINK_MAX_AGE_DAYS)
    reminders.produce_reminders(now=later)

    assert case.outcome_check_ins.get(due_on=timezone.localdate()).status == OutcomeStatus.MISSED


# --- Delivery --------------------------------------------------------------------------------


def test_a_worker_who_prefers_texts_gets_the_link_by_text_message_once(texts, mailoutbox):
    accepted(14, preferred_contact=ContactMethod.SMS, mobile="07700900111")

    reminders.produce_reminders()
    reminders.produce_reminders()
    assert reminders.sweep() == 1
    assert reminders.sweep() == 0

    [invite] = Reminder.objects.filter(kind=ReminderKind.OUTCOME_CHECKIN)
    assert (invite.channel, invite.to_phone, invite.to_email) == (
        ReminderChannel.SMS,
        "07700900111",
        "",
    )
    assert [t.to for t in texts] == ["07700900111"]
    assert texts[0].body.startswith("Two quick questions from your return-to-work service")
    assert link_in(texts[0].body).startswith("/outcome-check-in/")
    assert Delivery.objects.filter(reminder=invite).count() == 1
    # Only the check-in: the baseline questionnaire's days are past. Nothing by email.
    assert [t.reference for t in texts] == [f"reminder-{invite.pk}"]
    assert mailoutbox == []


def test_the_baseline_questionnaire_is_sent_by_email_on_acceptance(mailoutbox):
    case = accepted(0)

    reminders.produce_reminders()
    reminders.sweep()

    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([case.worker.email], "A short questionnaire about how you are")
    ]
    assert link_in(mailoutbox[0].body).startswith("/questionnaire/")


# --- Answering -------------------------------------------------------------------------------


def invited_link(case, kind, mailoutbox) -> str:
    reminders.produce_reminders()
    reminders.sweep()
    [message] = [m for m in mailoutbox if m.subject == kind]
    return link_in(message.body)


def test_the_worker_answers_the_outcome_check_in_once_by_link(client, mailoutbox):
    case = accepted(14)
    url = invited_link(case, "How the last two weeks went", mailoutbox)

    assert client.get(url).status_code == 200
    refused = client.post(url, {"days_off_sick": "15", "hours_worked": "x"})
    assert refused.status_code == 200
    assert "Enter 14 days or fewer" in refused.text
    done = client.post(url, {"days_off_sick": "3", "hours_worked": "22.5"})

    assert "Answers sent" in done.text
    check_in = case.outcome_check_ins.get()
    assert (check_in.status, check_in.days_off_sick, check_in.hours_worked) == (
        OutcomeStatus.DONE,
        3,
        Decimal("22.5"),
    )
    assert client.get(url).status_code == 410
    assert AuditEvent.objects.filter(action="outcome_checkin.complete").count() == 1


def test_a_link_stops_working_while_support_is_paused(client, mailoutbox):
    case = accepted(14)
    url = invited_link(case, "How the last two weeks went", mailoutbox)
    case.status = CaseStatus.PAUSED
    case.save()

    response = client.get(url)

    assert (response.status_code, "This link has expired" in response.text) == (410, True)


def questionnaire_answers(phq9: list[int], *, was=6, gad7=(1, 1, 1, 1, 0, 0, 0), health=5):
    data = {"was_1": str(was), "health_1": str(health), "expected_weeks_1": "4"}
    data |= {f"phq9_{i + 1}": str(v) for i, v in enumerate(phq9)}
    data |= {f"gad7_{i + 1}": str(v) for i, v in enumerate(gad7)}
    return data


def test_the_questionnaire_is_scored_as_answered(client, mailoutbox):
    case = accepted(0)
    url = invited_link(case, "A short questionnaire about how you are", mailoutbox)

    response = client.post(url, questionnaire_answers([2, 2, 1, 1, 1, 1, 1, 1, 0]))

    assert "Answers sent" in response.text
    assert "Samaritans" not in response.text
    q = case.questionnaires.get()
    assert q.scores == {"was": 6, "phq9": 10, "gad7": 4, "health": 5, "expected_weeks": 4}
    assert q.answers["phq9"] == [2, 2, 1, 1, 1, 1, 1, 1, 0]
    assert (q.status, q.alert_raised_at) == (OutcomeStatus.DONE, None)
    assert Notification.objects.count() == 0


def test_a_missing_answer_is_shown_by_the_question_and_nothing_is_saved(client, mailoutbox):
    case = accepted(0)
    url = invited_link(case, "A short questionnaire about how you are", mailoutbox)
    data = questionnaire_answers([0] * 9)
    del data["gad7_3"]

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Select an answer for: Worrying too much about different things" in response.text
    assert case.questionnaires.get().status == OutcomeStatus.DUE


def test_phq9_item_9_above_zero_alerts_the_vsw_with_no_health_data_until_acknowledged(
    client, as_user, mailoutbox, settings
):
    case = accepted(0)
    vsw = case.assigned_vsw
    url = invited_link(case, "A short questionnaire about how you are", mailoutbox)

    # The worker sees where to get help now, on the spot.
    response = client.post(url, questionnaire_answers([3, 3, 2, 2, 1, 1, 1, 1, 1]))
    text = response.text
    assert ("Get help now" in text, "NHS 111" in text, "116 123" in text, "999" in text) == (
        True,
        True,
        True,
        True,
    )
    assert "your GP" in text

    # The VSW is told in the app and by email, with nothing but "needs your attention".
    case_url = f"/cases/{case.code}/#outcomes"
    assert list(Notification.objects.values_list("recipient", "message", "link")) == [
        (vsw.pk, ALERT_MESSAGE, case_url)
    ]
    [email] = OutboxMessage.objects.filter(to_email=vsw.email)
    assert email.subject == ALERT_SUBJECT
    assert email.body == f"{ALERT_MESSAGE}\n\nSign in to see it: {settings.SITE_URL}{case_url}"
    body_words = email.body.replace(case_url, "")
    for health_data in ("PHQ", "score", "16", "item", "self-harm", "hurt", case.worker.last_name):
        assert health_data not in body_words

    # The worklist tags the case until a VSW acknowledges it on the case page.
    vsw_client = as_user(vsw)
    assert "Questionnaire answer needs attention" in vsw_client.get("/cases/").text
    page = vsw_client.get(f"/cases/{case.code}/").text
    assert "A questionnaire answer needs your attention" in page
    acknowledged = vsw_client.post(f"/cases/{case.code}/outcomes/acknowledge/")
    assert acknowledged.status_code == 302
    assert "Questionnaire answer needs attention" not in vsw_client.get("/cases/").text
    q = case.questionnaires.get()
    assert (q.alert_acknowledged_by, q.alert_open) == (vsw, False)
    assert AuditEvent.objects.filter(action="questionnaire.acknowledge_alert").count() == 1


def test_a_vsw_of_another_team_cannot_acknowledge(as_user, vsw_other_team):
    case = accepted(0)
    q = Questionnaire.objects.create(
        case=case,
        timepoint=Timepoint.BASELINE,
        due_on=timezone.localdate(),
        status=OutcomeStatus.DONE,
        completed_at=timezone.now(),
        alert_raised_at=timezone.now(),
    )

    response = as_user(vsw_other_team).post(f"/cases/{case.code}/outcomes/acknowledge/")

    assert response.status_code == 404
    q.refresh_from_db()
    assert q.alert_open is True


# --- The case page ---------------------------------------------------------------------------


def done_questionnaire(case, timepoint, scores, days_after):
    due = timezone.localdate(case.decided_at) + timedelta(days=days_after)
    return Questionnaire.objects.create(
        case=case,
        timepoint=timepoint,
        due_on=due,
        status=OutcomeStatus.DONE,
        completed_at=timezone.now(),
        scores=scores,
    )


def test_the_case_page_shows_scores_with_change_from_baseline_and_check_in_answers(
    as_user,
):
    case = accepted(200, status=CaseStatus.ACTIVE)
    done_questionnaire(
        case,
        Timepoint.BASELINE,
        {"was": 3, "phq9": 16, "gad7": 12, "health": 4, "expected_weeks": 8},
        0,
    )
    done_questionnaire(
        case,
        Timepoint.MONTH_6,
        {"was": 8, "phq9": 4, "gad7": 12, "health": 7, "expected_weeks": 0},
        182,
    )
    due = timezone.localdate() - timedelta(days=4)
    OutcomeCheckIn.objects.create(
        case=case,
        due_on=due,
        period_start=due - timedelta(days=13),
        period_end=due,
        status=OutcomeStatus.DONE,
        completed_at=timezone.now(),
        days_off_sick=2,
        hours_worked=Decimal("40.0"),
    )

    page = as_user(case.assigned_vsw).get(f"/cases/{case.code}/").text
    section = page[page.index('id="outcomes"') :]

    cells = re.findall(
        r'<td class="govuk-table__cell govuk-table__cell--numeric">(.*?)</td>', section
    )
    flat = [re.sub(r"<[^>]+>", " ", c).split() for c in cells]
    # WAS, PHQ-9, GAD-7, health, expected weeks: baseline, 6 weeks, 6 months, change.
    assert flat[:20] == [
        ["3", "Poor"], ["–"], ["8", "Good"], ["+5", "better"],
        ["16", "Moderately", "severe"], ["–"], ["4", "Minimal"], ["-12", "better"],
        ["12", "Moderate"], ["–"], ["12", "Moderate"], ["No", "change"],
        ["4"], ["–"], ["7"], ["+3", "better"],
        ["8"], ["–"], ["0"], ["-8", "worse"],
    ]  # fmt: skip
    assert flat[20:22] == [["2"], ["40.0"]]
    assert "2 days off sick over 1 answered check-in." in section


@pytest.mark.parametrize("rows", [1, 12])
def test_the_case_page_section_costs_two_queries_however_long_the_history(
    rows, django_assert_num_queries
):
    case = accepted(400, status=CaseStatus.ACTIVE)
    for i in range(rows):
        due = timezone.localdate() - timedelta(days=14 * (i + 1))
        OutcomeCheckIn.objects.create(
            case=case, due_on=due, period_start=due - timedelta(days=13), period_end=due
        )
    for i, timepoint in enumerate(Timepoint.values[: min(rows, 3)]):
        done_questionnaire(case, timepoint, {"phq9": 10 + i}, i * 42)

    with django_assert_num_queries(2):
        context = case_outcomes(case=case, today=timezone.localdate())
        html = render_to_string("outcomes/_case_outcomes.html", {"case": case, **context})

    assert html.count('<td class="govuk-table__cell app-nowrap">') == rows


def test_an_invitation_cancelled_by_a_pause_is_sent_once_support_resumes(mailoutbox):
    case = accepted(14)
    reminders.produce_reminders()
    case.status = CaseStatus.PAUSED
    case.save()

    assert reminders.sweep() == 0
    assert mailoutbox == []

    case.status = CaseStatus.ACTIVE
    case.save()
    reminders.produce_reminders()
    reminders.produce_reminders()

    assert reminders.sweep() == 1
    assert reminders.sweep() == 0
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([case.worker.email], "How the last two weeks went")
    ]
    assert Reminder.objects.filter(kind=ReminderKind.OUTCOME_CHECKIN).count() == 1


def test_an_unanswered_invitation_is_reminded_once_three_days_later(mailoutbox):
    case = accepted(14)
    now = timezone.now()
    reminders.produce_reminders(now=now)
    reminders.sweep(now=now)

    reminders.produce_reminders(now=now + timedelta(days=2))
    reminders.produce_reminders(now=now + timedelta(days=3))
    reminders.produce_reminders(now=now + timedelta(days=4))
    reminders.sweep(now=now + timedelta(days=4))

    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([case.worker.email], "How the last two weeks went"),
        ([case.worker.email], "Reminder: how the last two weeks went"),
    ]
    assert mailoutbox[1].body.startswith(
        f"Hello {case.worker.first_name},\n\nReminder: two quick questions"
    )
    assert link_in(mailoutbox[1].body).startswith("/outcome-check-in/")


def test_an_answered_check_in_is_not_reminded(client, mailoutbox):
    case = accepted(14)
    now = timezone.now()
    url = invited_link(case, "How the last two weeks went", mailoutbox)
    client.post(url, {"days_off_sick": "0", "hours_worked": "60"})

    reminders.produce_reminders(now=now + timedelta(days=4))

    assert reminders.sweep(now=now + timedelta(days=4)) == 0
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("cases", [1, 8])
def test_an_idle_run_of_the_outcome_producers_costs_the_same_however_many_are_held(
    cases, django_assert_num_queries
):
    for _ in range(cases):
        accepted(14)
    reminders.produce_reminders()
    now = timezone.now()

    # Every record and invitation is held: nothing is written, read, linked or worded again.
    # Records: one read of the cases with a record still to create (none; a held record would
    # be read again, and so would every case). Invitations, per model: close the expired (two
    # updates), read what is still to produce (none).
    with django_assert_num_queries(1 + 6):
        assert outcome_records_due(now) == []
        assert outcome_invitations(now) == []
    assert Reminder.objects.filter(kind=ReminderKind.OUTCOME_CHECKIN).count() == cases


@pytest.mark.parametrize(
    ("country", "local", "absent"),
    [
        ("NL", ("112", "0800 0113", "huisartsenpost"), ("999", "NHS 111", "Samaritans")),
        ("SE", ("112", "90101", "1177"), ("999", "NHS 111", "Samaritans")),
        ("UK", ("999", "NHS 111", "116 123"), ("112", "90101", "0800 0113")),
    ],
)
def test_help_now_gives_the_numbers_of_the_workers_own_country(
    client, mailoutbox, country, local, absent
):
    """A worker in the Netherlands or Sweden is never sent to UK numbers that do not work there."""
    case = accepted(0)
    case.team.jurisdiction = country
    case.team.save(update_fields=["jurisdiction"])
    case.worker.preferred_language = "en-gb"
    case.worker.save(update_fields=["preferred_language"])
    url = invited_link(case, "A short questionnaire about how you are", mailoutbox)

    question_page = client.get(url).text
    done_page = client.post(url, questionnaire_answers([3, 3, 2, 2, 1, 1, 1, 1, 1])).text

    for text in (question_page, done_page):
        help_now = text[text.index('id="help-now"') :]
        help_now = help_now[: help_now.index("</div>")]
        assert [number for number in local if number not in help_now] == []
        assert [number for number in absent if number in help_now] == []
