"""Check-ins scheduled from the plan, and the plan's reminders: reviews, milestones, digest."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from checkins import reminders
from checkins.models import CheckIn, CheckInStatus, Reminder, ReminderKind
from plans.models import Milestone, Review
from tests import factories as f
from tests.forms import page_text


@pytest.fixture
def plan(case):
    plan = f.PlanFactory(
        case=case,
        contracted_hours=Decimal("40"),
        starts_on=timezone.localdate(),
        expected_end_on=timezone.localdate() + timedelta(weeks=4, days=-1),
    )
    f.add_graded_phases(plan, hours=(10, 20, 30, 40))
    f.RelapsePreventionFactory(plan=plan, warning_signs="Sleeping worse\nHeadaches")
    return plan


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("every", "expected"),
    [
        (14, [(14, Decimal("30.0")), (28, Decimal("40.0"))]),
        (
            7,
            [
                (7, Decimal("20.0")),
                (14, Decimal("30.0")),
                (21, Decimal("40.0")),
                (28, Decimal("40.0")),
            ],
        ),
    ],
)
def test_check_ins_are_scheduled_from_the_plan(as_user, vsw, plan, every, expected):
    as_user(vsw).post(f"/plans/{plan.code}/check-ins/", {"every_days": str(every)})
    rows = [
        ((c.due_on - plan.starts_on).days, c.planned_hours)
        for c in CheckIn.objects.order_by("due_on")
    ]
    assert rows == expected
    assert CheckIn.objects.first().warning_signs_offered == ["Sleeping worse", "Headaches"]
    # Scheduling again adds nothing.
    as_user(vsw).post(f"/plans/{plan.code}/check-ins/", {"every_days": str(every)})
    assert CheckIn.objects.count() == len(expected)


@pytest.mark.django_db
def test_next_check_in_shows_on_the_worklist(as_user, vsw, plan):
    as_user(vsw).post(f"/plans/{plan.code}/check-ins/", {"every_days": "14"})
    due = plan.starts_on + timedelta(days=14)
    assert f"{due:%-d %b}" in page_text(as_user(vsw).get("/cases/"))


@pytest.mark.django_db
def test_review_due_reminds_the_vsw_once(plan, vsw):
    Review.objects.create(case=plan.case, due_on=timezone.localdate() + timedelta(days=1))
    reminders.produce_reminders()
    reminders.produce_reminders()
    reminders.sweep()
    assert [(m.to, m.subject) for m in mail.outbox] == [([vsw.email], "A plan review is due")]


@pytest.mark.django_db
def test_milestone_due_today_reminds_the_vsw(plan, vsw):
    Milestone.objects.create(case=plan.case, title="First day back", target_on=timezone.localdate())
    Milestone.objects.create(
        case=plan.case, title="Later", target_on=timezone.localdate() + timedelta(days=3)
    )
    reminders.produce_reminders()
    assert list(Reminder.objects.values_list("kind", "body")) == [
        (
            ReminderKind.MILESTONE_DUE,
            f"Milestone for Jamie Clarke: First day back.\n"
            f"http://127.0.0.1:8000/cases/{plan.case.code}/\n",
        )
    ]


@pytest.mark.django_db
def test_weekly_digest_to_the_vsw_and_the_supervisor_once_a_week(
    plan, vsw, supervisor, vsw_same_team
):
    Milestone.objects.create(
        case=plan.case, title="First day back", target_on=timezone.localdate() - timedelta(days=3)
    )
    CheckIn.objects.create(
        case=plan.case, due_on=timezone.localdate() - timedelta(days=9), status=CheckInStatus.MISSED
    )
    reminders.produce_reminders()
    reminders.produce_reminders()
    digests = Reminder.objects.filter(kind=ReminderKind.WEEKLY_DIGEST).order_by("to_email")
    assert [(d.to_email, d.subject) for d in digests] == [
        (supervisor.email, "Overdue this week: 2 items"),
        (vsw.email, "Overdue this week: 2 items"),
    ]
    body = digests[1].body
    assert "milestone 'First day back' was due" in body
    assert "missed the check-in due" in body
    assert "Sleeping worse" not in body
