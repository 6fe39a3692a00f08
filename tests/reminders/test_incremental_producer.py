"""The producer is incremental: once an item's reminder is held, a run no longer reads it, so
a run with nothing new due costs the same few queries however much is due and already produced
(the item's ``reminders_done_at`` mark, or checkins.produced.not_produced;
docs/performance.md). Exactly once still rests on the key."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import actions as case_actions
from checkins import producers, reminders
from checkins.models import CheckIn, CheckInStatus, Reminder, ReminderKind
from plans import reminders as plan_reminders
from plans.models import Milestone, Review
from rtw.models import Role
from tests import factories as f


@pytest.fixture
def due_about(case, clinician):
    return make_due(case, clinician)


def make_due(case, clinician):
    """About ``case``, due now: a fit note ending (the clinician will reassess), a review, a
    milestone today and one overdue (for the weekly digest), and a check-in invited three days
    ago (its follow-up is due)."""
    today = timezone.localdate()
    case.worker.email = "jamie@example.test"
    case.worker.save()
    f.FitNoteFactory(
        case=case, ends_on=today + timedelta(days=3), needs_reassessment=True, recorded_by=clinician
    )
    Review.objects.create(case=case, due_on=today + timedelta(days=1))
    Milestone.objects.create(case=case, title="First day back", target_on=today)
    Milestone.objects.create(case=case, title="Full hours", target_on=today - timedelta(days=3))
    CheckIn.objects.create(
        case=case, due_on=today - timedelta(days=3), status=CheckInStatus.INVITED
    )
    return case


def idle_queries() -> int:
    """The queries of a run that produces nothing, the weekly digest's left out (it reads less
    once the week's digests are out: test_once_the_weeks_digests_are_out_a_run_reads_no_case)."""
    with CaptureQueriesContext(connection) as captured:
        assert reminders.produce_reminders() == 0
    with CaptureQueriesContext(connection) as digest:
        assert plan_reminders.weekly_digest(timezone.now()) == []
    digest_queries = len(digest)
    return len(captured) - digest_queries


@pytest.mark.django_db
def test_after_a_run_every_incremental_producer_reads_nothing_already_produced(due_about):
    assert reminders.produce_reminders() == 6
    now = timezone.now()

    assert [
        list(producer(now))
        for producer in (
            producers.fit_notes_ending,
            producers.check_in_follow_ups,
            plan_reminders.reviews_due,
            plan_reminders.milestones_due,
            plan_reminders.weekly_digest,
        )
    ] == [[], [], [], [], []]
    assert reminders.produce_reminders() == 0


@pytest.mark.django_db
def test_after_an_idle_run_a_new_due_item_is_produced_exactly_once(due_about):
    reminders.produce_reminders()
    assert reminders.produce_reminders() == 0
    before = set(Reminder.objects.values_list("pk", flat=True))

    milestone = Milestone.objects.create(
        case=due_about, title="Back on the tills", target_on=(timezone.localdate())
    )

    assert reminders.produce_reminders() == 1
    assert reminders.produce_reminders() == 0
    new = Reminder.objects.exclude(pk__in=before)
    assert list(new.values_list("kind", "subject_key")) == [
        (ReminderKind.MILESTONE_DUE, f"milestone:{milestone.code}")
    ]


@pytest.mark.django_db
def test_an_idle_run_with_many_items_produced_costs_what_it_costs_with_none_due(case, clinician):
    reminders.produce_reminders()  # whatever the case itself brings (outcome check-ins)
    nothing_due = idle_queries()
    make_due(case, clinician)
    today = timezone.localdate()
    review_days = [d for d in range(-7, 3) if d != 1]  # make_due's review is due tomorrow
    for i, day in enumerate(review_days):
        Milestone.objects.create(case=case, title=f"Step {i}", target_on=today)
        Review.objects.create(case=case, due_on=today + timedelta(days=day))
        CheckIn.objects.create(
            case=case,
            due_on=today - timedelta(days=4 + i % 2),
            ad_hoc=True,
            status=CheckInStatus.INVITED,
        )
    assert reminders.produce_reminders() == 6 + 27

    assert idle_queries() == nothing_due


@pytest.mark.django_db
def test_items_whose_reminders_the_pause_cancelled_are_read_again_once_support_resumes(
    due_about, vsw
):
    """Produced, then cancelled by the sweep because support was paused: resuming clears the
    case's marks (cases.course.resumed), so the producers read its items again and bring the
    cancelled reminders back, once each."""
    reminders.produce_reminders()
    case_actions.pause_case(case=due_about, by=vsw)
    reminders.sweep()
    cancelled = Reminder.objects.filter(status="CANCELLED")
    kinds = {ReminderKind.FIT_NOTE_EXPIRING, ReminderKind.REVIEW_DUE, ReminderKind.MILESTONE_DUE}
    assert kinds <= set(cancelled.values_list("kind", flat=True))
    was_cancelled = set(cancelled.values_list("pk", flat=True))
    assert plan_reminders.milestones_due(timezone.now()) == []  # paused: not read

    case_actions.resume_case(case=due_about, by=vsw)

    assert reminders.produce_reminders() == len(was_cancelled)
    assert set(Reminder.objects.filter(status="PENDING").values_list("pk", flat=True)) == (
        was_cancelled
    )
    assert reminders.produce_reminders() == 0  # and marked again


@pytest.mark.django_db
def test_once_the_weeks_digests_are_out_a_run_reads_no_case(due_about, django_assert_num_queries):
    """Who is still waiting for this week's digest (VSWs, supervisors' teams): nobody, so no
    case, milestone, review or check-in is read."""
    f.UserFactory(role=Role.SUPERVISOR, organisation=due_about.team)
    assert reminders.produce_reminders() == 7  # make_due's six (the VSW's digest) and the team's
    with django_assert_num_queries(2):
        assert plan_reminders.weekly_digest(timezone.now()) == []
