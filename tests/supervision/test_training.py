"""VSW training records: kept by the team's supervisors, each VSW sees their own, and a reminder
email goes out once, 30 days before the renewal, through the exactly-once reminders."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from checkins import reminders
from checkins.models import Delivery, Reminder
from supervision import actions
from supervision.models import TrainingRecord
from supervision.reminders import KIND
from tests.forms import date_fields, field_errors, page_text


def record(vsw, supervisor, *, course="Motivational interviewing", renewal_in_days=200):
    today = timezone.localdate()
    return actions.record_training(
        vsw=vsw,
        course=course,
        completed_on=today - timedelta(days=100),
        renewal_due_on=today + timedelta(days=renewal_in_days) if renewal_in_days else None,
        by=supervisor,
    )


def table(response) -> list[list[str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [td.get_text(" ", strip=True) for td in tr.select("td")] for tr in soup.select("tbody tr")
    ]


@pytest.mark.django_db
def test_supervisor_records_training_for_a_vsw_of_the_team(as_user, supervisor, vsw):
    today = timezone.localdate()
    response = as_user(supervisor).post(
        "/supervision/training/new/",
        {
            "vsw": str(vsw.pk),
            "course": "WAVE VSW training (3 days)",
            **date_fields("completed_on", today - timedelta(days=10)),
            **date_fields("renewal_due_on", today + timedelta(days=355)),
        },
    )
    assert response["Location"] == "/supervision/training/"
    assert list(TrainingRecord.objects.values_list("vsw", "course", "renewal_due_on")) == [
        (vsw.pk, "WAVE VSW training (3 days)", today + timedelta(days=355))
    ]


@pytest.mark.django_db
def test_renewal_must_follow_completion(as_user, supervisor, vsw):
    today = timezone.localdate()
    response = as_user(supervisor).post(
        "/supervision/training/new/",
        {
            "vsw": str(vsw.pk),
            "course": "Safeguarding",
            **date_fields("completed_on", today),
            **date_fields("renewal_due_on", today),
        },
    )
    assert field_errors(response, "id_renewal_due_on") == [
        "The renewal date must be after the completion date"
    ]
    assert TrainingRecord.objects.count() == 0


@pytest.mark.django_db
def test_a_vsw_of_another_team_cannot_be_chosen(as_user, supervisor, vsw_other_team):
    response = as_user(supervisor).post(
        "/supervision/training/new/",
        {
            "vsw": str(vsw_other_team.pk),
            "course": "Safeguarding",
            **date_fields("completed_on", timezone.localdate()),
        },
    )
    assert field_errors(response, "id_vsw") == ["Select a VSW of the team"]


@pytest.mark.django_db
def test_vsw_sees_only_their_own_training(as_user, supervisor, vsw, vsw_same_team):
    record(vsw, supervisor, course="Mine", renewal_in_days=20)
    record(vsw_same_team, supervisor, course="Theirs")
    assert [row[0] for row in table(as_user(vsw).get("/supervision/training/"))] == ["Mine"]
    assert "Due soon" in page_text(as_user(vsw).get("/supervision/training/"))
    assert as_user(vsw).get("/supervision/training/new/").status_code == 403


@pytest.mark.django_db
def test_supervisor_sees_the_teams_training_only(
    as_user, supervisor, other_supervisor, vsw, vsw_other_team
):
    record(vsw, supervisor, course="Ours")
    record(vsw_other_team, other_supervisor, course="Elsewhere")
    rows = table(as_user(supervisor).get("/supervision/training/"))
    assert [(row[0], row[1]) for row in rows] == [(vsw.full_name, "Ours")]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
def test_training_list_query_count_does_not_grow(
    as_user, supervisor, vsw, rows, django_assert_num_queries
):
    for i in range(rows):
        record(vsw, supervisor, course=f"Course {i}")
    client = as_user(supervisor)
    # session, user, second-factor device, savepoint + release, records, audit insert
    with django_assert_num_queries(7):
        response = client.get("/supervision/training/")
    assert len(table(response)) == rows


# --- The renewal reminder ---------------------------------------------------------------------


@pytest.mark.django_db
def test_renewal_reminder_is_produced_and_sent_exactly_once(supervisor, vsw, mailoutbox):
    due = record(vsw, supervisor, renewal_in_days=30)
    reminders.produce_reminders()
    reminders.produce_reminders()
    assert reminders.sweep() == 1
    assert reminders.sweep() == 0
    reminders.produce_reminders()
    assert reminders.sweep() == 0

    row = Reminder.objects.get(kind=KIND)
    assert (row.subject_key, row.slot, row.to_email) == (
        f"training:{due.code}",
        due.renewal_due_on.isoformat(),
        vsw.email,
    )
    assert row.get_kind_display() == "Training renewal due"
    assert Delivery.objects.filter(reminder=row).count() == 1
    assert [(m.to, m.subject) for m in mailoutbox] == [([vsw.email], "Training renewal coming up")]
    assert "Motivational interviewing" in mailoutbox[0].body


@pytest.mark.django_db
def test_no_reminder_more_than_30_days_ahead_or_after_the_date(supervisor, vsw, mailoutbox):
    record(vsw, supervisor, renewal_in_days=31)
    record(vsw, supervisor, renewal_in_days=None)
    past = record(vsw, supervisor, renewal_in_days=10)
    TrainingRecord.objects.filter(pk=past.pk).update(
        completed_on=timezone.localdate() - timedelta(days=400),
        renewal_due_on=timezone.localdate() - timedelta(days=1),
    )
    reminders.produce_reminders()
    assert Reminder.objects.filter(kind=KIND).count() == 0


@pytest.mark.django_db
def test_a_renewal_date_moved_later_gives_a_new_reminder_when_it_comes_near(
    supervisor, vsw, mailoutbox
):
    due = record(vsw, supervisor, renewal_in_days=5)
    reminders.produce_reminders()
    reminders.sweep()
    now = timezone.now()
    TrainingRecord.objects.filter(pk=due.pk).update(
        renewal_due_on=timezone.localdate() + timedelta(days=40)
    )
    reminders.produce_reminders(now + timedelta(days=15))
    reminders.sweep(now=now + timedelta(days=15))
    assert Reminder.objects.filter(kind=KIND).count() == 2
    assert len(mailoutbox) == 2
