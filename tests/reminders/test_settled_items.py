"""Items with nothing more to remind anyone of are settled (``reminders_done_at``) and leave the
partial indexes the producers read every minute: a fit note a later one replaced, and the fit
notes, reviews and milestones of a closed case. Resuming support unsettles only what may still
be due. What makes an idle producer run cost next to nothing at any size (docs/performance.md)."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from cases import actions as case_actions
from cases.models import CaseStatus, FitNote
from checkins import reminders
from checkins.models import Reminder
from plans.models import Milestone, Review
from tests import factories as f


def settled(model) -> dict[str, bool]:
    return {
        str(code): done is not None
        for code, done in model.objects.values_list("code", "reminders_done_at")
    }


def ending_note(case, starts_in: int, **fields) -> FitNote:
    today = timezone.localdate()
    return f.FitNoteFactory(
        case=case,
        starts_on=today + timedelta(days=starts_in),
        ends_on=today + timedelta(days=starts_in + 5),
        **fields,
    )


@pytest.mark.django_db
def test_recording_a_later_fit_note_settles_the_ones_it_replaces(case, vsw):
    first = ending_note(case, -20)
    second = ending_note(case, -10)
    other_case_note = ending_note(f.CaseFactory(team=case.team, status=CaseStatus.ACTIVE), -20)
    today = timezone.localdate()

    latest = case_actions.record_fit_note(
        case=case,
        fit_note=f.FitNoteFactory.build(
            case=case, starts_on=today, ends_on=today + timedelta(days=3), recorded_by=vsw
        ),
        by=vsw,
    )

    assert settled(FitNote) == {
        str(first.code): True,
        str(second.code): True,
        str(latest.code): False,  # its ending is still to come
        str(other_case_note.code): False,
    }


@pytest.mark.django_db
def test_a_backdated_fit_note_is_settled_itself(case, vsw):
    current = ending_note(case, -2)
    today = timezone.localdate()

    backdated = case_actions.record_fit_note(
        case=case,
        fit_note=f.FitNoteFactory.build(
            case=case,
            starts_on=today - timedelta(days=30),
            ends_on=today - timedelta(days=3),
            recorded_by=vsw,
        ),
        by=vsw,
    )

    assert settled(FitNote) == {str(current.code): False, str(backdated.code): True}


@pytest.mark.django_db
def test_closing_a_case_settles_its_fit_notes_reviews_and_milestones(as_user, worker, case):
    today = timezone.localdate()
    note = ending_note(case, -2)
    review = Review.objects.create(case=case, due_on=today + timedelta(days=1))
    milestone = Milestone.objects.create(case=case, title="First day back", target_on=today)
    open_case = f.CaseFactory(team=case.team, status=CaseStatus.ACTIVE)
    kept = Review.objects.create(case=open_case, due_on=today + timedelta(days=1))

    as_user(worker).post(f"/cases/my-support/{case.code}/withdraw/")

    assert settled(FitNote) == {str(note.code): True}
    assert settled(Review) == {str(review.code): True, str(kept.code): False}
    assert settled(Milestone) == {str(milestone.code): True}
    reminders.produce_reminders()
    assert not Reminder.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_resuming_unsettles_the_latest_fit_note_and_the_plan_items_only(case, vsw):
    today = timezone.localdate()
    replaced = ending_note(case, -10)
    latest = ending_note(case, -2)
    review = Review.objects.create(case=case, due_on=today + timedelta(days=1))
    reminders.produce_reminders()
    FitNote.objects.filter(pk=replaced.pk).update(reminders_done_at=timezone.now())
    assert settled(FitNote) == {str(replaced.code): True, str(latest.code): True}
    assert settled(Review) == {str(review.code): True}
    case_actions.pause_case(case=case, by=vsw)

    case_actions.resume_case(case=case, by=vsw)

    assert settled(FitNote) == {str(replaced.code): True, str(latest.code): False}
    assert settled(Review) == {str(review.code): False}


@pytest.mark.django_db
def test_migrations_settle_what_was_left_unsettled_before(case, vsw):
    today = timezone.localdate()
    replaced = ending_note(case, -10)
    latest = ending_note(case, -2)
    closed = f.CaseFactory(team=case.team, assigned_vsw=vsw, status=CaseStatus.CLOSED)
    closed_note = ending_note(closed, -2)
    closed_review = Review.objects.create(case=closed, due_on=today)
    closed_milestone = Milestone.objects.create(case=closed, title="Back", target_on=today)
    live_review = Review.objects.create(case=case, due_on=today)
    for model in (FitNote, Review, Milestone):
        model.objects.update(reminders_done_at=None)

    importlib.import_module("cases.migrations.0014_reminders_done_at").settle_fit_notes(apps, None)
    importlib.import_module("plans.migrations.0007_reminders_done_at").settle_closed_cases(
        apps, None
    )

    assert settled(FitNote) == {
        str(replaced.code): True,
        str(latest.code): False,
        str(closed_note.code): True,
    }
    assert settled(Review) == {str(closed_review.code): True, str(live_review.code): False}
    assert settled(Milestone) == {str(closed_milestone.code): True}
