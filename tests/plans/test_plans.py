"""Plans through the views: creation, phases and their rules, schedule builder, adjustments,
relapse prevention, milestones, reviews, warnings against the fit note, sign-off and versions."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from plans.models import Milestone, Phase, Plan, PlanStatus, Review, SignOff
from tests import factories as f
from tests.forms import date_fields, error_summary, field_errors, page_text


@pytest.fixture
def plan(case):
    return f.PlanFactory(case=case, contracted_hours=Decimal("40"))


def phase_rows(rows):
    """POST data for the phases formset from (start, end, hours, step_back) tuples."""
    data = {
        "phases-TOTAL_FORMS": str(len(rows)),
        "phases-INITIAL_FORMS": "0",
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "52",
    }
    for i, (start, end, hours, step_back) in enumerate(rows):
        data.update(date_fields(f"phases-{i}-starts_on", start))
        data.update(date_fields(f"phases-{i}-ends_on", end))
        data[f"phases-{i}-hours_per_week"] = str(hours)
        data[f"phases-{i}-duties_included"] = "Filing"
        if step_back:
            data[f"phases-{i}-is_step_back"] = "on"
    return data


def weeks(plan, *hours, step_back_at=()):
    rows = []
    for i, h in enumerate(hours):
        start = plan.starts_on + timedelta(weeks=i)
        rows.append((start, start + timedelta(days=6), h, i in step_back_at))
    return rows


# --- Creating a plan --------------------------------------------------------------------------


@pytest.mark.django_db
def test_vsw_starts_a_plan(as_user, vsw, case):
    today = timezone.localdate()
    response = as_user(vsw).post(
        f"/plans/case/{case.code}/new/",
        {
            "goal": "SAME_JOB_ADAPTED",
            "contracted_hours": "37.5",
            "review_interval_days": "14",
            **date_fields("starts_on", today),
            **date_fields("expected_end_on", today + timedelta(days=41)),
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302
    # The phases page, where the graded-schedule helper is offered, not forced.
    assert response["Location"] == f"/plans/{plan.code}/phases/"
    assert (plan.version, plan.status, plan.goal, plan.created_by) == (
        1,
        PlanStatus.DRAFT,
        "SAME_JOB_ADAPTED",
        vsw,
    )
    assert plan.relapse.normalisation.startswith("A dip can happen")


@pytest.mark.django_db
def test_plan_end_before_start_is_refused(as_user, vsw, case):
    today = timezone.localdate()
    response = as_user(vsw).post(
        f"/plans/case/{case.code}/new/",
        {
            "goal": "SAME_JOB_ADAPTED",
            "contracted_hours": "37.5",
            "review_interval_days": "14",
            **date_fields("starts_on", today),
            **date_fields("expected_end_on", today - timedelta(1)),
        },
    )
    message = "The expected end date must be on or after the start date"
    assert message in error_summary(response)
    assert message in field_errors(response, "id_expected_end_on")
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_schedule_builder_makes_graded_weeks_to_full_hours(as_user, vsw, plan):
    response = as_user(vsw).post(
        f"/plans/{plan.code}/schedule/",
        {**date_fields("starts_on", plan.starts_on), "start_percent": "25", "weeks": "4"},
    )
    assert response.status_code == 302
    assert [(p.order, p.hours_per_week, p.ends_on - p.starts_on) for p in plan.phases.all()] == [
        (1, Decimal("10.0"), timedelta(days=6)),
        (2, Decimal("20.0"), timedelta(days=6)),
        (3, Decimal("30.0"), timedelta(days=6)),
        (4, Decimal("40.0"), timedelta(days=6)),
    ]
    assert plan.phases.all()[3].starts_on == plan.starts_on + timedelta(weeks=3)


# --- Phase rules: each valid and invalid ------------------------------------------------------


@pytest.mark.django_db
def test_rising_contiguous_phases_are_saved(as_user, vsw, plan):
    response = as_user(vsw).post(f"/plans/{plan.code}/phases/", phase_rows(weeks(plan, 10, 20, 40)))
    assert response.status_code == 302
    assert list(plan.phases.values_list("hours_per_week", flat=True)) == [10, 20, 40]


def _assert_phase_error(response, plan, field_prefix, message):
    """The message names its phase by the number on the page, by the field and in the summary."""
    number = int(field_prefix.split("-")[1]) + 1
    assert response.status_code == 200
    assert field_errors(response, field_prefix) == [f"Phase {number}: {message}"]
    assert f"Phase {number}: {message}" in error_summary(response)
    assert Phase.objects.filter(plan=plan).count() == 0


@pytest.mark.django_db
def test_overlapping_phases_are_refused(as_user, vsw, plan):
    rows = weeks(plan, 10, 20)
    rows[1] = (rows[0][1], rows[1][1], 20, False)  # starts on the day phase 1 ends
    response = as_user(vsw).post(f"/plans/{plan.code}/phases/", phase_rows(rows))
    _assert_phase_error(
        response,
        plan,
        "id_phases-1-starts_on",
        "This phase overlaps the one before: start it the day after the previous phase ends",
    )


@pytest.mark.django_db
def test_a_gap_between_phases_is_refused(as_user, vsw, plan):
    rows = weeks(plan, 10, 20)
    rows[1] = (rows[1][0] + timedelta(days=2), rows[1][1] + timedelta(days=2), 20, False)
    response = as_user(vsw).post(f"/plans/{plan.code}/phases/", phase_rows(rows))
    _assert_phase_error(
        response,
        plan,
        "id_phases-1-starts_on",
        "Leave no gap: start this phase the day after the previous phase ends",
    )


@pytest.mark.django_db
def test_hours_above_contracted_are_refused(as_user, vsw, plan):
    response = as_user(vsw).post(f"/plans/{plan.code}/phases/", phase_rows(weeks(plan, 10, 41)))
    _assert_phase_error(
        response,
        plan,
        "id_phases-1-hours_per_week",
        "Planned hours cannot be more than the contracted 40.0 hours",
    )


@pytest.mark.django_db
def test_hours_equal_to_contracted_are_allowed(as_user, vsw, plan):
    response = as_user(vsw).post(f"/plans/{plan.code}/phases/", phase_rows(weeks(plan, 40)))
    assert response.status_code == 302


@pytest.mark.django_db
def test_zero_hours_are_refused(as_user, vsw, plan):
    response = as_user(vsw).post(f"/plans/{plan.code}/phases/", phase_rows(weeks(plan, 0)))
    _assert_phase_error(
        response, plan, "id_phases-0-hours_per_week", "Planned hours must be more than 0"
    )


@pytest.mark.django_db
def test_a_fall_in_hours_must_be_a_labelled_step_back(as_user, vsw, plan):
    response = as_user(vsw).post(f"/plans/{plan.code}/phases/", phase_rows(weeks(plan, 20, 10)))
    _assert_phase_error(
        response,
        plan,
        "id_phases-1-hours_per_week",
        "Hours fall here: mark this phase as a step back, or plan the same or more hours",
    )


@pytest.mark.django_db
def test_a_labelled_step_back_is_allowed_and_shown(as_user, vsw, plan):
    client = as_user(vsw)
    response = client.post(
        f"/plans/{plan.code}/phases/", phase_rows(weeks(plan, 20, 10, 20, step_back_at=(1,)))
    )
    assert response.status_code == 302
    assert list(plan.phases.values_list("is_step_back", flat=True)) == [False, True, False]
    assert "2 Step back" in page_text(client.get(f"/plans/{plan.code}/"))


@pytest.mark.django_db
def test_phase_end_before_start_is_refused(as_user, vsw, plan):
    rows = [(plan.starts_on, plan.starts_on - timedelta(days=1), 10, False)]
    response = as_user(vsw).post(f"/plans/{plan.code}/phases/", phase_rows(rows))
    _assert_phase_error(
        response, plan, "id_phases-0-ends_on", "The end of the phase must be on or after its start"
    )


@pytest.mark.django_db
def test_no_phases_at_all_is_refused(as_user, vsw, plan):
    response = as_user(vsw).post(f"/plans/{plan.code}/phases/", phase_rows([]))
    assert "Add at least one phase" in error_summary(response)


# --- Adjustments, relapse prevention ----------------------------------------------------------


@pytest.mark.django_db
def test_adjustments_are_added_with_employer_visibility(as_user, vsw, plan):
    client = as_user(vsw)
    client.post(
        f"/plans/{plan.code}/adjustments/new/",
        {
            "category": "QUIET_WORKSPACE",
            "description": "Desk away from the call floor",
            "visible_to_employer": "on",
        },
    )
    client.post(
        f"/plans/{plan.code}/adjustments/new/",
        {"category": "OTHER", "description": "Counselling on Thursdays"},
    )
    assert list(plan.adjustments.values_list("category", "visible_to_employer")) == [
        ("QUIET_WORKSPACE", True),
        ("OTHER", False),
    ]


@pytest.mark.django_db
def test_adjustment_without_description_is_refused(as_user, vsw, plan):
    response = as_user(vsw).post(
        f"/plans/{plan.code}/adjustments/new/", {"category": "EQUIPMENT", "description": ""}
    )
    assert "Describe the adjustment" in error_summary(response)
    assert "Describe the adjustment" in field_errors(response, "id_description")


@pytest.mark.django_db
def test_relapse_prevention_agreement_with_actions(as_user, vsw, case):
    plan = f.PlanFactory(case=case)
    from plans.models import RelapsePrevention

    RelapsePrevention.objects.create(plan=plan, warning_signs="")
    response = as_user(vsw).post(
        f"/plans/{plan.code}/relapse/",
        {
            "relapse-warning_signs": "Sleeping worse\nSnapping at colleagues",
            "relapse-normalisation": "A dip is a signal to adjust, not a failure.",
            "relapse-contacts": "Priya (VSW) 0113 496 0000",
            **date_fields("relapse-review_on", None),
            "actions-TOTAL_FORMS": "2",
            "actions-INITIAL_FORMS": "0",
            "actions-MIN_NUM_FORMS": "0",
            "actions-MAX_NUM_FORMS": "20",
            "actions-0-kind": "STEP_BACK",
            "actions-0-detail": "Back to 20 hours for a week",
            "actions-0-owner": "EMPLOYER",
            "actions-1-kind": "CONTACT_GP",
            "actions-1-owner": "WORKER",
        },
    )
    assert response.status_code == 302
    plan.relapse.refresh_from_db()
    assert plan.relapse.warning_sign_list() == ["Sleeping worse", "Snapping at colleagues"]
    assert list(plan.relapse.actions.values_list("kind", "owner")) == [
        ("STEP_BACK", "EMPLOYER"),
        ("CONTACT_GP", "WORKER"),
    ]


@pytest.mark.django_db
def test_action_without_owner_is_refused(as_user, vsw, plan):
    from plans.models import RelapsePrevention

    RelapsePrevention.objects.create(plan=plan, warning_signs="")
    response = as_user(vsw).post(
        f"/plans/{plan.code}/relapse/",
        {
            "relapse-warning_signs": "Sleeping worse",
            "relapse-normalisation": "A dip is normal.",
            **date_fields("relapse-review_on", None),
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-MIN_NUM_FORMS": "0",
            "actions-MAX_NUM_FORMS": "20",
            "actions-0-kind": "ROUTINE_TASKS",
            "actions-0-owner": "",
        },
    )
    assert "Action 1: Select who acts" in error_summary(response)
    assert "Select who acts" in field_errors(response, "id_actions-0-owner")


# --- Milestones and reviews -------------------------------------------------------------------


@pytest.mark.django_db
def test_default_milestones_and_reviews_come_from_the_phases(as_user, vsw, plan):
    f.add_graded_phases(plan, hours=(10, 20, 30, 40))
    as_user(vsw).post(f"/plans/{plan.code}/milestones/")
    full = plan.starts_on + timedelta(weeks=3)
    assert list(Milestone.objects.values_list("title", "target_on")) == [
        ("First day back", plan.starts_on),
        ("End of phase 1 (10.0 hours a week)", plan.starts_on + timedelta(days=6)),
        ("End of phase 2 (20.0 hours a week)", plan.starts_on + timedelta(days=13)),
        ("End of phase 3 (30.0 hours a week)", plan.starts_on + timedelta(days=20)),
        ("Full contracted hours", full),
        ("End of phase 4 (40.0 hours a week)", plan.starts_on + timedelta(days=27)),
        ("Return sustained for 4 weeks", full + timedelta(weeks=4)),
        ("Return sustained for 13 weeks", full + timedelta(weeks=13)),
        ("Return sustained for 26 weeks", full + timedelta(weeks=26)),
    ]
    assert list(Review.objects.values_list("due_on", flat=True)) == [
        plan.starts_on + timedelta(days=14)
    ]
    # Running it again adds nothing.
    as_user(vsw).post(f"/plans/{plan.code}/milestones/")
    assert Milestone.objects.count() == 9


@pytest.mark.django_db
def test_overdue_milestone_is_obvious_on_the_plan_and_counts_on_the_worklist(as_user, vsw, plan):
    today = timezone.localdate()
    Milestone.objects.create(
        case=plan.case, title="First day back", target_on=today - timedelta(days=2)
    )
    client = as_user(vsw)
    assert "First day back" in page_text(client.get(f"/plans/{plan.code}/"))
    assert "Overdue" in page_text(client.get(f"/plans/{plan.code}/"))
    worklist = page_text(client.get("/cases/"))
    assert "Draft 1 milestone overdue" in worklist
    assert "1 overdue" in worklist
    assert "Jamie Clarke" in page_text(client.get("/cases/?due=overdue"))


@pytest.mark.django_db
def test_marking_a_milestone_achieved(as_user, vsw, plan):
    today = timezone.localdate()
    milestone = Milestone.objects.create(case=plan.case, title="First day back", target_on=today)
    as_user(vsw).post(
        f"/plans/milestones/{milestone.code}/",
        {"status": "ACHIEVED", **date_fields("achieved_on", today)},
    )
    milestone.refresh_from_db()
    assert (milestone.status, milestone.achieved_on) == ("ACHIEVED", today)


@pytest.mark.django_db
def test_achieved_milestone_needs_a_date(as_user, vsw, plan):
    milestone = Milestone.objects.create(
        case=plan.case, title="Day one", target_on=timezone.localdate()
    )
    response = as_user(vsw).post(
        f"/plans/milestones/{milestone.code}/",
        {"status": "ACHIEVED", **date_fields("achieved_on", None)},
    )
    assert "Enter the date it was achieved" in error_summary(response)


@pytest.mark.django_db
def test_recording_a_review(as_user, vsw, plan):
    today = timezone.localdate()
    review = Review.objects.create(case=plan.case, due_on=today)
    as_user(vsw).post(
        f"/plans/reviews/{review.code}/",
        {
            **date_fields("held_on", today),
            "attendees": "Jamie, Sarah (HR), Priya (VSW)",
            "outcome": "STEP_UP",
            "notes": "Going well; move to phase 3.",
        },
    )
    review.refresh_from_db()
    assert (review.held_on, review.outcome, review.attendees) == (
        today,
        "STEP_UP",
        "Jamie, Sarah (HR), Priya (VSW)",
    )


@pytest.mark.django_db
def test_other_teams_vsw_cannot_touch_milestones_or_reviews(as_user, vsw_other_team, plan):
    milestone = Milestone.objects.create(
        case=plan.case, title="Day one", target_on=timezone.localdate()
    )
    review = Review.objects.create(case=plan.case, due_on=timezone.localdate())
    client = as_user(vsw_other_team)
    assert client.get(f"/plans/milestones/{milestone.code}/").status_code == 404
    assert client.get(f"/plans/reviews/{review.code}/").status_code == 404


# --- Warnings against the fit note ------------------------------------------------------------


@pytest.mark.django_db
def test_work_while_not_fit_is_warned_not_blocked(as_user, vsw, plan):
    f.FitNoteFactory(
        case=plan.case,
        fitness="NOT_FIT",
        phased_return=False,
        starts_on=plan.starts_on - timedelta(days=3),
        assessed_on=plan.starts_on - timedelta(days=10),
        issued_on=plan.starts_on - timedelta(days=10),
        ends_on=plan.starts_on + timedelta(days=30),
    )
    f.add_graded_phases(plan, hours=(10, 40))
    text = page_text(as_user(vsw).get(f"/plans/{plan.code}/"))
    assert "Phase 1 schedules work from" in text
    assert "while the fit note says not fit for work" in text


@pytest.mark.django_db
def test_reduced_hours_without_phased_return_or_altered_hours_is_warned(as_user, vsw, plan):
    f.FitNoteFactory(
        case=plan.case,
        fitness="MAY_BE_FIT",
        phased_return=False,
        amended_duties=True,
        starts_on=timezone.localdate() - timedelta(days=3),
        ends_on=plan.expected_end_on + timedelta(days=10),
    )
    f.add_graded_phases(plan, hours=(10, 40))
    text = page_text(as_user(vsw).get(f"/plans/{plan.code}/"))
    assert (
        "Phase 1 plans reduced hours but the fit note ticks neither a phased return nor "
        "altered hours."
    ) in text
    assert "Phase 2 plans reduced hours" not in text


@pytest.mark.django_db
def test_plan_that_matches_the_fit_note_has_no_warnings(as_user, vsw, plan):
    f.FitNoteFactory(
        case=plan.case,
        fitness="MAY_BE_FIT",
        phased_return=True,
        starts_on=timezone.localdate() - timedelta(days=3),
        ends_on=plan.expected_end_on + timedelta(days=10),
    )
    f.add_graded_phases(plan, hours=(10, 40))
    assert "govuk-warning-text" not in as_user(vsw).get(f"/plans/{plan.code}/").content.decode()


@pytest.mark.django_db
def test_plan_running_past_the_fit_note_is_warned(as_user, vsw, plan):
    f.FitNoteFactory(
        case=plan.case,
        needs_reassessment=False,
        starts_on=timezone.localdate() - timedelta(days=3),
        ends_on=plan.expected_end_on - timedelta(days=5),
    )
    text = page_text(as_user(vsw).get(f"/plans/{plan.code}/"))
    assert "past the fit note's end" in text
    assert "the issuer does not plan to reassess" in text


# --- Sign-off and versions --------------------------------------------------------------------


@pytest.fixture
def proposed(plan, vsw, employer, case):
    f.add_graded_phases(plan, hours=(10, 20, 40))
    f.SharingConsentFactory(worker=case.worker, recipient="EMPLOYER", item="PLAN", granted_by=vsw)
    plan.status = PlanStatus.PROPOSED
    plan.save()
    return plan


@pytest.mark.django_db
def test_draft_without_phases_cannot_be_proposed(as_user, vsw, plan):
    response = as_user(vsw).post(f"/plans/{plan.code}/status/propose/", follow=True)
    assert "Add at least one phase before proposing the plan." in page_text(response)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


@pytest.mark.django_db
def test_agreed_only_when_worker_and_employer_signed_the_same_version(
    as_user, vsw, employer, worker, proposed
):
    as_user(vsw).post(f"/plans/{proposed.code}/sign/VSW/")
    as_user(vsw).post(f"/plans/{proposed.code}/sign/WORKER/", {"method": "IN_PERSON"})
    proposed.refresh_from_db()
    assert proposed.status == PlanStatus.PROPOSED

    response = as_user(employer).post(f"/plans/{proposed.code}/employer-sign/")
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == PlanStatus.AGREED
    assert sorted(proposed.signoffs.values_list("party", "signed_by")) == [
        ("EMPLOYER", employer.pk),
        ("VSW", vsw.pk),
        ("WORKER", worker.pk),
    ]


@pytest.mark.django_db
def test_change_after_a_signature_makes_a_new_version_and_keeps_the_old(
    as_user, vsw, employer, proposed
):
    as_user(employer).post(f"/plans/{proposed.code}/employer-sign/")
    response = as_user(vsw).post(
        f"/plans/{proposed.code}/adjustments/new/",
        {
            "category": "EXTRA_BREAKS",
            "description": "Ten minutes every two hours",
            "visible_to_employer": "on",
        },
    )

    new = Plan.objects.get(superseded_at__isnull=True)
    old = Plan.objects.get(pk=proposed.pk)
    assert response["Location"] == f"/plans/{new.code}/"
    assert (old.version, new.version, new.status) == (1, 2, PlanStatus.DRAFT)
    assert list(old.signoffs.values_list("party", flat=True)) == ["EMPLOYER"]
    assert new.signoffs.count() == 0
    assert old.adjustments.count() == 0
    assert list(new.adjustments.values_list("description", flat=True)) == [
        "Ten minutes every two hours"
    ]
    assert list(new.phases.values_list("hours_per_week", flat=True)) == [10, 20, 40]
    old_page = page_text(as_user(vsw).get(f"/plans/{old.code}/"))
    assert "This is an earlier version, kept with its signatures." in old_page
    assert "Employer: Sarah Lee" in old_page


@pytest.mark.django_db
def test_an_old_version_cannot_be_signed_or_edited(as_user, vsw, employer, proposed):
    as_user(employer).post(f"/plans/{proposed.code}/employer-sign/")
    as_user(vsw).post(
        f"/plans/{proposed.code}/adjustments/new/",
        {"category": "EQUIPMENT", "description": "Headset"},
    )
    as_user(vsw).post(f"/plans/{proposed.code}/sign/WORKER/", {"method": "IN_PERSON"})
    assert SignOff.objects.filter(plan=proposed, party="WORKER").count() == 0
    response = as_user(vsw).get(f"/plans/{proposed.code}/phases/")
    assert response.status_code == 302


@pytest.mark.django_db
def test_unsigned_proposal_is_edited_in_place_and_returns_to_draft(as_user, vsw, proposed):
    as_user(vsw).post(
        f"/plans/{proposed.code}/adjustments/new/",
        {"category": "EQUIPMENT", "description": "Headset"},
    )
    proposed.refresh_from_db()
    assert (Plan.objects.count(), proposed.status) == (1, PlanStatus.DRAFT)


@pytest.mark.django_db
def test_employer_cannot_sign_without_the_plan_released(as_user, vsw, employer, plan):
    f.add_graded_phases(plan)
    plan.status = PlanStatus.PROPOSED
    plan.save()
    response = as_user(employer).post(f"/plans/{plan.code}/employer-sign/")
    assert response.status_code == 404  # as if there were no plan (no existence oracle)
    assert SignOff.objects.count() == 0


@pytest.mark.django_db
def test_other_employer_gets_404_on_the_plan(as_user, other_employer, proposed):
    client = as_user(other_employer)
    assert client.get(f"/plans/{proposed.code}/copy/employer/").status_code == 404
    assert client.post(f"/plans/{proposed.code}/employer-sign/").status_code == 404


@pytest.mark.django_db
def test_plan_lifecycle_agreed_active_completed(as_user, vsw, employer, proposed):
    client = as_user(vsw)
    client.post(f"/plans/{proposed.code}/sign/WORKER/", {"method": "IN_PERSON"})
    as_user(employer).post(f"/plans/{proposed.code}/employer-sign/")
    for change, status in [
        ("activate", "ACTIVE"),
        ("pause", "PAUSED"),
        ("resume", "ACTIVE"),
        ("complete", "COMPLETED"),
    ]:
        client.post(f"/plans/{proposed.code}/status/{change}/")
        proposed.refresh_from_db()
        assert proposed.status == status


# --- What the employer and the clinician see --------------------------------------------------


@pytest.fixture
def full_plan(proposed, case, vsw):
    f.FitNoteFactory(case=case, condition="Recurrent depressive disorder")
    f.AdjustmentFactory(plan=proposed, description="Desk by the window")
    f.AdjustmentFactory(
        plan=proposed,
        category="OTHER",
        visible_to_employer=False,
        description="Private counselling on Thursdays",
    )
    relapse = f.RelapsePreventionFactory(plan=proposed, warning_signs="Sleeping worse")
    f.AgreedActionFactory(
        relapse=relapse, kind="STEP_BACK", owner="EMPLOYER", detail="Drop to 20 hours for a week"
    )
    f.AgreedActionFactory(
        relapse=relapse, kind="CONTACT_GP", owner="WORKER", detail="Book a GP appointment"
    )
    return proposed


@pytest.mark.django_db
def test_employer_page_shows_only_what_is_released(as_user, vsw, employer, full_plan, case):
    text = page_text(as_user(employer).get(f"/plans/{full_plan.code}/copy/employer/"))
    assert "Desk by the window" in text
    assert "10.0" in text
    for secret in (
        "Private counselling",
        "Recurrent depressive disorder",
        "Sleeping worse",
        "Drop to 20 hours",
        "Book a GP appointment",
    ):
        assert secret not in text

    f.SharingConsentFactory(
        worker=case.worker, recipient="EMPLOYER", item="RELAPSE_ACTIONS", granted_by=vsw
    )
    text = page_text(as_user(employer).get(f"/plans/{full_plan.code}/copy/employer/"))
    assert "Drop to 20 hours for a week" in text
    assert "Book a GP appointment" not in text
    assert "Sleeping worse" not in text


@pytest.mark.django_db
def test_clinician_summary_has_no_relapse_details(as_user, clinician, full_plan, case, vsw):
    f.SharingConsentFactory(worker=case.worker, recipient="GP", item="PLAN", granted_by=vsw)
    text = page_text(as_user(clinician).get(f"/plans/{full_plan.code}/copy/clinician/"))
    assert "Desk by the window" in text
    assert "Sleeping worse" not in text
    assert "Drop to 20 hours" not in text


@pytest.mark.django_db
def test_worker_sees_their_whole_plan(as_user, worker, full_plan):
    text = page_text(as_user(worker).get(f"/plans/{full_plan.code}/copy/worker/"))
    for item in ("Private counselling on Thursdays", "Sleeping worse", "Book a GP appointment"):
        assert item in text


@pytest.mark.django_db
def test_roles_cannot_open_other_audiences_copies(as_user, employer, clinician, full_plan):
    assert as_user(employer).get(f"/plans/{full_plan.code}/copy/worker/").status_code == 404
    assert as_user(clinician).get(f"/plans/{full_plan.code}/copy/employer/").status_code == 404


@pytest.mark.django_db
def test_other_practice_clinician_gets_404(as_user, other_clinician, full_plan):
    response = as_user(other_clinician).get(f"/plans/{full_plan.code}/copy/clinician/")
    assert response.status_code == 404


# --- Query counts -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
def test_plan_page_query_count_does_not_grow_with_phases_and_milestones(
    as_user, vsw, plan, rows, django_assert_num_queries
):
    hours = [Decimal(min(40, 2 * (i + 1))) for i in range(rows)]
    f.add_graded_phases(plan, hours=hours)
    for i in range(rows):
        Milestone.objects.create(
            case=plan.case, title=f"M{i}", target_on=plan.starts_on + timedelta(days=i)
        )
        f.AdjustmentFactory(plan=plan, description=f"A{i}")
    client = as_user(vsw)
    # session, user, second-factor device, savepoint, plan (fetch helper), audit insert, plan
    # with its case, relapse agreement and every list as JSON (phases, adjustments, agreed
    # actions, fit notes, consents, check-ins, milestones, reviews, versions: plans/loading.py),
    # signoffs, release
    with django_assert_num_queries(9):
        response = client.get(f"/plans/{plan.code}/")
    assert page_text(response).count("A") >= rows
    assert len(plan.phases.all()) == rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
def test_employer_copy_query_count_does_not_grow(
    as_user, vsw, employer, proposed, rows, django_assert_num_queries
):
    for i in range(rows):
        f.AdjustmentFactory(plan=proposed, description=f"Adjustment {i}")
    client = as_user(employer)
    # session, user, savepoint, plan, involvement and consents (permission), audit insert, plan
    # with its case and every list as JSON (plans/loading.py), signoffs, release
    with django_assert_num_queries(10):
        response = client.get(f"/plans/{proposed.code}/copy/employer/")
    assert page_text(response).count("Adjustment ") == rows


def test_graded_schedule_helper():
    from plans.actions import graded_schedule

    steps = graded_schedule(
        starts_on=date(2026, 1, 5), contracted_hours=Decimal("37.5"), weeks=4, start_percent=25
    )
    assert [s["hours_per_week"] for s in steps] == [
        Decimal("9.5"),
        Decimal("19.0"),
        Decimal("28.0"),
        Decimal("37.5"),
    ]
    assert steps[-1]["ends_on"] == date(2026, 2, 1)


@pytest.mark.django_db
def test_removing_an_adjustment_by_its_code(as_user, vsw, plan):
    keep = f.AdjustmentFactory(plan=plan, description="Desk by the window")
    gone = f.AdjustmentFactory(plan=plan, description="Headset")
    response = as_user(vsw).post(f"/plans/{plan.code}/adjustments/{gone.code}/remove/")
    assert response.status_code == 302
    assert list(plan.adjustments.values_list("code", flat=True)) == [keep.code]


@pytest.mark.django_db
def test_removing_an_adjustment_from_a_signed_version_removes_it_from_the_next(
    as_user, vsw, employer, proposed
):
    keep = f.AdjustmentFactory(plan=proposed, description="Desk by the window")
    gone = f.AdjustmentFactory(plan=proposed, description="Headset")
    as_user(employer).post(f"/plans/{proposed.code}/employer-sign/")
    as_user(vsw).post(f"/plans/{proposed.code}/adjustments/{gone.code}/remove/")
    new = Plan.objects.get(superseded_at__isnull=True)
    assert new.version == 2
    assert list(new.adjustments.values_list("description", flat=True)) == ["Desk by the window"]
    assert sorted(proposed.adjustments.values_list("code", flat=True)) == sorted(
        [keep.code, gone.code]
    )
    assert not set(new.adjustments.values_list("code", flat=True)) & {keep.code, gone.code}


# --- Phases in one sitting --------------------------------------------------------------------


@pytest.mark.django_db
def test_add_another_phase_without_javascript_keeps_every_value_and_saves_nothing(
    as_user, vsw, plan
):
    rows = phase_rows(weeks(plan, 10, 20))
    response = as_user(vsw).post(f"/plans/{plan.code}/phases/", {**rows, "add_phase": "1"})
    assert response.status_code == 200
    assert error_summary(response) == []
    text = response.content.decode()
    assert [f'name="phases-{i}-hours_per_week"' in text for i in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert 'name="phases-TOTAL_FORMS" value="3"' in text
    assert f'name="phases-1-starts_on_0" value="{rows["phases-1-starts_on_0"]}"' in text
    assert 'name="phases-1-hours_per_week" value="20"' in text
    legend = '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Phase 3</legend>'
    assert legend in text
    assert Phase.objects.filter(plan=plan).count() == 0


@pytest.mark.django_db
def test_three_phases_are_saved_in_one_submit(as_user, vsw, plan):
    response = as_user(vsw).post(f"/plans/{plan.code}/phases/", phase_rows(weeks(plan, 10, 20, 30)))
    assert response.status_code == 302
    assert list(plan.phases.values_list("order", "hours_per_week")) == [
        (1, Decimal("10")),
        (2, Decimal("20")),
        (3, Decimal("30")),
    ]


@pytest.mark.django_db
def test_phases_page_offers_the_graded_schedule_and_names_the_worker(as_user, vsw, plan):
    response = as_user(vsw).get(f"/plans/{plan.code}/phases/")
    text = response.content.decode()
    name = plan.case.worker.full_name
    assert f"<title>Phases of the plan — {name} – Return to work</title>" in text
    assert f'href="/plans/{plan.code}/schedule/"' in text
    # A plan with no phases yet opens on one blank phase.
    assert 'name="phases-TOTAL_FORMS" value="1"' in text
